// network/statefulset-service-missing: a StatefulSet's serviceName must name a headless Service in scope that selects its pods (stable pod DNS).
import { defineRule } from "../../api.js";
import { looksLikePatch } from "../../model/intent.js";
import { getIn } from "../../model/object.js";
import { mapSelectorMatches } from "../../model/selectors.js";
import { madeByOperator, serviceOf, type ServiceInfo } from "../../model/services.js";
import { partnerCouldBeInScope, reachableElsewhere } from "../../model/units.js";
import { podSourceIn } from "../../model/workloads.js";
import { minimumPods } from "../../model/autoscaling.js";

export default defineRule({
  meta: {
    id: "network/statefulset-service-missing",
    title: "A StatefulSet's serviceName must be a headless Service that selects its pods",
    defaultSeverity: "warning",
    kinds: ["StatefulSet"],
    crossObject: true,
    fix: "none",
    sources: { kubeScore: ["statefulset-has-servicename"] },
  },
  check(ctx) {
    const o = ctx.object;
    if (o.partial || looksLikePatch(o) || !o.apiVersion.startsWith("apps/")) return;
    const name = getIn(o.value, ["spec", "serviceName"]);
    // No serviceName: the pods get no per-pod DNS names; a choice for StatefulSets that are only about volumes.
    if (typeof name !== "string" || name === "") return;
    let services = ctx.index.named("Service", o.namespace, name).map(serviceOf).filter((s): s is ServiceInfo => s !== undefined);
    // A StatefulSet that names no namespace may be applied beside a Service of another namespace deployed with it.
    if (services.length === 0) services = reachableElsewhere(o, ctx.index.ofKind("Service").filter((x) => x.name === name)).map(serviceOf).filter((s): s is ServiceInfo => s !== undefined);
    if (services.length === 0) {
      // Only judge when Services deployed with it are in scope, and not when an operator's resource would make it.
      if (!partnerCouldBeInScope(o, ctx.index.inNamespace("Service", o.namespace))) return;
      if (madeByOperator(ctx.index.inNamespaceAll(o.namespace), name)) return;
      ctx.report({
        message: `StatefulSet "${o.name}" names Service "${name}" (spec.serviceName), which is not in scope in namespace "${o.namespace}" although other Services deployed with it are; its pods get no stable DNS names (${o.name}-0.${name}).`,
        path: ["spec", "serviceName"],
      });
      return;
    }
    // Several variants of the Service (overlays): any one that is right will do.
    if (services.some((s) => isHeadless(s) && selectsPods(ctx, s))) return;
    const s = services[0];
    const headless = services.some(isHeadless);
    // One member has no peer to address by name: a ClusterIP Service in front of a single-replica StatefulSet (one
    // database behind its Service) is the common, working shape. With an autoscaler there may be more members.
    if (!headless) {
      const source = podSourceIn(ctx.index, o);
      const pods = source ? minimumPods(ctx.index, source) : undefined;
      if (pods && !pods.autoscaler && (pods.count ?? 1) <= 1) return;
    }
    // A ClusterIP governing Service is common and harmless for software that never addresses a pod by name (one
    // Redis, a gossip ring behind its own Service): information. Not selecting the pods is a plain mistake.
    const problem = !headless
      ? `is not headless (clusterIP: None), so the pods get no per-pod DNS names (${o.name}-0.${name} does not resolve); this matters when members address each other by name`
      : `does not select its pods, so their DNS records are not made; ${o.name}-0.${name} will not resolve`;
    ctx.report({
      message: `StatefulSet "${o.name}" names Service "${name}" (spec.serviceName), which ${problem}.`,
      severity: headless ? undefined : "info",
      path: ["spec", "serviceName"],
      related: [{ on: s.object, path: ["spec"], anchor: "key", message: `Service "${name}"` }],
    });

    function selectsPods(c: typeof ctx, svc: ServiceInfo): boolean {
      const source = podSourceIn(c.index, o);
      // Without a selector the Service's Endpoints are someone else's; no readable labels: not judged.
      if (!svc.selector || Object.keys(svc.selector).length === 0 || !source) return true;
      return mapSelectorMatches(svc.selector, source.podLabels);
    }
  },
});

function isHeadless(s: ServiceInfo): boolean {
  return getIn(s.object.value, ["spec", "clusterIP"]) === "None";
}
