// `--format text`: findings grouped by file, each with a short code frame (values redacted, so a Secret's value never
// reaches a terminal or a CI log), related objects under it, and a closing summary (by severity, by rule, files,
// fixable count, time). `--statistics` prints one line per rule instead.
import { styleText } from "node:util";
import { isCreate, type Severity } from "../../rules/api.js";
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
  /** The fixes this run applied (--fix: "safe", with --unsafe-fixes: "unsafe"); the summary then says what is left and why. */
  fixMode?: "safe" | "unsafe";
}

type Paint = "red" | "yellow" | "cyan" | "green" | "dim" | "bold" | "underline";

/** Colours by node:util styleText; whether to colour at all is decided once (color.ts: TTY, NO_COLOR, FORCE_COLOR). */
function painter(color: boolean) {
  return (style: Paint, text: string) => (color ? styleText(style, text, { validateStream: false }) : text);
}

/** Related locations printed under a finding; the rest are counted. */
const MAX_RELATED_SHOWN = 5;

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
  return redactLineMapped(line).text;
}

/** Whether a scalar written under `key` (undefined in a sequence without one) is shown as written. */
function shownValue(value: string, key: string | undefined): boolean {
  if (key !== undefined && SENSITIVE_KEY.test(key)) return false;
  return value === "" || HARMLESS_VALUE.test(value) || (key !== undefined && SHOWN_KEYS.has(key) && !/^[{[]/.test(value));
}

/**
 * `redactLine` with a map from each column of the source line to its column in the redacted line, so a code
 * frame's caret still points at the finding. Flow collections (`{name: c, securityContext: {privileged: true}}`)
 * keep their keys and structure and redact each value on its own, like block lines do.
 */
export function redactLineMapped(line: string): { text: string; column: (c: number) => number } {
  const same = { text: line, column: (c: number) => c };
  if (/^\s*(#.*)?$/.test(line) || /^\s*(---|\.\.\.)\s*$/.test(line)) return same;
  const pair = /^(\s*(?:-\s+)*)("[^"]*"|'[^']*'|(?!-\s)[^\s:#'"{[][^:#]*?):(\s+|$)(.*)$/.exec(line);
  if (pair) {
    const [, lead, key, space, value] = pair;
    const bare = key.replace(/^["']|["']$/g, "");
    const head = `${lead}${key}:${space}`;
    if (/^[{[]/.test(value) && !SENSITIVE_KEY.test(bare)) return flow(line, head.length, bare);
    if (shownValue(value, bare)) return same;
    return cut(line, head.length);
  }
  const item = /^(\s*-\s+)(.*)$/.exec(line);
  if (item) {
    if (/^[{[]/.test(item[2])) return flow(line, item[1].length, undefined);
    return HARMLESS_VALUE.test(item[2]) ? same : cut(line, item[1].length);
  }
  const indent = /^\s*/.exec(line)![0];
  if (/^[{[]/.test(line.slice(indent.length))) return flow(line, indent.length, undefined);
  return cut(line, indent.length);
}

/** The line up to `at`, then `…`; every column past `at` maps onto the ellipsis. */
function cut(line: string, at: number): { text: string; column: (c: number) => number } {
  return { text: `${line.slice(0, at)}…`, column: (c) => Math.min(c, at) };
}

/**
 * Redacts the flow collection that starts at `from`: brackets, commas, keys and comments stay; each scalar value
 * is kept or becomes `…` by the same test as a block value, under its own key (a sequence's items under the
 * key that holds the sequence, so `drop: [ALL]` stays readable). Unterminated collections (continued on the
 * next line) are redacted as far as they go.
 */
function flow(line: string, from: number, outerKey: string | undefined): { text: string; column: (c: number) => number } {
  const map: number[] = [];
  let out = line.slice(0, from);
  for (let c = 0; c < from; c++) map[c] = c;
  const stack: { seq: boolean; key: string | undefined }[] = [];
  let key: string | undefined = outerKey; // the key the next value belongs to
  let i = from;
  const copy = (to: number) => { for (; i < to; i++) { map[i] = out.length; out += line[i]; } };
  while (i < line.length) {
    const ch = line[i];
    if (ch === "#" && (i === 0 || /\s/.test(line[i - 1]))) { copy(line.length); break; }
    if (/\s/.test(ch) || ch === ",") { copy(i + 1); if (ch === "," && stack.length && !stack[stack.length - 1].seq) key = undefined; continue; }
    if (ch === "{" || ch === "[") { stack.push({ seq: ch === "[", key }); if (ch === "{") key = undefined; copy(i + 1); continue; }
    if (ch === "}" || ch === "]") { stack.pop(); key = stack.length ? (stack[stack.length - 1].seq ? stack[stack.length - 1].key : undefined) : undefined; copy(i + 1); continue; }
    // A scalar: quoted, or plain up to a flow indicator or ": ".
    let end = i;
    if (ch === '"' || ch === "'") {
      end = i + 1;
      while (end < line.length && !(line[end] === ch && line[end - 1] !== "\\")) end++;
      end = Math.min(end + 1, line.length);
    } else {
      while (end < line.length && !/[,{}[\]]/.test(line[end]) && !(line[end] === ":" && (end + 1 >= line.length || /[\s,{}[\]]/.test(line[end + 1])))) end++;
      while (end > i && /\s/.test(line[end - 1])) end--;
    }
    const scalar = line.slice(i, end);
    let next = end;
    while (next < line.length && line[next] === " ") next++;
    const top = stack[stack.length - 1];
    if (line[next] === ":") {
      // A key: shown as written; the value after it belongs to it.
      copy(end);
      key = scalar.replace(/^["']|["']$/g, "");
      copy(next + 1);
      continue;
    }
    const under = top?.seq ? top.key : key;
    if (shownValue(scalar, under)) copy(end);
    else { const at = out.length; for (; i < end; i++) map[i] = at; out += "…"; }
    if (top && !top.seq) key = undefined;
  }
  for (let c = line.length; c <= line.length; c++) map[c] = out.length;
  return { text: out, column: (c) => map[Math.min(Math.max(c, 0), line.length)] ?? out.length };
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
    const redacted = redactLineMapped(raw);
    const shown = redacted.text.replace(/\t/g, " ");
    const gutter = `${String(i + 1).padStart(width)} | `;
    out.push(i === start.line ? `  ${paint("bold", ">")} ${gutter}${shown}` : paint("dim", `    ${gutter}${shown}`));
    if (i === start.line) {
      const from = Math.min(redacted.column(start.character), shown.length);
      const to = end.line === start.line ? Math.min(Math.max(redacted.column(end.character), from + 1), shown.length) : shown.length;
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
      // A namespace's finding can name dozens of workloads: a few show where, JSON and SARIF list them all.
      const related = relatedOf({ file, finding }, result.places);
      for (const r of related.slice(0, MAX_RELATED_SHOWN)) {
        out.push(`    ${paint("dim", `↳ ${r.message ? `${oneLine(r.message)} ` : ""}(${r.file}:${r.line}:${r.column})`)}`);
      }
      if (related.length > MAX_RELATED_SHOWN) out.push(`    ${paint("dim", `↳ … and ${related.length - MAX_RELATED_SHOWN} more related locations (--format json lists them)`)}`);
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

/**
 * What `--fix` could still do with the findings: fixes a batch applies (safe, unsafe), fixes only the editor applies
 * (they edit or create another file, as fix-all applies only edits of the file itself), and fixes that need a person
 * (placeholders). Counted as fix-all decides, so the summary never promises a fix `--fix` will not make.
 */
export function fixableCounts(result: LintResult): { safe: number; unsafe: number; editor: number; forPerson: number } {
  const counts = { safe: 0, unsafe: 0, editor: 0, forPerson: 0 };
  for (const { finding } of result.findings) {
    if (finding.fixable !== "safe" && finding.fixable !== "unsafe") continue;
    const batch = batchFixOf(finding, finding.fixable === "unsafe");
    if (!batch) continue;
    if ("leftForPerson" in batch) { counts.forPerson++; continue; }
    const own = batch.fix.edits.every((e) => !isCreate(e) && e.uri === finding.uri) && !finding.key.includes("|rendered|");
    if (!own) counts.editor++;
    else counts[finding.fixable]++;
  }
  return counts;
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
  const fixes = fixableCounts(result);
  const parts = [];
  const applied = style.fixMode;
  if (fixes.safe) parts.push(applied ? `${fixes.safe} safe fix${fixes.safe === 1 ? "" : "es"} left unapplied (it collided with another fix, would have broken the file or did not clear its finding: use the editor's quick fix)` : `${fixes.safe} fixable with --fix`);
  if (fixes.unsafe) {
    parts.push(applied === "unsafe" ? `${fixes.unsafe} unsafe fix${fixes.unsafe === 1 ? "" : "es"} left unapplied (it collided with another fix, would have broken the file or did not clear its finding: use the editor's quick fix)`
      : `${fixes.unsafe} more with --unsafe-fixes (review them: they can change what runs)`);
  }
  if (fixes.editor) parts.push(`${fixes.editor} fixable in the editor only (the fix edits or creates another file, or the finding is on a rendered template)`);
  if (fixes.forPerson) parts.push(`${fixes.forPerson} need${fixes.forPerson === 1 ? "s" : ""} a value only you know (quick fix in the editor)`);
  if (parts.length) lines.push(`  ${parts.join("; ")}`);
  if (s.filesWithSyntaxErrors > 0) {
    const n = s.filesWithSyntaxErrors;
    lines.push(`  ${plural(n, "file")} ${n === 1 ? "is" : "are"} not valid YAML (yaml/syntax); ${n === 1 ? "its" : "their"} valid documents were still checked`);
  }
  return `${lines.join("\n")}\n`;
}
