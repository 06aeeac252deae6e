// availability/missing-pdb: a workload that runs several pods needs a PodDisruptionBudget covering them (guide §3B).
import { looksLikePatch } from "../../model/intent.js";
import { defineRule } from "../../api.js";
import { asObject, getIn, type JsonObject } from "../../model/object.js";
import { appendDocumentToFile, metadataBeside, renderDocument } from "../../model/new-document.js";
import { describeSelector } from "../../model/selectors.js";
import { minimumPods } from "../../model/autoscaling.js";
import { budgetsCovering } from "../../model/disruption.js";
import { podSourceIn } from "../../model/workloads.js";

const KINDS = ["Deployment", "StatefulSet", "Prometheus", "Alertmanager", "ThanosRuler"];

export default defineRule({
  meta: {
    id: "availability/missing-pdb",
    title: "Workloads with more than one pod need a PodDisruptionBudget",
    defaultSeverity: "warning",
    kinds: KINDS,
    crossObject: true,
    fix: "unsafe", // the budget (maxUnavailable: 1) is a choice the user should make: offered, never in fix-all
    guide: "§3B Pod Disruption Budgets",
    sources: { kubeLinter: ["pod-disruption-budget"], polaris: ["missingPodDisruptionBudget"], kubeScore: ["deployment-has-poddisruptionbudget", "statefulset-has-poddisruptionbudget"] },
  },
  check(ctx) {
    const o = ctx.object;
    const source = podSourceIn(ctx.index, o);
    if (!source || looksLikePatch(o)) return;
    // With an autoscaler the spec's replicas are not what runs: its minReplicas is the floor.
    const { count, autoscaler } = minimumPods(ctx.index, source);
    if (count === undefined || count < 2) return;
    if (budgetsCovering(ctx.index, source).length > 0) return;
    const why = autoscaler ? `${autoscaler.object.kind} "${autoscaler.object.name}" keeps at least ${count} pods` : `it runs ${count} pods`;
    ctx.report({
      message: `${o.kind} "${o.name}" has no PodDisruptionBudget selecting its pods (${describeSelector(source.selector ?? { matchLabels: { ...(source.identity ?? source.podLabels) } })}) although ${why}; a node drain may evict them all at once.`,
      path: source.replicasWritten && !autoscaler ? ["spec", "replicas"] : ["metadata", "name"],
      fix: () => {
        // The workload's own selector is exactly "its pods"; operator resources have none, their pod labels stand in.
        const selector: JsonObject = source.selector && (source.selector.matchLabels || source.selector.matchExpressions)
          ? (asObject(getIn(o.value, ["spec", "selector"])) as JsonObject)
          : { matchLabels: { ...(source.identity ?? source.podLabels) } };
        // The budget written is one availability/pdb-unhealthy-pod-eviction accepts: AlwaysAllow lets a drain
        // evict pods that serve nothing (crash-looping, never ready); a StatefulSet member that is not ready may
        // still hold state its peers wait for, so there the default is written out as the deliberate choice.
        const policy = o.kind === "StatefulSet" ? "IfHealthyBudget" : "AlwaysAllow";
        const doc = renderDocument({
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: metadataBeside(o, `${o.name}-pdb`),
          spec: { maxUnavailable: 1, selector, unhealthyPodEvictionPolicy: policy },
        }, o);
        return { title: `Add a PodDisruptionBudget (maxUnavailable: 1, ${policy}) for ${o.kind} "${o.name}"`, safe: false, edits: [appendDocumentToFile(ctx.index, o, doc)] };
      },
    });
  },
});
