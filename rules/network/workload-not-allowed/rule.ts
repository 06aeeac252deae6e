// network/workload-not-allowed: under a default-deny ingress, a workload no policy allows traffic to is unreachable (guide §2A).
import { defineRule } from "../../api.js";
import { asArray, asObject, getIn } from "../../model/object.js";
import { defaultDenyIn, networkPoliciesIn, policySelects } from "../../model/netpol.js";
import { cniIngressAllowsFor } from "../../model/cni-allows.js";
import { cniDefaultDenyIn } from "../../model/cni-policies.js";
import { appendDocumentToFile, metadataBeside, PLACEHOLDER, renderDocument } from "../../model/new-document.js";
import { containersOf } from "../../model/podspec.js";
import { deployedTogether } from "../../model/units.js";
import type { ObjectIndex } from "../../model/scope.js";
import { anyServiceSelects } from "../../model/services.js";
import { podSourceIn, type PodSource } from "../../model/workloads.js";

const CLUSTERWIDE = ["CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy"];

export default defineRule({
  meta: {
    id: "network/workload-not-allowed",
    title: "Under default-deny, a workload that no policy allows ingress to is unreachable",
    defaultSeverity: "info",
    kinds: "*",
    crossObject: true,
    fix: "unsafe",
    guide: "§2A Network Policies — explicitly allow only needed traffic",
  },
  check(ctx) {
    const o = ctx.object;
    const s = podSourceIn(ctx.index, o);
    // Run-to-completion pods rarely serve traffic; host-network pods are not subject to NetworkPolicies.
    if (!s || o.kind === "Job" || o.kind === "CronJob" || s.template?.spec.hostNetwork === true) return;
    // Only a default-deny deployed with the workload isolates it: one in an unrelated folder of the repository (another
    // example, a kustomize component no overlay uses) merely shares the assumed namespace name.
    const core = defaultDenyIn(ctx.index, o.namespace).Ingress.map((p) => p.object).filter((p) => deployedTogether(p, o));
    // A namespace's own Cilium or Calico default-deny isolates it as well (a cluster-wide one is the platform's choice
    // and is left to network/missing-default-deny; its allows still count below).
    const deny = core.length ? core : cniDefaultDenyIn(ctx.index, o.namespace, "Ingress").filter((p) => !CLUSTERWIDE.includes(p.kind) && deployedTogether(p, o));
    if (deny.length === 0) return;
    const allowed = networkPoliciesIn(ctx.index, o.namespace).some((p) => p.types.has("Ingress") && p.ingress.length > 0 && policySelects(p, s.podLabels))
      || cniIngressAllowsFor(ctx.index, o.namespace, s.podLabels).length > 0;
    if (allowed) return;
    // A workload that declares no port and that no Service selects is a client (a load generator, a worker):
    // cutting its ingress is what the default-deny is for.
    const ports = servedPorts(s);
    if (s.template && ports.length === 0 && !servicesSelect(ctx.index, o.namespace, s.podLabels)) return;
    ctx.report({
      message: `${o.kind} "${o.name}" is isolated by ${deny[0].kind} "${deny[0].name}" and no policy allows ingress to it; nothing can connect to its pods.`,
      path: ["metadata", "name"],
      fix: () => {
        // The workload's own selector (matchLabels and matchExpressions) is exactly its pods; a Pod or an operator resource has none.
        const own = asObject(getIn(o.value, ["spec", "selector"]));
        const podSelector = own && (asObject(own.matchLabels) || asArray(own.matchExpressions).length) ? own : { matchLabels: { ...s.podLabels } };
        const doc = renderDocument({
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: metadataBeside(o, `allow-${o.name}-ingress`),
          spec: {
            podSelector,
            policyTypes: ["Ingress"],
            // The guide's chain (Ingress -> Frontend -> Backend -> DB): name the callers of this workload.
            ingress: [{
              from: [{ podSelector: { matchLabels: { app: PLACEHOLDER } } }],
              ports: ports.length ? ports : [{ protocol: "TCP", port: PLACEHOLDER }],
            }],
          },
        }, o);
        return { title: `Add an allow-ingress NetworkPolicy skeleton for ${o.kind} "${o.name}" (fill in its callers)`, safe: false, edits: [appendDocumentToFile(ctx.index, o, doc)] };
      },
    });
  },
});

/** The container ports the pods declare, with their protocol (TCP when unset, as the API defaults it), once each. */
function servedPorts(s: PodSource): { protocol: string; port: number }[] {
  if (!s.template) return [];
  const seen = new Map<string, { protocol: string; port: number }>();
  // Regular containers first (the skeleton lists what the workload serves), then sidecars (restartable init containers).
  for (const c of containersOf(s.template, ["containers", "initContainers"])) {
    if (c.kind === "initContainers" && !c.sidecar) continue;
    for (const raw of asArray(c.value.ports)) {
      const p = asObject(raw);
      if (!p || typeof p.containerPort !== "number") continue;
      const protocol = typeof p.protocol === "string" ? p.protocol : "TCP";
      seen.set(`${protocol}/${p.containerPort}`, { protocol, port: p.containerPort });
    }
  }
  return [...seen.values()];
}

/** Does a Service of the namespace send traffic to pods with these labels? */
function servicesSelect(index: ObjectIndex, namespace: string, podLabels: Readonly<Record<string, string>>): boolean {
  return anyServiceSelects(index, namespace, podLabels);
}
