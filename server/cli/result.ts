// The outcome of one `kubeready lint` run, shared by the text, JSON and SARIF formats.
import type { Severity } from "../../rules/api.js";
import { SYNTAX_RULE, type Finding } from "../../rules/engine.js";
import { compareRuleIds } from "../../rules/ruleIds.js";
import type { FailOn } from "./args.js";

/** How standard input is named in the output. */
export const STDIN_NAME = "<stdin>";

export interface LintFinding {
  /** The file as users see it: relative to the working directory, '/'-separated ("<stdin>" for stdin). */
  file: string;
  finding: Finding;
}

export interface LintResult {
  /** Display paths of every analysed file. */
  files: string[];
  /** Sorted by file, line, column, rule. */
  findings: LintFinding[];
  /** How the run names files: its working directory and each file's display path (for related locations). */
  places?: { cwd: string; displayOf: ReadonlyMap<string, string> };
}

export interface Summary {
  files: number;
  findings: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Files with at least one yaml/syntax finding. */
  filesWithSyntaxErrors: number;
  failOn: FailOn;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "never" && RANK[severity] >= RANK[failOn];
}

export function summarize(result: LintResult, failOn: FailOn): Summary {
  const count = (s: Severity) => result.findings.filter((f) => f.finding.severity === s).length;
  const broken = new Set(result.findings.filter((f) => f.finding.rule === SYNTAX_RULE).map((f) => f.file));
  return {
    files: result.files.length,
    findings: result.findings.length,
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    filesWithSyntaxErrors: broken.size,
    failOn,
  };
}

export function exitCodeOf(result: LintResult, failOn: FailOn): 0 | 1 {
  return result.findings.some((f) => atOrAbove(f.finding.severity, failOn)) ? 1 : 0;
}

/** 1-based positions, as editors and CI systems print them. */
export function positionOf(f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 };
}

export function compareFindings(a: LintFinding, b: LintFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const ra = a.finding.range.start, rb = b.finding.range.start;
  return ra.line - rb.line || ra.character - rb.character || compareRuleIds(a.finding.rule, b.finding.rule);
}
