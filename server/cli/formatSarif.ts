// `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts as is (relative URIs on %SRCROOT%, stable fingerprints).
import { createHash } from "node:crypto";
import type { Severity } from "../../rules/api.js";
import { catalog, docsUrl, type CatalogEntry } from "./catalog.js";
import { relatedOf } from "./related.js";
import { positionOf, STDIN_NAME, type LintFinding, type LintResult } from "./result.js";
import { INFORMATION_URI, TOOL_NAME, VERSION } from "./version.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const FINGERPRINT_KEY = "kubereadyFindingHash/v1";
const SECURITY_FAMILIES = new Set(["pss", "hardening", "network", "secrets"]);

export type SarifLevel = "error" | "warning" | "note";
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === "info" ? "note" : severity;
}

/** "hardening/read-only-root-filesystem" -> "HardeningReadOnlyRootFilesystem": SARIF's human-readable rule name. */
function pascalName(id: string): string {
  return id.split(/[/-]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

function fullDescription(e: CatalogEntry): string {
  if (!e.meta) return e.description ?? e.title;
  const parts = [`${e.title}.`];
  if (e.meta.guide) parts.push(`Production-readiness guide: ${e.meta.guide}.`);
  const s = e.meta.sources;
  const same = [
    s?.psa && `Pod Security Admission ${s.psa}`,
    s?.kubeLinter?.length && `kube-linter ${s.kubeLinter.join(", ")}`,
    s?.polaris?.length && `Polaris ${s.polaris.join(", ")}`,
    s?.kubeScore?.length && `kube-score ${s.kubeScore.join(", ")}`,
  ].filter(Boolean);
  if (same.length) parts.push(`Equivalent checks: ${same.join("; ")}.`);
  return parts.join(" ");
}

function sarifRule(e: CatalogEntry) {
  const family = e.id.split("/")[0];
  const tags = ["kubernetes", family];
  if (SECURITY_FAMILIES.has(family)) tags.push("security");
  const properties: Record<string, unknown> = { tags };
  // GitHub rates alerts of rules tagged "security" by this number (CVSS-like, 0.0-10.0).
  if (tags.includes("security")) properties["security-severity"] = { error: "7.5", warning: "5.0", info: "2.0" }[e.defaultSeverity];
  const url = docsUrl(e.id);
  return {
    id: e.id,
    name: pascalName(e.id),
    shortDescription: { text: e.title },
    fullDescription: { text: fullDescription(e) },
    helpUri: url,
    help: { text: `${fullDescription(e)} Documentation: ${url}`, markdown: `${fullDescription(e)}\n\n[Documentation](${url})` },
    defaultConfiguration: { level: sarifLevel(e.defaultSeverity) },
    properties,
  };
}

/** Relative file paths as URI references: each segment percent-encoded, '/' kept. */
function uriOf(file: string): string {
  if (file === STDIN_NAME) return "stdin";
  return file.split("/").map(encodeURIComponent).join("/");
}

function fingerprint(parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

export function toSarif(result: LintResult) {
  const entries = catalog();
  const ruleIndex = new Map(entries.map((e, i) => [e.id, i]));
  const rules = entries.map(sarifRule);
  const seen = new Map<string, number>();
  const results = result.findings.map((lf) => {
    const { file, finding: f } = lf;
    let index = ruleIndex.get(f.rule);
    if (index === undefined) {
      // A finding of a rule outside the catalog (should not happen): describe it rather than emit a dangling index.
      index = rules.length;
      ruleIndex.set(f.rule, index);
      rules.push(sarifRule({ id: f.rule, title: f.rule, defaultSeverity: f.severity }));
    }
    const p = positionOf(f);
    const region = p.line === p.endLine && p.column === p.endColumn
      ? { startLine: p.line }
      : { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
    // Stable across edits that move the finding: rule, file and the engine's key (object + what in it), not the line.
    const base = [f.rule, file, f.key];
    const baseKey = base.join("\u0000");
    const n = seen.get(baseKey) ?? 0;
    seen.set(baseKey, n + 1);
    const o = f.object;
    return {
      ruleId: f.rule,
      ruleIndex: index,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [{
        physicalLocation: { artifactLocation: { uri: uriOf(file), uriBaseId: "%SRCROOT%" }, region },
        ...(o ? { logicalLocations: [{ name: o.name || "(unnamed)", fullyQualifiedName: `${o.kind}/${o.namespace}/${o.name}`, kind: "resource" }] } : {}),
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(n === 0 ? base : [...base, String(n)]) },
      ...relatedLocations(lf, result.places),
      // Several rules' findings shown as one: every rule id, for suppression in code scanning and for readers.
      ...(f.rules ? { properties: { rules: f.rules } } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0" as const,
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules } },
      columnKind: "utf16CodeUnits" as const,
      // What the run left out (test data, demos) is said in the report too, never only on stderr.
      ...(result.notes?.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: result.notes.map((text) => ({ level: "note" as const, message: { text } })) }] } : {}),
      results,
    }],
  };
}

/** SARIF relatedLocations (ids from 1; the message of each says what it is). */
function relatedLocations(lf: LintFinding, places: LintResult["places"]) {
  const list = relatedOf(lf, places);
  if (list.length === 0) return {};
  return {
    relatedLocations: list.map((r, i) => ({
      id: i + 1,
      physicalLocation: {
        artifactLocation: { uri: uriOf(r.file), uriBaseId: "%SRCROOT%" },
        region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
      },
      message: { text: r.message },
    })),
  };
}

export function formatSarif(result: LintResult): string {
  return `${JSON.stringify(toSarif(result), null, 2)}\n`;
}
