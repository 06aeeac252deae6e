// rbac/service-account-missing: a pod template's serviceAccountName must name a ServiceAccount deployed with it, or no pod is created.
import { defineRule } from "../../api.js";
import { asObject, getIn, type JsonObject, type KObject } from "../../model/object.js";
import { podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import type { Path } from "../../model/position.js";
import { madeByOperator } from "../../model/services.js";
import { partnerCouldBeInScope, reachableElsewhere } from "../../model/units.js";
import { templateControllerOf } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "rbac/service-account-missing",
    title: "Pods must run as a ServiceAccount that exists",
    defaultSeverity: "warning",
    kinds: [...POD_KINDS, "DeploymentConfig"],
    crossObject: true,
    fix: "none",
    sources: { kubeLinter: ["non-existent-service-account"] },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o) ?? openShiftTemplate(o);
    // A live pod made by a controller is its owner's finding; a known kustomize patch is judged merged into its base.
    // A patch-shaped object (no selector, no containers) still deploys the account it names: judged.
    if (!t || o.partial || !o.namespace || templateControllerOf(o.value)) return;
    const field = typeof t.spec.serviceAccountName === "string" ? "serviceAccountName" : typeof t.spec.serviceAccount === "string" ? "serviceAccount" : undefined;
    if (!field) return;
    const name = t.spec[field] as string;
    // `default` is made by the namespace controller in every namespace.
    if (name === "" || name === "default") return;
    if (ctx.index.named("ServiceAccount", o.namespace, name).length > 0) return;
    // A workload that names no namespace may be applied beside an account of another namespace deployed with it.
    if (reachableElsewhere(o, ctx.index.ofKind("ServiceAccount").filter((x) => x.name === name)).length > 0) return;
    // Only judge when ServiceAccounts deployed with the workload are in scope (else they come from a chart, a platform
    // team or another repository), and not when an operator's resource would make it.
    if (!partnerCouldBeInScope(o, ctx.index.inNamespace("ServiceAccount", o.namespace))) return;
    if (madeByOperator(ctx.index.inNamespaceAll(o.namespace), name)) return;
    ctx.report({
      message: `${o.kind} "${o.name}" runs as ServiceAccount "${name}", which is not in scope in namespace "${o.namespace}" although other ServiceAccounts deployed with it are; the API server refuses to create its pods until it exists.`,
      path: [...t.specPath, field],
    });
  },
});

/** OpenShift's DeploymentConfig keeps a pod template where a Deployment does. */
function openShiftTemplate(o: KObject): { spec: JsonObject; specPath: Path } | undefined {
  if (o.kind !== "DeploymentConfig" || !o.apiVersion.startsWith("apps.openshift.io/")) return undefined;
  const spec = asObject(getIn(o.value, ["spec", "template", "spec"]));
  return spec && { spec, specPath: ["spec", "template", "spec"] };
}
