// rbac/anonymous-subjects: bindings to system:anonymous, system:unauthenticated or system:authenticated grant a role to everyone who can reach the API.
import { defineRule } from "../../api.js";
import { isRbacObject, roleRefOf, subjectsOf } from "../../model/rbac.js";

const WHO: Record<string, { who: string; severity: "error" | "warning" }> = {
  "system:anonymous": { who: "every unauthenticated request", severity: "error" },
  "system:unauthenticated": { who: "every unauthenticated request", severity: "error" },
  "system:authenticated": { who: "every authenticated user and every service account of every namespace", severity: "warning" },
};

export default defineRule({
  meta: {
    id: "rbac/anonymous-subjects",
    title: "Bindings must not grant roles to system:anonymous, system:unauthenticated or system:authenticated",
    defaultSeverity: "error",
    kinds: ["ClusterRoleBinding", "RoleBinding"],
    crossObject: false,
    fix: "none",
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: {},
  },
  check(ctx) {
    const o = ctx.object;
    // The bootstrap bindings (system:public-info-viewer, system:discovery, system:basic-user) do this on purpose.
    if (!isRbacObject(o) || o.name.startsWith("system:")) return;
    const ref = roleRefOf(o);
    if (ref?.name.startsWith("system:")) return;
    for (const s of subjectsOf(o)) {
      const hit = WHO[s.name];
      if (!hit || (s.kind !== "User" && s.kind !== "Group")) continue;
      ctx.report({
        message: `${o.kind} "${o.name}" grants ${ref ? `${ref.kind} "${ref.name}"` : "its role"} to ${s.kind} "${s.name}", that is to ${hit.who}${o.kind === "RoleBinding" ? ` in namespace "${o.namespace}"` : ""}.`,
        path: [...s.path, "name"],
        key: String(s.index),
        severity: hit.severity === "error" ? undefined : hit.severity,
      });
    }
  },
});
