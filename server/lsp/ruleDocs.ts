// Short "why it matters" and "fix" texts per rule for hovers; generated from the rules' docs.md by scripts/gen-docs.ts.
export const RULE_DOCS: Record<string, { why?: string; fix?: string }> = {};
