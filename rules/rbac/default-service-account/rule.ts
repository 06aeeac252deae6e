// rbac/default-service-account: a binding that grants a role to a namespace's `default` ServiceAccount grants it to every pod there that names no account.
import { defineRule } from "../../api.js";
import { podTemplateOf } from "../../model/podspec.js";
import { isRbacObject, roleRefOf, subjectsOf, SYSTEM_NAMESPACES } from "../../model/rbac.js";
import { podSourcesIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "rbac/default-service-account",
    title: "Bindings should not grant roles to a namespace's default ServiceAccount",
    defaultSeverity: "warning",
    kinds: ["RoleBinding", "ClusterRoleBinding"],
    crossObject: true,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: { kubeLinter: ["default-service-account"] },
  },
  check(ctx) {
    const o = ctx.object;
    if (!isRbacObject(o) || o.name.startsWith("system:")) return;
    const ref = roleRefOf(o);
    for (const s of subjectsOf(o)) {
      if (s.kind !== "ServiceAccount" || s.name !== "default" || !s.namespace || SYSTEM_NAMESPACES.includes(s.namespace)) continue;
      // Which workloads in scope run as that account (and mount its token): they are the ones that get the role.
      const users = podSourcesIn(ctx.index, s.namespace).filter((p) => {
        const spec = p.template?.spec ?? (p.object.kind === "Pod" ? podTemplateOf(p.object)?.spec : undefined);
        if (!spec) return false;
        const account = [spec.serviceAccountName, spec.serviceAccount].find((v) => typeof v === "string" && v !== "");
        return (account ?? "default") === "default" && spec.automountServiceAccountToken !== false;
      }).map((p) => `${p.object.kind} "${p.object.name}"`);
      const role = ref ? `${ref.kind} "${ref.name}"` : "its role";
      const who = users.length > 0
        ? `${users.slice(0, 3).join(", ")}${users.length > 3 ? ` and ${users.length - 3} more` : ""} run${users.length === 1 ? "s" : ""} as that account and get${users.length === 1 ? "s" : ""} it`
        : "every pod of the namespace that names no ServiceAccount gets it";
      ctx.report({
        message: `${o.kind} "${o.name}" grants ${role} to the "default" ServiceAccount of namespace "${s.namespace}": ${who}; bind a ServiceAccount of the workload's own instead.`,
        path: [...s.path, "name"],
        key: String(s.index),
        // Without a workload in scope that uses the account, the grant may be deliberate and unused: information.
        severity: users.length > 0 ? undefined : "info",
      });
    }
  },
});
