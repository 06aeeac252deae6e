// `--format json`: one object with the tool, its version, every finding (1-based positions) and a summary.
import type { FailOn } from "./args.js";
import { positionOf, summarize, type LintResult, type Summary } from "./result.js";
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
    findings: result.findings.map(({ file, finding: f }) => ({
      file,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      ...positionOf(f),
      object: f.object ? { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name } : null,
      fixable: f.fixable,
    })),
    summary: summarize(result, failOn),
  };
}

export function formatJson(result: LintResult, failOn: FailOn): string {
  return `${JSON.stringify(toJsonReport(result, failOn), null, 2)}\n`;
}
