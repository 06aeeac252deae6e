// rbac/wildcard-rules: "*" in a ClusterRole's verbs, resources or API groups that lets its holder change what it does not
// own, now and whatever is added later. Said once per rule entry.
import { defineRule } from "../../api.js";
import { isFullWildcard, isManagedRole, isRbacObject, policyRulesOf, type PolicyRule } from "../../model/rbac.js";

const FIELDS = ["apiGroups", "resources", "verbs"] as const;

/** The metrics APIs serve only reads: a wildcard there cannot write anything. */
const READ_ONLY_GROUPS = ["metrics.k8s.io", "custom.metrics.k8s.io", "external.metrics.k8s.io"];
const READ_VERBS = ["get", "list", "watch"];

/**
 * Resources the whole cluster shares (or that hand out more power): every verb on them is more than a controller that
 * manages its own workloads needs. Every verb on the Deployments, StatefulSets, ConfigMaps or Secrets an operator
 * creates is how operators are written, and is not reported.
 */
const SHARED_RESOURCES = new Set([
  "namespaces", "nodes", "persistentvolumes", "leases", "customresourcedefinitions", "mutatingwebhookconfigurations",
  "validatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings", "apiservices",
  "clusterroles", "clusterrolebindings", "roles", "rolebindings", "serviceaccounts", "serviceaccounts/token",
  "certificatesigningrequests", "certificatesigningrequests/approval", "priorityclasses", "storageclasses", "runtimeclasses",
  "csidrivers", "volumeattachments", "podsecuritypolicies", "users", "groups",
]);

/** Resources whose "*" verb includes `bind`, `escalate` or `impersonate` (rbac/escalation-verbs names them spelled out). */
const ESCALATING = new Set(["roles", "clusterroles", "rolebindings", "clusterrolebindings", "serviceaccounts", "users", "groups"]);

/** All groups the rule names are an operator's own (custom resources) or read-only, not the built-in API. */
function customGroupsOnly(r: PolicyRule): boolean {
  return r.apiGroups.length > 0 && r.apiGroups.every((g) => READ_ONLY_GROUPS.includes(g) || (g.includes(".") && !g.endsWith(".k8s.io")));
}

/** Why a wildcard in this rule entry is left alone (undefined: it is reported). */
export function silentBecause(kind: string, r: PolicyRule): string | undefined {
  // A Role acts in its own namespace: a tenant's reconciler or an operator managing its namespace (by design), unless
  // its "*" verb hands out `bind`, `escalate` or `impersonate` on the roles and accounts it names.
  if (kind === "Role") return r.verbs.includes("*") && r.resources.some((x) => ESCALATING.has(x)) ? undefined : "namespaced";
  if (r.resources.length === 0 && r.nonResourceURLs.length > 0) return "non-resource URLs";
  if (customGroupsOnly(r)) return "own or read-only API groups";
  // Reads only: Secrets read cluster-wide are rbac/secrets-read-cluster-wide's finding.
  if (r.verbs.length > 0 && r.verbs.every((v) => READ_VERBS.includes(v))) return "reads only";
  // The scale subresource of any kind: what autoscalers (HPA readers, KEDA, VPA) are built on.
  if (r.resources.length > 0 && r.resources.every((x) => x === "*/scale" || x.endsWith("/scale"))) return "scale subresources";
  // Every verb on named resources the operator manages (its StatefulSets, ConfigMaps): only shared ones are reported.
  if (!isFullWildcard(r) && !r.apiGroups.includes("*") && !r.resources.includes("*") && r.verbs.includes("*")
    && !r.resources.some((x) => SHARED_RESOURCES.has(x))) return "its own workloads";
  return undefined;
}

export default defineRule({
  meta: {
    id: "rbac/wildcard-rules",
    title: "Roles should not use \"*\" to write what the holder does not own",
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
      if (silentBecause(o.kind, r) !== undefined) continue;
      const list = (xs: readonly string[]) => xs.map((x) => (x === "" ? '"" (core)' : `"${x}"`)).join(", ");
      // One finding per rule entry, at its first "*" (a rule with "*" in resources and verbs is one grant).
      const fields = FIELDS.filter((f) => r[f].includes("*"));
      if (fields.length === 0) continue;
      const field = isFullWildcard(r) ? "apiGroups" : fields.includes("verbs") && fields.length === 1 ? "verbs" : fields[0];
      const what = isFullWildcard(r) ? "every verb on every resource of every API group"
        : field === "verbs" ? `every verb on ${list(r.resources)} of API group ${list(r.apiGroups)}`
        : field === "resources" ? `every resource of API group ${list(r.apiGroups)} (verbs ${list(r.verbs)})`
        : `${list(r.resources)} of every API group (verbs ${list(r.verbs)}), custom resources added later included`;
      const also = isFullWildcard(r) ? "" : fields.filter((f) => f !== field).map((f) => ` and in ${f}`).join("");
      ctx.report({
        message: `${o.kind} "${o.name}" grants ${what} through "*" in ${field}${also}; list what the holder needs instead.`,
        path: [...r.path, field, r[field].indexOf("*")],
        key: `${r.index}`,
      });
    }
  },
});
