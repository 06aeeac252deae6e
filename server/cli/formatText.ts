// `--format text`: findings grouped by file, each with a short code frame (values redacted, so a Secret's value never
// reaches a terminal or a CI log), related objects under it, and a closing summary (by severity, by rule, files,
// fixable count, time). `--statistics` prints one line per rule instead.
import type { Severity } from "../../rules/api.js";
import type { Finding } from "../../rules/engine.js";
import { batchFixOf } from "../../rules/model/placeholder.js";
import { compareRuleIds } from "../../rules/ruleIds.js";
import type { FailOn } from "./args.js";
import { relatedOf } from "./related.js";
import { positionOf, summarize, type LintResult } from "./result.js";

export interface TextStyle {
  color: boolean;
  /** The text of a file by its display path, for code frames; no frames when absent. */
  source?: (file: string) => string | undefined;
  /** Per-rule counts instead of each finding. */
  statistics?: boolean;
  /** Wall time of the run, for the summary. */
  elapsedMs?: number;
  /** Turns a rule id into a link (the docs base URL); the rule id alone when absent. */
  ruleLink?: (rule: string) => string | undefined;
  /** A line about fixes already applied (--fix), printed before the summary. */
  fixed?: string;
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

/** Messages are single lines in the engine; a stray newline must not break the layout. */
function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, " ");
}

// ---- code frames ------------------------------------------------------------------------------------------------

/** Keys whose values are structure, never secrets: shown as written. Everything else shows `key: …`. */
const SHOWN_KEYS = new Set([
  "apiVersion", "kind", "name", "namespace", "image", "imagePullPolicy", "type", "mountPath", "subPath", "containerPort",
  "port", "targetPort", "protocol", "cpu", "memory", "storage", "ephemeral-storage", "serviceAccountName", "restartPolicy",
  "schedule", "minAvailable", "maxUnavailable", "replicas", "minReplicas", "maxReplicas", "path", "secretName", "claimName",
  "app", "app.kubernetes.io/name", "app.kubernetes.io/component", "component", "tier", "role", "updateMode", "renewBefore",
  "duration", "level", "mode", "operator", "key", "effect", "issuerRef", "storageClassName", "hostPath", "drop", "add",
  "pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/enforce-version", "procMount", "appArmorProfile",
]);
const SENSITIVE_KEY = /pass|secret|token|cred|auth|private|cert|apikey|api_key|access|session|cookie|dsn|url|uri|conn/i;
const HARMLESS_VALUE = /^(true|false|null|~|-?\d+(\.\d+)?|\{\}|\[\]|[|>][-+0-9]*|&[\w-]+|\*[\w-]+)?\s*(#.*)?$/;

/** A source line with every value that might be secret replaced by `…` (keys, structure and comments stay). */
export function redactLine(line: string): string {
  if (/^\s*(#.*)?$/.test(line) || /^\s*(---|\.\.\.)\s*$/.test(line)) return line;
  const pair = /^(\s*(?:-\s+)*)("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?):(\s+|$)(.*)$/.exec(line);
  if (pair) {
    const [, lead, key, space, value] = pair;
    const bare = key.replace(/^["']|["']$/g, "");
    if (value === "" || HARMLESS_VALUE.test(value) && !SENSITIVE_KEY.test(bare)) return line;
    if (SHOWN_KEYS.has(bare) && !SENSITIVE_KEY.test(bare) && !/^[{[]/.test(value)) return line;
    return `${lead}${key}:${space}…`;
  }
  const item = /^(\s*-\s+)(.*)$/.exec(line);
  if (item) return HARMLESS_VALUE.test(item[2]) ? line : `${item[1]}…`;
  const indent = /^\s*/.exec(line)![0];
  return `${indent}…`;
}

function codeFrame(text: string, f: Finding, paint: ReturnType<typeof painter>): string[] {
  const lines = text.split("\n");
  const { start, end } = f.range;
  if (start.line >= lines.length) return [];
  const first = Math.max(0, start.line - 1), last = Math.min(lines.length - 1, start.line + 1);
  const width = String(last + 1).length;
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const raw = lines[i].replace(/\r$/, "").replace(/^\uFEFF/, "");
    const shown = redactLine(raw).replace(/\t/g, " ");
    const gutter = `${String(i + 1).padStart(width)} | `;
    out.push(i === start.line ? `  ${paint("bold", ">")} ${gutter}${shown}` : paint("dim", `    ${gutter}${shown}`));
    if (i === start.line) {
      const from = Math.min(start.character, shown.length);
      const to = end.line === start.line ? Math.min(Math.max(end.character, from + 1), shown.length) : shown.length;
      out.push(`    ${" ".repeat(width)} | ${" ".repeat(from)}${paint(SEVERITY_COLOR[f.severity], "^".repeat(Math.max(1, to - from)))}`);
    }
  }
  return out;
}

// ---- the report -------------------------------------------------------------------------------------------------

export function formatText(result: LintResult, failOn: FailOn, style: TextStyle): string {
  const paint = painter(style.color);
  const out: string[] = [];
  // On a colour terminal the rule id is a hyperlink (OSC 8) to its page under the docs base URL.
  const link = (rule: string) => {
    const url = style.color ? style.ruleLink?.(rule) : undefined;
    return url ? `\u001b]8;;${url}\u001b\\${rule}\u001b]8;;\u001b\\` : rule;
  };
  if (style.statistics) out.push(...statistics(result, paint));
  else {
    let current: string | undefined;
    let text: string | undefined;
    for (const { file, finding } of result.findings) {
      if (file !== current) {
        if (current !== undefined) out.push("");
        current = file;
        text = style.source?.(file);
        out.push(paint("underline", file));
      }
      const p = positionOf(finding);
      // A finding that stands for several rules (a grouped fix) names them all: each can be suppressed on its own.
      const rules = (finding as Finding & { rules?: string[] }).rules ?? [finding.rule];
      out.push(`  ${paint("dim", `${p.line}:${p.column}`.padEnd(7))} ${paint(SEVERITY_COLOR[finding.severity], finding.severity.padEnd(7))} ${oneLine(finding.message)}  ${paint("dim", rules.map(link).join(", "))}`);
      for (const r of relatedOf({ file, finding }, result.places)) {
        out.push(`    ${paint("dim", `↳ ${r.message ? `${oneLine(r.message)} ` : ""}(${r.file}:${r.line}:${r.column})`)}`);
      }
      if (text !== undefined) out.push(...codeFrame(text, finding, paint));
    }
  }
  const summary = summaryLines(result, failOn, style, paint);
  return `${out.length ? `${out.join("\n")}\n\n` : ""}${style.fixed ? style.fixed : ""}${summary}`;
}

function statistics(result: LintResult, paint: ReturnType<typeof painter>): string[] {
  const byRule = new Map<string, { n: number; severity: Severity; fixable: number }>();
  for (const { finding: f } of result.findings) {
    const s = byRule.get(f.rule) ?? { n: 0, severity: f.severity, fixable: 0 };
    s.n++;
    if (f.fixable === "safe") s.fixable++;
    byRule.set(f.rule, s);
  }
  const rows = [...byRule].sort((a, b) => b[1].n - a[1].n || compareRuleIds(a[0], b[0]));
  const width = Math.max(1, ...rows.map(([, s]) => String(s.n).length));
  return rows.map(([rule, s]) => `${String(s.n).padStart(width)}  ${paint(SEVERITY_COLOR[s.severity], s.severity.padEnd(7))} ${rule}${s.fixable ? paint("dim", `  (${s.fixable} fixable)`) : ""}`);
}

function summaryLines(result: LintResult, failOn: FailOn, style: TextStyle, paint: ReturnType<typeof painter>): string {
  const s = summarize(result, failOn);
  const files = plural(s.files, "file");
  const time = style.elapsedMs !== undefined ? ` (${(style.elapsedMs / 1000).toFixed(2)} s)` : "";
  if (s.findings === 0) return `${paint("green", `✔ no problems in ${files}`)}${time}\n`;
  const filesWith = new Set(result.findings.map((f) => f.file)).size;
  const counts = `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.infos, "info")}`;
  const colour: Paint = s.errors > 0 ? "red" : s.warnings > 0 ? "yellow" : "cyan";
  const lines = [paint(colour, paint("bold", `✖ ${plural(s.findings, "problem")} (${counts}) in ${filesWith} of ${files}`)) + time];
  if (!style.statistics) {
    const byRule = new Map<string, number>();
    for (const { finding } of result.findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
    const top = [...byRule].sort((a, b) => b[1] - a[1] || compareRuleIds(a[0], b[0]));
    const shown = top.slice(0, 8).map(([r, n]) => `${r} ${n}`).join(", ");
    lines.push(`  by rule: ${shown}${top.length > 8 ? `, and ${top.length - 8} more rules (--statistics lists all)` : ""}`);
  }
  const safe = result.findings.filter((f) => f.finding.fixable === "safe").length;
  // A fix that writes placeholders is never applied in a batch: it is counted apart, for a person.
  const unsafeFindings = result.findings.filter((f) => f.finding.fixable === "unsafe");
  const forPerson = unsafeFindings.filter((f) => { const b = batchFixOf(f.finding, true); return !!b && "leftForPerson" in b; }).length;
  const unsafe = unsafeFindings.length - forPerson;
  if (safe || unsafe || forPerson) {
    const parts = [];
    if (safe) parts.push(`${safe} fixable with --fix`);
    if (unsafe) parts.push(`${unsafe} more with --unsafe-fixes (review them: they can change what runs)`);
    if (forPerson) parts.push(`${forPerson} need${forPerson === 1 ? "s" : ""} a value only you know (quick fix in the editor)`);
    lines.push(`  ${parts.join("; ")}`);
  }
  if (s.filesWithSyntaxErrors > 0) {
    const n = s.filesWithSyntaxErrors;
    lines.push(`  ${plural(n, "file")} ${n === 1 ? "is" : "are"} not valid YAML (yaml/syntax); ${n === 1 ? "its" : "their"} valid documents were still checked`);
  }
  return `${lines.join("\n")}\n`;
}
