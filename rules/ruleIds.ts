// Ordering of rule ids without ICU. String.prototype.localeCompare builds an ICU collator on its first call, about
// 14 ms of CPU: a tenth of what a one-file `kubeready lint` costs on top of Node itself. Rule ids are kebab-case
// `family/name` (test/rules-meta.test.ts enforces it); over [a-z0-9-/] the root collation orders exactly as code
// units do ('-' < '/' < digits < letters, no contractions), so this gives the order localeCompare gave.

/** Compares two rule ids (kebab-case `family/name`), in the order `a.localeCompare(b)` gives them. */
export function compareRuleIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
