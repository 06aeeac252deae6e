// status/pod-qos-not-guaranteed: a running pod of a stateful or critical workload whose actual QoS class is not Guaranteed (guide §3A).
import { defineRule } from "../../api.js";
import type { KubereadyConfig } from "../../config.js";
import { asArray, asObject, getIn, type KObject } from "../../model/object.js";

/** The workload that owns a pod: its controller, with a ReplicaSet's pod-template-hash stripped to name the Deployment. */
export function owningWorkloadOf(pod: KObject): { kind: string; name: string } | undefined {
  const owner = asArray(getIn(pod.value, ["metadata", "ownerReferences"])).map(asObject).find((r) => r?.controller === true);
  if (!owner || typeof owner.kind !== "string" || typeof owner.name !== "string") return undefined;
  const hash = pod.labels["pod-template-hash"];
  if (owner.kind === "ReplicaSet" && hash && owner.name.endsWith(`-${hash}`)) {
    return { kind: "Deployment", name: owner.name.slice(0, -hash.length - 1) };
  }
  return { kind: owner.kind, name: owner.name };
}

/** `criticalWorkloads` entries: "name", "namespace/name" or "kind/namespace/name" (kind case-insensitive). */
export function isCriticalWorkload(config: KubereadyConfig, kind: string, namespace: string, name: string): boolean {
  return config.criticalWorkloads.some((entry) => {
    const parts = entry.split("/");
    if (parts.length === 1) return parts[0] === name;
    if (parts.length === 2) return parts[0] === namespace && parts[1] === name;
    return parts[0]!.toLowerCase() === kind.toLowerCase() && parts[1] === namespace && parts[2] === name;
  });
}

const CRITICAL_PRIORITY_CLASSES = new Set(["system-cluster-critical", "system-node-critical"]);

function reasonToBeGuaranteed(pod: KObject, config: KubereadyConfig): string | undefined {
  const owner = owningWorkloadOf(pod);
  if (owner?.kind === "StatefulSet") return `it belongs to StatefulSet "${owner.name}"`;
  const priority = getIn(pod.value, ["spec", "priorityClassName"]);
  if (typeof priority === "string" && CRITICAL_PRIORITY_CLASSES.has(priority)) return `it runs with priority class ${priority}`;
  if (owner && isCriticalWorkload(config, owner.kind, pod.namespace, owner.name)) return `${owner.kind} "${owner.name}" is listed in criticalWorkloads`;
  if (isCriticalWorkload(config, "Pod", pod.namespace, pod.name)) return "it is listed in criticalWorkloads";
  return undefined;
}

export default defineRule({
  meta: {
    id: "status/pod-qos-not-guaranteed",
    title: "Pods of stateful and critical workloads must actually run with Guaranteed QoS",
    defaultSeverity: "warning",
    kinds: ["Pod"],
    crossObject: false,
    fix: "none",
    guide: "§3A Quality of Service (QoS)",
  },
  check(ctx) {
    const qos = getIn(ctx.object.value, ["status", "qosClass"]);
    if (typeof qos !== "string" || qos === "Guaranteed") return;
    const phase = getIn(ctx.object.value, ["status", "phase"]);
    if (phase === "Succeeded" || phase === "Failed") return;
    const reason = reasonToBeGuaranteed(ctx.object, ctx.config);
    if (!reason) return;
    ctx.report({
      message: `Pod "${ctx.object.name}" runs with QoS class ${qos} although ${reason}: under memory pressure the kubelet evicts it before Guaranteed pods. Set requests equal to limits for CPU and memory in every container.`,
      path: ["status", "qosClass"],
    });
  },
});
