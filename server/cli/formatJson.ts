// `--format json`: one object with the tool, its version, every finding (1-based positions) and a summary.
import type { FailOn } from "./args.js";
import { relatedOf, type RelatedOut } from "./related.js";
import { positionOf, summarize, type LintFinding, type LintResult, type Summary } from "./result.js";
import { TOOL_NAME, VERSION } from "./version.js";

export interface JsonFinding {
  file: string;
  rule: string;
  severity: "error" | "warning" | "info";
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** null for findings about the file itself (yaml/syntax, yaml/unreadable). */
  object: { apiVersion: string; kind: string; namespace: string; name: string } | null;
  /** The engine's fix safety: "safe" (runs in fix-all), "unsafe" (guesses a value) or "none". */
  fixable: "safe" | "unsafe" | "none";
  /** Every rule this finding stands for when several rules report one root cause (`rule` is the first); else absent. */
  rules?: string[];
  /** Other places that belong to this finding (the other containers, the other workloads of the namespace). */
  related?: RelatedOut[];
}

export interface JsonReport {
  tool: string;
  version: string;
  findings: JsonFinding[];
  summary: Summary;
}

export function toJsonReport(result: LintResult, failOn: FailOn): JsonReport {
  return {
    tool: TOOL_NAME,
    version: VERSION,
    findings: result.findings.map((lf) => toJsonFinding(lf, result.places)),
    summary: summarize(result, failOn),
  };
}

/** One finding of the report (a writer that streams the report makes them one at a time). */
export function toJsonFinding(lf: LintFinding, places: LintResult["places"]): JsonFinding {
  const { file, finding: f } = lf;
  const related = relatedOf(lf, places);
  return {
    file,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...positionOf(f),
    object: f.object ? { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name } : null,
    fixable: f.fixable,
    ...(f.rules ? { rules: f.rules } : {}),
    ...(related.length ? { related } : {}),
  };
}

export function formatJson(result: LintResult, failOn: FailOn): string {
  return `${JSON.stringify(toJsonReport(result, failOn), null, 2)}\n`;
}
