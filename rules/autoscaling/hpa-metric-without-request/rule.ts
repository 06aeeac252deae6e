// autoscaling/hpa-metric-without-request: utilization metrics are relative to requests; a container without one breaks the HPA (guide §3C).
import { defineRule } from "../../api.js";
import { autoscalersOf, resourceMetricsOf } from "../../model/autoscaling.js";
import { setField } from "../../model/edit.js";
import { PLACEHOLDER } from "../../model/new-document.js";
import { asObject } from "../../model/object.js";
import { containersOf } from "../../model/podspec.js";
import { quantityOf } from "../../model/quantity.js";
import { isSubstituted } from "../../model/substitution.js";
import { podSourceOf, SCALABLE_KINDS } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "autoscaling/hpa-metric-without-request",
    title: "Containers of a workload scaled on CPU or memory utilization need requests for it",
    defaultSeverity: "error",
    kinds: SCALABLE_KINDS,
    crossObject: true,
    fix: "unsafe",
    guide: "§3C Autoscaling",
  },
  // Checked from the workload, not the HPA: the user adds the request here, and findings must show in this file.
  check(ctx) {
    const o = ctx.object;
    const t = podSourceOf(o)?.template;
    if (!t) return;
    for (const a of autoscalersOf(ctx.index, o)) {
      for (const m of resourceMetricsOf(a.object)) {
        if (!m.utilization || (m.resource !== "cpu" && m.resource !== "memory")) continue;
        // With pod-level resources (PodLevelResources) the pod's own request is used instead of the containers'.
        const podLevel = asObject(t.spec.resources);
        if (m.container === undefined && quantityOf(asObject(podLevel?.requests)?.[m.resource] ?? asObject(podLevel?.limits)?.[m.resource])) continue;
        // The replica calculator sums requests of regular containers and of restartable (sidecar) init containers.
        const counted = containersOf(t, ["initContainers", "containers"]).filter((c) => c.kind === "containers" || c.sidecar);
        for (const c of counted) {
          if (m.container !== undefined && c.name !== m.container) continue;
          const resources = asObject(c.value.resources);
          const request = asObject(resources?.requests)?.[m.resource] ?? asObject(resources?.limits)?.[m.resource];
          // A placeholder (`cpu: ${CPU}`, filled in before apply) is a request whose value kubeready cannot know.
          if (quantityOf(request) || isSubstituted(request)) continue;
          const requestPath = [...c.path, "resources", "requests", m.resource];
          ctx.report({
            message: `Container "${c.name}" has no ${m.resource} request, but ${a.object.kind} "${a.object.name}" scales ${o.kind} "${o.name}" on ${m.resource} utilization${m.implicit ? " (the default when no metric is named)" : ""}, which is measured against requests; ${a.object.kind === "ScaledObject" ? "the HPA KEDA creates" : "the HPA"} cannot compute it and does not scale.`,
            path: requestPath,
            anchor: "key",
            key: `${a.object.name}.${m.resource}.${c.name}`,
            fix: () => {
              const e = setField(o, requestPath, PLACEHOLDER);
              return e && { title: `Add a ${m.resource} request to container "${c.name}" (placeholder to fill in)`, safe: false, edits: [e] };
            },
          });
        }
      }
    }
  },
});
