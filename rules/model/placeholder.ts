// Placeholders: the visible `<REPLACE_ME…>` values a fix writes where only a person knows the value (a request, a
// secret's name, a cluster issuer). The API server rejects them or the workload fails on them, so a fix that writes one
// is offered one at a time in the editor (as a snippet whose tab stops are the placeholders) and never applied in a
// batch (fix-all, `kubeready lint --fix`, even with --unsafe-fixes).
import { isCreate, type Fix } from "../api.js";
import type { Finding } from "../engine.js";

/** `<REPLACE_ME>`, or `<REPLACE_ME_WHAT>` when the value has a name (`placeholder("secret store")` → `<REPLACE_ME_SECRET_STORE>`). */
export function placeholder(what?: string): string {
  return what ? `<REPLACE_ME_${what.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}>` : "<REPLACE_ME>";
}

/** Every placeholder kubeready writes matches this (global: use with matchAll/replace). */
export const PLACEHOLDER_PATTERN = /<REPLACE_ME(?:_[A-Z0-9_]+)?>/g;

/** The distinct placeholders in a text, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER_PATTERN), (m) => m[0]))];
}

/** The distinct placeholders a fix writes (in its edits and in the files it creates). */
export function placeholdersOf(fix: Fix): string[] {
  return placeholdersIn(fix.edits.map((e) => (isCreate(e) ? e.text : e.newText)).join("\n"));
}

/** A fix that writes a placeholder needs a person: never part of a batch of fixes. */
export function needsPerson(fix: Fix): boolean {
  return placeholdersOf(fix).length > 0;
}

export interface LeftForPerson { rule: string; key: string; title: string; placeholders: string[] }

/**
 * The fix a batch would apply for a finding: the first fix that is not a suppression and is safe (or unsafe ones are
 * wanted). A fix that writes placeholders comes back as `leftForPerson` instead: no batch ever writes one.
 */
export function batchFixOf(f: Finding, unsafe: boolean): { fix: Fix } | { leftForPerson: LeftForPerson } | undefined {
  if (!f.fixes || f.fixable === "none" || (f.fixable === "unsafe" && !unsafe)) return undefined;
  const fix = f.fixes().find((x) => !x.suppression && (x.safe || unsafe));
  if (!fix) return undefined;
  const placeholders = placeholdersOf(fix);
  return placeholders.length ? { leftForPerson: { rule: f.rule, key: f.key, title: fix.title, placeholders } } : { fix };
}
