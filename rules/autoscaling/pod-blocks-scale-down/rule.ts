// autoscaling/pod-blocks-scale-down: with a Cluster Autoscaler in scope, pods it may not move keep their nodes alive (guide §3C Cluster Autoscaler).
import { defineRule } from "../../api.js";
import { clusterAutoscalers, flagIsTrue, SAFE_TO_EVICT, SAFE_TO_EVICT_LOCAL_VOLUMES } from "../../model/cluster-autoscaler.js";
import { setField } from "../../model/edit.js";
import { asArray, asObject, getIn } from "../../model/object.js";
import { podTemplateOf } from "../../model/podspec.js";

/** Volumes the Cluster Autoscaler counts as local storage: hostPath, and emptyDir not backed by memory. */
function localVolumes(spec: unknown): string[] {
  return asArray(getIn(spec, ["volumes"])).map(asObject).filter((v) => !!v)
    .filter((v) => v!.hostPath !== undefined || (v!.emptyDir !== undefined && getIn(v, ["emptyDir", "medium"]) !== "Memory"))
    .map((v) => String(v!.name ?? "?"));
}

export default defineRule({
  meta: {
    id: "autoscaling/pod-blocks-scale-down",
    title: "With a Cluster Autoscaler in scope, pods should not keep their node from being removed",
    defaultSeverity: "info",
    kinds: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod"],
    crossObject: true,
    fix: "unsafe",
    guide: "§3C Autoscaling — Cluster Autoscaler",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.partial || o.namespace === "kube-system") return;
    const cas = clusterAutoscalers(ctx.index);
    if (cas.length === 0) return;
    const t = podTemplateOf(o);
    if (!t) return;
    // The autoscaler itself is not judged by this rule.
    if (cas.some((c) => c.object === o)) return;
    const evict = t.annotations[SAFE_TO_EVICT];
    const annotationPath = [...t.metadataPath, "annotations", SAFE_TO_EVICT];
    if (evict === "false") {
      ctx.report({
        message: `${o.kind} "${o.name}" sets ${SAFE_TO_EVICT}: "false": the Cluster Autoscaler never removes a node that runs one of its pods, so nodes it lands on stay paid for however empty they get; keep it only for pods that truly cannot move.`,
        path: annotationPath,
        key: "annotation",
      });
      return;
    }
    if (evict === "true") return;
    if (o.kind === "Pod" && asArray(getIn(o.value, ["metadata", "ownerReferences"])).length === 0) {
      ctx.report({
        message: `Pod "${o.name}" has no controller: the Cluster Autoscaler does not remove its node, since nothing would recreate the pod elsewhere; run it from a Deployment or StatefulSet.`,
        path: ["metadata", "name"],
        key: "bare",
      });
      return;
    }
    // --skip-nodes-with-local-storage (default true): nodes with pods that keep local storage are not removed.
    if (!cas.some((c) => flagIsTrue(c, "skip-nodes-with-local-storage", true))) return;
    const local = localVolumes(t.spec);
    if (local.length === 0) return;
    const allowed = (t.annotations[SAFE_TO_EVICT_LOCAL_VOLUMES] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const blocking = local.filter((v) => !allowed.includes(v));
    if (blocking.length === 0) return;
    const names = blocking.map((v) => `"${v}"`).join(", ");
    ctx.report({
      message: `${o.kind} "${o.name}" keeps local storage (volume${blocking.length > 1 ? "s" : ""} ${names}, emptyDir or hostPath): the Cluster Autoscaler (--skip-nodes-with-local-storage, on by default) never removes a node that runs one of its pods; if the data may be lost, list the volumes in ${SAFE_TO_EVICT_LOCAL_VOLUMES}.`,
      path: [...t.specPath, "volumes"],
      anchor: "key",
      key: "local-storage",
      fix: () => {
        const edit = setField(o, [...t.metadataPath, "annotations", SAFE_TO_EVICT_LOCAL_VOLUMES], [...allowed, ...blocking].join(","));
        return edit && { title: `Let the Cluster Autoscaler evict the pods with their local volumes (${SAFE_TO_EVICT_LOCAL_VOLUMES}: ${[...allowed, ...blocking].join(",")})`, safe: false, edits: [edit] };
      },
    });
  },
});
