// rbac/pod-exec-access: roles that let their holders exec into, attach to or port-forward to pods (a shell in every container they reach).
import { defineRule } from "../../api.js";
import { indexMatching, isManagedRole, isRbacObject, policyRulesOf } from "../../model/rbac.js";

const SUBRESOURCES = ["pods/exec", "pods/attach", "pods/portforward"];
/** `create` is what the API server checks since 1.31 (KEP-4006); `get` opened the WebSocket/SPDY upgrade before it. */
const VERBS = ["create", "get"];

export default defineRule({
  meta: {
    id: "rbac/pod-exec-access",
    title: "Roles should not grant pods/exec, pods/attach or pods/portforward",
    defaultSeverity: "warning",
    kinds: ["Role", "ClusterRole"],
    crossObject: false,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: {
      polaris: ["clusterrolePodExecAttach", "rolePodExecAttach", "clusterrolebindingPodExecAttach", "rolebindingClusterRolePodExecAttach", "rolebindingRolePodExecAttach"],
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (!isRbacObject(o) || isManagedRole(o)) return;
    for (const r of policyRulesOf(o)) {
      if (indexMatching(r.apiGroups, "") < 0 || r.resourceNames.length > 0) continue;
      const verb = VERBS.find((v) => indexMatching(r.verbs, v) >= 0);
      if (!verb) continue;
      r.resources.forEach((res, i) => {
        const granted = res === "pods/*" ? SUBRESOURCES : SUBRESOURCES.filter((s) => s === res);
        if (granted.length === 0) return;
        const where = o.kind === "Role" ? `the pods of namespace "${o.namespace}"` : "the pods of every namespace it is bound in";
        const can = granted.some((g) => g !== "pods/portforward")
          ? `run commands in or attach to ${where}, with their service-account tokens and mounted Secrets`
          : `open connections to any port of ${where}, past every NetworkPolicy`;
        ctx.report({
          message: `${o.kind} "${o.name}" grants ${granted.join(", ")} (${r.verbs.includes("*") ? "every verb" : `verb "${verb}"`}): whoever holds it can ${can}.`,
          path: [...r.path, "resources", i],
          key: `${r.index}.${i}`,
        });
      });
    }
  },
});
