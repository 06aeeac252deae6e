// rbac/cluster-admin-binding: no binding of cluster-admin (or a role as wide) to an application's subjects (guide §2, zero trust for the API).
import { defineRule } from "../../api.js";
import { boundRole, describeSubject, isFullWildcard, isManagedRole, isRbacObject, isSystemSubject, policyRulesOf, roleRefOf, subjectsOf, SYSTEM_NAMESPACES } from "../../model/rbac.js";

export default defineRule({
  meta: {
    id: "rbac/cluster-admin-binding",
    title: "Bindings must not give cluster-admin (or a role as wide) to application subjects",
    defaultSeverity: "warning",
    kinds: ["ClusterRoleBinding", "RoleBinding"],
    crossObject: true,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: {
      kubeLinter: ["cluster-admin-role-binding"],
      polaris: ["clusterrolebindingClusterAdmin", "rolebindingClusterAdminClusterRole", "rolebindingClusterAdminRole"],
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (!isRbacObject(o) || o.name.startsWith("system:")) return;
    if (o.kind === "RoleBinding" && SYSTEM_NAMESPACES.includes(o.namespace)) return;
    const ref = roleRefOf(o);
    if (!ref) return;
    let what: string;
    if (ref.kind === "ClusterRole" && ref.name === "cluster-admin") {
      what = "cluster-admin";
    } else {
      // A role of its own that is as wide as cluster-admin (apiGroups, resources and verbs all "*").
      const role = boundRole(ctx.index, o);
      if (!role || isManagedRole(role) || !policyRulesOf(role).some(isFullWildcard)) return;
      what = `${ref.kind} "${ref.name}", which grants every verb on every resource`;
    }
    const subjects = subjectsOf(o).filter((s) => !isSystemSubject(s));
    if (subjects.length === 0) return;
    const reach = o.kind === "ClusterRoleBinding"
      ? "full control of the whole cluster, every Secret and RBAC itself included"
      : `full control of namespace "${o.namespace}", its Secrets and RoleBindings included`;
    ctx.report({
      message: `${o.kind} "${o.name}" binds ${what} to ${subjects.map(describeSubject).join(", ")}: ${reach}; bind a role with only the verbs and resources the subject needs.`,
      path: ["roleRef", "name"],
    });
  },
});
