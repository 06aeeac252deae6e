// network/service-selects-nothing: a Service whose selector matches no pod in scope, or whose named targetPort no selected pod declares, has no endpoints.
import { defineRule } from "../../api.js";
import { getIn, stringMap, type KObject } from "../../model/object.js";
import { legacyOperatorPodLabels, unknownPodMakersIn } from "../../model/operators.js";
import { SYSTEM_NAMESPACES } from "../../model/rbac.js";
import { containerPortNames, podSourcesOfService, serviceOf } from "../../model/services.js";
import { mapSelectorMatches } from "../../model/selectors.js";
import { deployedTogether, partnerCouldBeInScope, reachableElsewhere } from "../../model/units.js";
import { customResourceLabelSets, podSourceIn, podSourcesIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "network/service-selects-nothing",
    title: "Services must select pods (and the container ports they target)",
    defaultSeverity: "warning",
    kinds: ["Service"],
    crossObject: true,
    fix: "none",
    sources: { kubeLinter: ["dangling-service"], kubeScore: ["service-targets-pod"] },
  },
  check(ctx) {
    const s = serviceOf(ctx.object);
    // ExternalName has no endpoints; a Service without a selector gets its Endpoints by hand or from a controller.
    if (!s || s.type === "ExternalName" || !s.selector || Object.keys(s.selector).length === 0) return;
    const o = s.object;
    // Cluster add-ons (kube-dns, metrics-server, the kubelet's Service of prometheus-operator) are never in a project's manifests.
    if (SYSTEM_NAMESPACES.includes(o.namespace)) return;
    const selected = podSourcesOfService(ctx.index, s);
    const selector = Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(", ");
    if (selected.length === 0) {
      const sources = podSourcesIn(ctx.index, o.namespace);
      // Workloads whose template kubeready cannot read as a pod (no spec yet: a skeleton, a generator's input) still say
      // which labels their pods will carry.
      const skeletons = ctx.index.inNamespaceAll(o.namespace).filter((x) => x !== o && !x.partial && Object.keys(templateLabelsOf(x)).length > 0);
      // Only judge when workloads deployed with the Service are in scope (else its pods come from a chart, an operator or
      // another repository), and not when a custom resource of the namespace writes such labels (an operator makes the pods).
      if (!partnerCouldBeInScope(o, [...sources.map((x) => x.object), ...skeletons])) return;
      if (skeletons.some((x) => mapSelectorMatches(s.selector!, templateLabelsOf(x)))) return;
      if (customResourceLabelSets(ctx.index, o.namespace).some((labels) => mapSelectorMatches(s.selector!, labels))) return;
      // prometheus-operator before v0.42 labelled its pods `app: prometheus`, `prometheus: <name>` (kube-prometheus <= 0.6).
      if (ctx.index.inNamespaceAll(o.namespace).some((x) => { const l = legacyOperatorPodLabels(x); return !!l && mapSelectorMatches(s.selector!, l); })) return;
      // A custom resource of an operator kubeready does not model (a CloudNativePG Cluster, a MariaDB, a HelmRelease) may
      // make the pods: a wrong "selects nothing" costs more trust than a missed one.
      if (unknownPodMakersIn(ctx.index, o.namespace).length > 0) return;
      // A Service that names no namespace may be applied beside pods of another namespace deployed with it.
      const elsewhere = reachableElsewhere(o, ctx.index.namespaces().flatMap((ns) => (ns === o.namespace ? [] : podSourcesIn(ctx.index, ns).map((x) => x.object))));
      if (elsewhere.some((x) => { const src = podSourceIn(ctx.index, x); return !!src && mapSelectorMatches(s.selector!, src.podLabels); })) return;
      ctx.report({
        message: `Service "${o.name}" selects no pods of any workload in scope in namespace "${o.namespace}" (${selector}); it has no endpoints and every connection to it fails.`,
        path: ["spec", "selector"],
        anchor: "key",
      });
      return;
    }
    // A named targetPort must be a container port name of the selected pods, else the endpoint has no port for it.
    const together = selected.filter((x) => deployedTogether(x.object, o));
    const declared = together.map(containerPortNames);
    if (together.length === 0 || declared.some((names) => names === undefined)) return;
    for (const p of s.ports) {
      if (typeof p.targetPort !== "string") continue;
      const name = p.targetPort;
      // `${PORT}` (envsubst, Terraform), `$(PORT)`: the port is filled in before the Service is applied.
      if (/\$\{|\$\(|\{\{/.test(name)) continue;
      if (declared.some((names) => names!.has(name))) continue;
      const pods = together.map((x) => `${x.object.kind} "${x.object.name}"`).join(", ");
      ctx.report({
        message: `Service "${o.name}" port ${p.name ? `"${p.name}"` : String(p.port ?? "")} targets the container port named "${name}", which no container of the pods it selects (${pods}) declares; connections to this port fail.`,
        path: [...p.path, "targetPort"],
        key: `port.${p.path[2]}`,
        related: together.map((x) => ({ on: x.object, path: ["metadata", "name"], message: `${x.object.kind} "${x.object.name}": selected pods, no container port "${name}"` })),
      });
    }
  },
});

/** `spec.template.metadata.labels` (or a CronJob's) as written, whether or not the template is a readable pod. */
function templateLabelsOf(o: KObject): Readonly<Record<string, string>> {
  const t = getIn(o.value, ["spec", "template", "metadata", "labels"]) ?? getIn(o.value, ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]);
  return stringMap(t);
}
