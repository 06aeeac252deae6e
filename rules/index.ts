// The explicit registry of every rule kubeready ships, sorted by id. A new rule is one line in its family's index.ts.
import type { Rule } from "./api.js";
import { compareRuleIds } from "./ruleIds.js";
import { rules as autoscaling } from "./autoscaling/index.js";
import { rules as availability } from "./availability/index.js";
import { rules as backup } from "./backup/index.js";
import { rules as gitops } from "./gitops/index.js";
import { rules as hardening } from "./hardening/index.js";
import { rules as network } from "./network/index.js";
import { rules as observability } from "./observability/index.js";
import { rules as operations } from "./operations/index.js";
import { rules as pss } from "./pss/index.js";
import { rules as rbac } from "./rbac/index.js";
import { rules as resources } from "./resources/index.js";
import { rules as secrets } from "./secrets/index.js";
import { rules as status } from "./status/index.js";

export const RULES: readonly Rule[] = [
  ...autoscaling,
  ...availability,
  ...backup,
  ...gitops,
  ...hardening,
  ...network,
  ...observability,
  ...operations,
  ...pss,
  ...rbac,
  ...resources,
  ...secrets,
  ...status,
].sort((a, b) => compareRuleIds(a.meta.id, b.meta.id));

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

/** Where each rule's documentation page lives (the generated catalog in docs/rules/; the base is configurable). */
export { DEFAULT_DOCS_BASE as DOCS_BASE, docsUrl, setDocsBase } from "./docs-link.js";

/** Rule ids and options in a configuration that no rule knows: typos that would otherwise be ignored silently. */
export function unknownRuleSettings(config: { rules: Record<string, unknown>; ruleOptions: Record<string, Record<string, unknown>> }): string[] {
  const problems: string[] = [];
  const known = (id: string) => RULES_BY_ID.has(id) || /^[a-z]+\/\*$/.test(id);
  for (const id of Object.keys(config.rules)) if (!known(id)) problems.push(`rules.${id}: no such rule`);
  for (const [id, options] of Object.entries(config.ruleOptions)) {
    const rule = RULES_BY_ID.get(id);
    if (!rule) { if (!(id in config.rules)) problems.push(`rules.${id}: no such rule`); continue; }
    for (const k of Object.keys(options)) if (!(k in (rule.meta.options ?? {}))) problems.push(`rules.${id}.${k}: no such option (known: ${Object.keys(rule.meta.options ?? {}).join(", ") || "none"})`);
  }
  return problems;
}
