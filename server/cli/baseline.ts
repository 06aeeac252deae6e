// `--write-baseline FILE` records the current findings; `--baseline FILE` reports only findings not recorded there.
// A finding is recorded by what survives edits that move lines: its rule, its object (kind/namespace/name), the path of
// the finding inside the object, and a fingerprint of the offending source text (whitespace-insensitive). The file is
// JSON with one entry per line, sorted, so a change to the baseline reads well in a diff.
import { createHash } from "node:crypto";
import type { Finding } from "../../rules/engine.js";
import type { LintFinding } from "./result.js";

export interface BaselineEntry {
  file: string;
  rule: string;
  object: string;
  path: string;
  fingerprint: string;
}

export const BASELINE_VERSION = 1;

/**
 * The finding's key is `rule|kind/namespace/name|path` (a grouped finding's key names its group instead); the object
 * comes from the finding itself when it has one. File-level findings have no object.
 */
function identity(f: Finding): { object: string; path: string } {
  const parts = f.key.split("|");
  const own = f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : "";
  if (parts.length >= 3 && parts[0] === f.rule) return { object: own || parts[1], path: parts.slice(2).join("|") };
  const rest = f.key.startsWith(`${f.rule}|`) ? f.key.slice(f.rule.length + 1) : f.key === f.rule ? "" : f.key;
  return { object: own, path: rest.replace(/^\d+(\|)?/, "") };
}

/** A short hash of the text the finding points at (whitespace squeezed), or of its message when there is no text. */
export function fingerprint(f: Finding, source: string | undefined): string {
  let basis = f.message;
  if (source !== undefined) {
    const lines = source.split("\n");
    const { start, end } = f.range;
    const slice = start.line === end.line
      ? (lines[start.line] ?? "").slice(start.character, end.character)
      : [(lines[start.line] ?? "").slice(start.character), ...lines.slice(start.line + 1, end.line), (lines[end.line] ?? "").slice(0, end.character)].join("\n");
    if (slice.trim()) basis = slice;
  }
  return createHash("sha256").update(basis.replace(/\s+/g, " ").trim()).digest("hex").slice(0, 16);
}

export function entryOf(lf: LintFinding, source: string | undefined): BaselineEntry {
  const { object, path } = identity(lf.finding);
  return { file: lf.file, rule: lf.finding.rule, object, path, fingerprint: fingerprint(lf.finding, source) };
}

const ORDER: (keyof BaselineEntry)[] = ["file", "rule", "object", "path", "fingerprint"];
function compare(a: BaselineEntry, b: BaselineEntry): number {
  for (const k of ORDER) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

export function formatBaseline(entries: BaselineEntry[]): string {
  const sorted = [...entries].sort(compare);
  const lines = sorted.map((e) => `    ${JSON.stringify(e, ORDER)}`);
  return `{\n  "tool": "kubeready",\n  "version": ${BASELINE_VERSION},\n  "findings": [\n${lines.join(",\n")}${lines.length ? "\n" : ""}  ]\n}\n`;
}

export function parseBaseline(text: string): BaselineEntry[] | string {
  let data: unknown;
  try { data = JSON.parse(text.replace(/^\uFEFF/, "")); } catch (e) { return `not valid JSON (${(e as Error).message})`; }
  const findings = (data as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) return "no \"findings\" list (write one with --write-baseline FILE)";
  const out: BaselineEntry[] = [];
  for (const f of findings) {
    if (!f || typeof f !== "object") return "an entry of \"findings\" is not an object";
    const e = f as Record<string, unknown>;
    if (typeof e.rule !== "string" || typeof e.fingerprint !== "string") return "an entry of \"findings\" has no rule or fingerprint";
    out.push({ file: String(e.file ?? ""), rule: e.rule, object: String(e.object ?? ""), path: String(e.path ?? ""), fingerprint: e.fingerprint });
  }
  return out;
}

/**
 * The findings not in the baseline. Each baseline entry absorbs at most one finding: first one in the same file,
 * then one anywhere (an object moved to another file is still the same object).
 */
export function filterBaseline(findings: readonly LintFinding[], baseline: readonly BaselineEntry[], sourceOf: (file: string) => string | undefined): { kept: LintFinding[]; matched: number } {
  const key = (e: BaselineEntry, withFile: boolean) => `${withFile ? e.file : ""}\u0000${e.rule}\u0000${e.object}\u0000${e.path}\u0000${e.fingerprint}`;
  const pools = [new Map<string, number>(), new Map<string, number>()];
  for (const e of baseline) for (const [i, withFile] of [true, false].entries()) pools[i].set(key(e, withFile), (pools[i].get(key(e, withFile)) ?? 0) + 1);
  const take = (pool: Map<string, number>, k: string) => {
    const n = pool.get(k) ?? 0;
    if (n === 0) return false;
    pool.set(k, n - 1);
    return true;
  };
  const entries = findings.map((f) => entryOf(f, sourceOf(f.file)));
  const matched = new Array<boolean>(findings.length).fill(false);
  // Exact file first for every finding, then the rest anywhere; a match consumes the entry from both pools.
  entries.forEach((e, i) => { if (take(pools[0], key(e, true))) { matched[i] = true; take(pools[1], key(e, false)); } });
  entries.forEach((e, i) => {
    if (matched[i]) return;
    if (take(pools[1], key(e, false))) {
      matched[i] = true;
      // The entry came from another file: its same-file slot is spent too.
      const other = baseline.find((b) => key(b, false) === key(e, false) && (pools[0].get(key(b, true)) ?? 0) > 0);
      if (other) take(pools[0], key(other, true));
    }
  });
  return { kept: findings.filter((_, i) => !matched[i]), matched: matched.filter(Boolean).length };
}
