// operations/identical-probes: a liveness probe identical to the readiness probe restarts a container that is only busy.
import { defineRule } from "../../api.js";
import { asObject, getIn, stringMap, type KObject } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import type { ObjectIndex } from "../../model/scope.js";
import { anyServiceSelects } from "../../model/services.js";
import { podSourceIn } from "../../model/workloads.js";

/**
 * Whether a Service of the namespace sends traffic to the workload's pods. Without one, readiness only paces rollouts
 * and the overload cascade this rule warns about cannot happen (a node agent, an operator without a webhook).
 */
function servedByService(index: ObjectIndex, o: KObject): boolean {
  const pods = podSourceIn(index, o)?.podLabels ?? stringMap(getIn(o.value, ["spec", "template", "metadata", "labels"]));
  return anyServiceSelects(index, o.namespace, pods);
}

/** Order-insensitive JSON, for comparing two probes as the kubelet would run them. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

export default defineRule({
  meta: {
    id: "operations/identical-probes",
    title: "Liveness and readiness probes should not be identical",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    // Reads the Services of the namespace: only pods that receive Service traffic suffer the cascade.
    crossObject: true,
    fix: "none",
    guide: "§3A Health checks",
    sources: { kubeScore: ["pod-probes"] },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t || !servedByService(ctx.index, ctx.object)) return;
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const live = asObject(c.value.livenessProbe);
      const ready = asObject(c.value.readinessProbe);
      if (!live || !ready || canonical(live) !== canonical(ready)) continue;
      ctx.report({
        message: `Container "${c.name}" has identical liveness and readiness probes: when it is overloaded and stops answering, the kubelet restarts it instead of only taking it out of the Service, and restarts under load cascade; give liveness a cheaper check or a higher failureThreshold.`,
        path: [...c.path, "livenessProbe"],
        anchor: "key",
        key: `${c.kind}.${c.name}`,
      });
    }
  },
});
