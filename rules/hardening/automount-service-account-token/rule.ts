// hardening/automount-service-account-token: pods that mount an API token although nothing in scope grants their account anything.
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import { grantsToServiceAccount, SYSTEM_NAMESPACES } from "../../model/rbac.js";
import { templateControllerOf } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "hardening/automount-service-account-token",
    title: "Pods that do not call the Kubernetes API should not mount a ServiceAccount token",
    defaultSeverity: "info",
    enabledByDefault: false,
    kinds: POD_KINDS,
    crossObject: true,
    fix: "unsafe", // the pod may call the API through a grant outside the scope: offered, never in fix-all
    guide: "§2 Security — least privilege for the Kubernetes API",
    sources: { polaris: ["automountServiceAccountToken"] },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    if (!t || o.partial || !o.namespace || SYSTEM_NAMESPACES.includes(o.namespace) || templateControllerOf(o.value)) return;
    const podSetting = t.spec.automountServiceAccountToken;
    if (podSetting === false) return;
    const named = [t.spec.serviceAccountName, t.spec.serviceAccount].find((v): v is string => typeof v === "string" && v !== "");
    // Another document of the same workload (a kustomize base, overlay or patch) that names an account or turns the
    // token off: this one is a fragment of it, not the whole pod spec.
    const siblings = ctx.index.named(o.kind, o.namespace, o.name).filter((x) => x !== o);
    if (siblings.some((x) => { const st = podTemplateOf(x)?.spec; return !!st && (typeof st.serviceAccountName === "string" || st.automountServiceAccountToken === false); })) return;
    const account = named ?? "default";
    const sa = ctx.index.find("ServiceAccount", o.namespace, account);
    // An account of its own that is not in scope was made somewhere else, most likely with its grants: not judged.
    if (account !== "default" && !sa) return;
    if (podSetting !== true && sa?.value.automountServiceAccountToken === false) return;
    // The pod's account is granted a role in scope: it most likely calls the API, and needs its token.
    if (grantsToServiceAccount(ctx.index, o.namespace, account).length > 0) return;
    const path = [...t.specPath, "automountServiceAccountToken"];
    ctx.report({
      message: `${o.kind} "${o.name}" mounts a token of ServiceAccount "${account}", which no RoleBinding or ClusterRoleBinding in scope grants anything; if the pod never calls the Kubernetes API, set automountServiceAccountToken: false so a compromised container holds no API credential.`,
      path: podSetting === true ? path : t.specPath,
      anchor: podSetting === true ? "value" : "key",
      fix: () => {
        const edit = setField(o, path, false);
        return edit && { title: `Set automountServiceAccountToken: false on ${o.kind} "${o.name}"`, safe: false, edits: [edit] };
      },
    });
  },
});
