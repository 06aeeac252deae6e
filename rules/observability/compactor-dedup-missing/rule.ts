// observability/compactor-dedup-missing: the bucket of an HA pair needs a Compactor that deduplicates on the replica labels.
import { defineRule, type Fix } from "../../api.js";
import { appendToList } from "../../model/edit.js";
import { DEFAULT_PROMETHEUS_REPLICA_LABEL, flagListPath, flagValues, objectStorageWriters, replicaLabelsInScope, thanosScope } from "../../model/prometheus.js";
import { objectStoragePath } from "../storage.js";

export default defineRule({
  meta: {
    id: "observability/compactor-dedup-missing",
    title: "Object storage in use but no Thanos Compactor deduplicating the replicas",
    defaultSeverity: "info",
    kinds: ["Prometheus", "ThanosRuler", "StatefulSet", "Deployment"],
    crossObject: true,
    fix: "safe",
    guide: "§1A Prometheus & Thanos HA — Deduplication",
  },
  check(ctx) {
    const o = ctx.object;
    const scope = thanosScope(ctx.index);
    const compactors = scope.thanos.filter((t) => t.component === "compact");
    const writers = objectStorageWriters(scope);
    if (writers.length === 0) return;
    if (compactors.length === 0) {
      if (!writers.includes(o)) return;
      ctx.report({
        message: `${o.kind} "${o.name}" uploads blocks to object storage, but no Thanos Compactor (thanos compact) is in scope: blocks are never compacted, downsampled or deduplicated, and the bucket only grows.`,
        path: objectStoragePath(o),
        anchor: "key",
      });
      return;
    }
    const required = [...new Set(replicaLabelsInScope(ctx.index).map((r) => r.label))];
    for (const c of compactors) {
      if (c.object !== o) continue;
      const have = new Set(flagValues(c.args, "deduplication.replica-label").flatMap((f) => f.value.split(",")).map((s) => s.trim()).filter(Boolean));
      const missing = have.size === 0 && required.length === 0 ? [DEFAULT_PROMETHEUS_REPLICA_LABEL] : required.filter((l) => !have.has(l));
      if (missing.length === 0) continue;
      ctx.report({
        message: have.size === 0
          ? `Thanos Compactor container "${c.container.name}" sets no --deduplication.replica-label, so both copies of every HA-pair block stay in the bucket (twice the storage, slower queries).`
          : `Thanos Compactor container "${c.container.name}" deduplicates on ${[...have].join(", ")} but not on ${missing.join(", ")}, the replica label${missing.length > 1 ? "s" : ""} in use.`,
        path: c.container.path,
        key: c.container.name,
        fixSafety: required.length > 0 ? "safe" : "unsafe",
        fix: (): Fix | undefined => {
          const edit = appendToList(o, flagListPath(c.container), missing.map((l) => `--deduplication.replica-label=${l}`));
          // Safe only when the labels come from the objects in scope; the operator default is a guess.
          return edit && { title: `Add --deduplication.replica-label=${missing.join(", ")} to container "${c.container.name}"`, safe: required.length > 0, edits: [edit] };
        },
      });
    }
  },
});
