// `--format text`: `path:line:col  severity  message  rule`, grouped by file, and a summary line. No source excerpts,
// so a Secret's value can never reach a terminal or a CI log.
import type { Severity } from "../../rules/api.js";
import type { FailOn } from "./args.js";
import { positionOf, summarize, type LintResult } from "./result.js";

export interface TextStyle {
  color: boolean;
}

const CODES = { red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24] } as const;
type Paint = keyof typeof CODES;

function painter(color: boolean) {
  return (style: Paint, text: string) => (color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

const SEVERITY_COLOR: Record<Severity, Paint> = { error: "red", warning: "yellow", info: "cyan" };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Messages are single lines in the engine; a stray newline must not break the one-finding-per-line layout. */
function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, " ");
}

export function formatText(result: LintResult, failOn: FailOn, style: TextStyle): string {
  const paint = painter(style.color);
  const out: string[] = [];
  let group: string[] = [];
  let rows: { location: string; severity: Severity; message: string; rule: string }[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    // A loop, not Math.max(...rows): a file with 100k findings would overflow the call stack.
    let locWidth = 0, sevWidth = 0;
    for (const r of rows) { locWidth = Math.max(locWidth, r.location.length); sevWidth = Math.max(sevWidth, r.severity.length); }
    for (const r of rows) {
      group.push(`${r.location.padEnd(locWidth)}  ${paint(SEVERITY_COLOR[r.severity], r.severity.padEnd(sevWidth))}  ${r.message}  ${paint("dim", r.rule)}`);
    }
    out.push(group.join("\n"));
    group = [];
    rows = [];
  };
  let current: string | undefined;
  for (const { file, finding } of result.findings) {
    if (file !== current) { flush(); current = file; }
    const p = positionOf(finding);
    // A finding that stands for several rules names them all (each can be suppressed on its own).
    rows.push({ location: `${file}:${p.line}:${p.column}`, severity: finding.severity, message: oneLine(finding.message), rule: finding.rules ? finding.rules.join(", ") : finding.rule });
  }
  flush();

  const s = summarize(result, failOn);
  const files = plural(s.files, "file");
  let summary: string;
  if (s.findings === 0) summary = paint("green", `✔ no problems in ${files}`);
  else {
    const filesWith = new Set(result.findings.map((f) => f.file)).size;
    const counts = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "info")}`;
    const colour: Paint = s.errors > 0 ? "red" : s.warnings > 0 ? "yellow" : "cyan";
    summary = paint(colour, paint("bold", `✖ ${plural(s.findings, "problem")} (${counts}) in ${filesWith} of ${files}`));
    if (s.filesWithSyntaxErrors > 0) {
      const n = s.filesWithSyntaxErrors;
      summary += `\n  ${plural(n, "file")} ${n === 1 ? "is" : "are"} not valid YAML (yaml/syntax); ${n === 1 ? "its" : "their"} valid documents were still checked`;
    }
  }
  return `${out.length ? `${out.join("\n\n")}\n\n` : ""}${summary}\n`;
}
