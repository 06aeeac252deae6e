// The rule tester: tables of valid and invalid manifests with expected positions and fixed output, as node:test cases.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { Fix, Rule, TextEdit } from "./api.js";
import { isCreate } from "./api.js";
import { DEFAULT_CONFIG, mergeConfig, type KubereadyConfig } from "./config.js";
import { analyzeFiles, SYNTAX_RULE, type Finding } from "./engine.js";
import { applyTextEdits } from "./model/edit.js";
import { overlaps } from "./fixall.js";

export interface ExpectedFinding {
  /** 1-based, as the CLI prints them. */
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  message?: RegExp | string;
  severity?: "error" | "warning" | "info";
}

export interface CaseBase {
  name: string;
  yaml: string;
  /** Other files in scope (cross-object rules): uri -> text. */
  files?: Record<string, string>;
  /** Partial configuration overlaid on the defaults (same shape as .kubeready.yaml). */
  config?: Record<string, unknown>;
  /** Namespace for objects that name none (as kustomization.yaml would set). */
  defaultNamespace?: string;
}
export interface InvalidCase extends CaseBase {
  findings: ExpectedFinding[];
  /** Text after applying the first fix of every finding of this rule (one at a time, re-checking in between). */
  output?: string;
  /** Title of the fix to apply when a finding offers several (default: the first). */
  fixTitle?: RegExp;
}

export const TEST_URI = "file:///test/manifest.yaml";

/**
 * A rule folder's fixtures for its test (`const fixture = fixturesOf(import.meta.url)`): `fixture("invalid")` reads
 * fixtures/invalid.yaml; `fixture.valid()` and `fixture.invalid(findings)` are the cases every rule test starts with.
 * (Test support: the only file reading in rules/, and only from tests.)
 */
export function fixturesOf(testUrl: string) {
  const read = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, testUrl), "utf8");
  return Object.assign(read, {
    valid: (): CaseBase => ({ name: "fixtures/valid.yaml", yaml: read("valid") }),
    /** `note` follows the file name in the case's name (`fixtures/invalid.yaml: the fix sets 2`). */
    invalid: (findings: ExpectedFinding[], more: Omit<Partial<InvalidCase>, "name" | "yaml" | "findings"> & { note?: string } = {}): InvalidCase => {
      const { note, ...rest } = more;
      return { name: `fixtures/invalid.yaml${note ? `: ${note}` : ""}`, yaml: read("invalid"), findings, ...rest };
    },
  });
}

/** A Pod named `p` (or `name`) with `spec` as its spec's lines (indented two spaces). */
export function podYaml(spec: string, name = "p"): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${spec}`;
}

/** A privileged DaemonSet in namespace monitoring (node-agent shapes): `extra` goes before `containers:` in the pod spec. */
export function daemonSetYaml(name: string, image: string, extra: string, volumes: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: monitoring}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${extra}      containers:
        - name: ${name}
          image: ${image}
          securityContext: {privileged: true}
      volumes:
${volumes}`;
}

/** An RBAC object (Role, ClusterRole, RoleBinding, ClusterRoleBinding) with `body` after its metadata. */
export function rbacYaml(kind: "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding", name: string, body: string, namespace?: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ""}}\n${body}`;
}

function configOf(c: CaseBase): KubereadyConfig {
  return c.config ? mergeConfig(DEFAULT_CONFIG, c.config).config : DEFAULT_CONFIG;
}

/** The configuration with `rule` on at its default severity when it is off by default and the case does not set it. */
export function enabled(config: KubereadyConfig, rule: Rule): KubereadyConfig {
  if (rule.meta.enabledByDefault !== false || config.rules[rule.meta.id] !== undefined) return config;
  return { ...config, rules: { ...config.rules, [rule.meta.id]: rule.meta.defaultSeverity } };
}

/** Runs the rule (with the full registry context) over a case; returns this rule's findings in the main file. */
export function findingsOf(rule: Rule, c: CaseBase, text = c.yaml): Finding[] {
  const files = [{ uri: TEST_URI, text, defaultNamespace: c.defaultNamespace }, ...Object.entries(c.files ?? {}).map(([uri, t]) => ({ uri, text: t }))];
  const { findings } = analyzeFiles(files, enabled(configOf(c), rule), [rule]);
  return findings.filter((f) => f.uri === TEST_URI && (f.rule === rule.meta.id || f.rule === SYNTAX_RULE));
}

/** Applies fixes one at a time until the rule is quiet (at most 20 rounds), as fix-all does. */
export function applyAllFixes(rule: Rule, c: CaseBase, pick?: RegExp): { text: string; applied: Fix[] } {
  let text = c.yaml;
  const applied: Fix[] = [];
  for (let round = 0; round < 20; round++) {
    const f = findingsOf(rule, c, text).find((x) => x.rule === rule.meta.id && x.fixable !== "none");
    if (!f) break;
    const fixes = (f.fixes?.() ?? []).filter((x) => !x.suppression);
    const fix = pick ? fixes.find((x) => pick.test(x.title)) ?? fixes[0] : fixes[0];
    if (!fix) break;
    const edits = fix.edits.filter((e): e is TextEdit => !isCreate(e) && e.uri === TEST_URI);
    if (edits.length === 0) break;
    // fix-all (rules/fixall.ts) skips a fix whose own edits overlap or insert at one spot (their order is undefined):
    // such a fix would be listed as fixable and never applied by `kubeready lint --fix`.
    for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) {
      if (overlaps(edits[i].range, edits[j].range)) throw new Error(`fix "${fix.title}" has edits that overlap or insert at one spot: fix-all skips it; write one edit (setFields)`);
    }
    text = applyTextEdits(text, edits);
    applied.push(fix);
  }
  return { text, applied };
}

function commentLines(text: string): string[] {
  return text.split("\n").filter((l) => /^\s*#/.test(l) || /\s#\s/.test(l)).map((l) => l.slice(l.indexOf("#")).trim());
}

export function testRule(rule: Rule, cases: { valid: CaseBase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = findingsOf(rule, c);
        assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${f.message}`), []);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const found = findingsOf(rule, c);
        assert.equal(found.filter((f) => f.rule === SYNTAX_RULE).length, 0, "the case must be valid YAML");
        assert.equal(found.length, c.findings.length, `expected ${c.findings.length} finding(s), got:\n${found.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join("\n")}`);
        c.findings.forEach((exp, i) => {
          const f = found[i];
          assert.equal(f.range.start.line + 1, exp.line, `finding ${i} line (${f.message})`);
          if (exp.column !== undefined) assert.equal(f.range.start.character + 1, exp.column, `finding ${i} column`);
          if (exp.endLine !== undefined) assert.equal(f.range.end.line + 1, exp.endLine, `finding ${i} end line`);
          if (exp.endColumn !== undefined) assert.equal(f.range.end.character + 1, exp.endColumn, `finding ${i} end column`);
          if (exp.severity) assert.equal(f.severity, exp.severity);
          if (typeof exp.message === "string") assert.equal(f.message, exp.message);
          else if (exp.message) assert.match(f.message, exp.message);
        });
        if (c.output !== undefined) {
          const { text } = applyAllFixes(rule, c, c.fixTitle);
          assert.equal(text, c.output);
          const after = findingsOf(rule, c, text);
          assert.deepEqual(after.map((f) => `${f.rule}: ${f.message}`), [], "fixed text must be clean and valid YAML");
          for (const comment of commentLines(c.yaml)) assert.ok(text.includes(comment), `comment lost: ${comment}`);
        }
      });
    }
  });
}
