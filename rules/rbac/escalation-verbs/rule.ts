// rbac/escalation-verbs: roles granting bind, escalate or impersonate, the verbs that let a holder grant itself more than it has.
import { defineRule } from "../../api.js";
import { isManagedRole, isRbacObject, policyRulesOf } from "../../model/rbac.js";

const WHY: Record<string, string> = {
  bind: "bind any role, including ones with permissions it does not hold",
  escalate: "edit roles to grant permissions it does not hold",
  impersonate: "act as other users, groups or service accounts",
};

export default defineRule({
  meta: {
    id: "rbac/escalation-verbs",
    title: "Roles should not grant the escalation verbs bind, escalate or impersonate",
    defaultSeverity: "warning",
    kinds: ["Role", "ClusterRole"],
    crossObject: false,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: {},
  },
  check(ctx) {
    const o = ctx.object;
    if (!isRbacObject(o) || isManagedRole(o)) return;
    for (const r of policyRulesOf(o)) {
      r.verbs.forEach((verb, i) => {
        const why = WHY[verb];
        if (!why) return;
        const on = r.resourceNames.length > 0 ? ` (limited to ${r.resourceNames.map((n) => `"${n}"`).join(", ")})` : "";
        ctx.report({
          message: `${o.kind} "${o.name}" grants "${verb}" on ${r.resources.map((x) => `"${x}"`).join(", ") || "nothing"}${on}: whoever holds it can ${why}, a path to cluster-admin.`,
          path: [...r.path, "verbs", i],
          key: `${r.index}.${i}`,
          // Narrowed to named objects it is a deliberate, reviewable grant: information.
          severity: r.resourceNames.length > 0 ? "info" : undefined,
        });
      });
    }
  },
});
