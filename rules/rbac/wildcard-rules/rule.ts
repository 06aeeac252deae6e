// rbac/wildcard-rules: "*" in a role's verbs, resources or API groups grants everything that exists now and whatever is added later.
import { defineRule } from "../../api.js";
import { isFullWildcard, isManagedRole, isRbacObject, policyRulesOf, type PolicyRule } from "../../model/rbac.js";

const FIELDS = ["verbs", "resources", "apiGroups"] as const;

/** The metrics APIs serve only reads: a wildcard there cannot write anything. */
const READ_ONLY_GROUPS = ["metrics.k8s.io", "custom.metrics.k8s.io", "external.metrics.k8s.io"];

const READ_VERBS = new Set(["get", "list", "watch"]);

// Reading the scale subresource of every kind ("*" groups, resource "*/scale", read verbs): how autoscalers (VPA, KEDA,
// HPA-like controllers) find the replicas of any workload, custom ones included. It reveals replica counts, nothing else.
function readsScaleOnly(r: PolicyRule): boolean {
  return r.apiGroups.includes("*") && r.resources.length > 0 && r.resources.every((x) => x === "*/scale") && r.verbs.length > 0 && r.verbs.every((v) => READ_VERBS.has(v));
}

/** All groups the rule names are an operator's own (custom resources) or read-only, not the built-in API. */
function customGroupsOnly(r: PolicyRule): boolean {
  return r.apiGroups.length > 0 && r.apiGroups.every((g) => READ_ONLY_GROUPS.includes(g) || (g.includes(".") && !g.endsWith(".k8s.io")));
}

export default defineRule({
  meta: {
    id: "rbac/wildcard-rules",
    title: "Roles should not use \"*\" in verbs, resources or API groups",
    defaultSeverity: "warning",
    kinds: ["Role", "ClusterRole"],
    crossObject: false,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: { kubeLinter: ["wildcard-in-rules"] },
  },
  check(ctx) {
    const o = ctx.object;
    if (!isRbacObject(o) || isManagedRole(o)) return;
    for (const r of policyRulesOf(o)) {
      if (readsScaleOnly(r)) continue;
      // An operator's wildcard over its own custom resources is how most controllers are written: information only.
      const own = customGroupsOnly(r);
      const list = (xs: readonly string[]) => xs.map((x) => (x === "" ? '"" (core)' : `"${x}"`)).join(", ");
      // apiGroups, resources and verbs all "*" (what cluster-admin is): one finding, not three.
      const fields = isFullWildcard(r) ? (["apiGroups"] as const) : FIELDS;
      for (const field of fields) {
        const i = r[field].indexOf("*");
        if (i < 0) continue;
        const nonResource = r.resources.length === 0 && r.nonResourceURLs.length > 0;
        const what = isFullWildcard(r) ? "every verb on every resource of every API group"
          : nonResource ? `every verb on the non-resource URLs ${list(r.nonResourceURLs)}`
          : field === "verbs" ? `every verb on ${list(r.resources)} of API group ${list(r.apiGroups)}`
          : field === "resources" ? `every resource of API group ${list(r.apiGroups)} (verbs ${list(r.verbs)})`
          : `${list(r.resources)} of every API group (verbs ${list(r.verbs)}), custom resources added later included`;
        ctx.report({
          message: `${o.kind} "${o.name}" grants ${what} through "*" in ${field}; list what the holder needs instead.`,
          path: [...r.path, field, i],
          key: `${r.index}.${field}`,
          // Non-resource URLs (/metrics, /healthz, /version) are the API server's own endpoints, not objects: information.
          severity: own || nonResource ? "info" : undefined,
        });
      }
    }
  },
});
