// rbac/secrets-read-cluster-wide: a ClusterRole that reads Secrets, bound cluster-wide, lets its holders read every credential of the cluster.
import { defineRule } from "../../api.js";
import { bindingsOfRole, describeSubject, indexMatching, isManagedRole, isRbacObject, isSystemSubject, policyRulesOf, subjectsOf } from "../../model/rbac.js";

const READ_VERBS = ["get", "list", "watch"];

export default defineRule({
  meta: {
    id: "rbac/secrets-read-cluster-wide",
    title: "ClusterRoles bound cluster-wide should not read Secrets",
    defaultSeverity: "info",
    enabledByDefault: false,
    kinds: ["ClusterRole"],
    crossObject: true,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API; §2C Secrets management",
    sources: { kubeLinter: ["access-to-secrets"] },
  },
  check(ctx) {
    const o = ctx.object;
    if (!isRbacObject(o) || isManagedRole(o)) return;
    const hits: { path: (string | number)[]; key: string; verbs: string[] }[] = [];
    for (const r of policyRulesOf(o)) {
      if (indexMatching(r.apiGroups, "") < 0 || r.resourceNames.length > 0) continue;
      const verbs = READ_VERBS.filter((v) => indexMatching(r.verbs, v) >= 0);
      const i = r.resources.indexOf("secrets");
      if (verbs.length === 0 || i < 0) continue;
      hits.push({ path: [...r.path, "resources", i], key: `${r.index}.${i}`, verbs: r.verbs.includes("*") ? ["*"] : verbs });
    }
    if (hits.length === 0) return;
    // Only a ClusterRoleBinding makes the grant cluster-wide; bound by RoleBindings it stays in their namespaces.
    const subjects = [...new Set(bindingsOfRole(ctx.index, o, ["ClusterRoleBinding"]).flatMap((b) => subjectsOf(b).filter((s) => !isSystemSubject(s)).map(describeSubject)))];
    if (subjects.length === 0) return;
    const who = subjects.slice(0, 3).join(", ") + (subjects.length > 3 ? ` and ${subjects.length - 3} more` : "");
    for (const h of hits) {
      ctx.report({
        message: `ClusterRole "${o.name}" lets ${who} ${h.verbs.map((v) => `"${v}"`).join("/")} Secrets in every namespace (a ClusterRoleBinding grants it cluster-wide); limit it with resourceNames or bind it per namespace with RoleBindings.`,
        path: h.path,
        key: h.key,
      });
    }
  },
});
