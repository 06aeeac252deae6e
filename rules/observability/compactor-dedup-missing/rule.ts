// observability/compactor-dedup-missing: the bucket of an HA pair needs a Compactor that deduplicates on the replica labels.
import { defineRule, type Fix } from "../../api.js";
import { appendToList, setField } from "../../model/edit.js";
import { DEFAULT_PROMETHEUS_REPLICA_LABEL, flagListPath, flagValues, objectStorageWriters, replicaLabelsInScope, THANOS_RULER_REPLICA_LABEL, thanosScope } from "../../model/prometheus.js";
import { objectStoragePath } from "../storage.js";

/**
 * Thanos' default compactor merger is 1:1: right for Receive replicas (identical samples), wrong for Prometheus and
 * Ruler replicas, which scrape and evaluate at different instants. The Thanos docs ask for the penalty merger there.
 */
const PENALTY_FLAG = "--deduplication.func=penalty";

export default defineRule({
  meta: {
    id: "observability/compactor-dedup-missing",
    title: "Object storage in use but no Thanos Compactor deduplicating the replicas",
    defaultSeverity: "info",
    kinds: ["Prometheus", "ThanosRuler", "StatefulSet", "Deployment"],
    crossObject: true,
    // Turning on vertical compaction rewrites the bucket irreversibly: offered, never part of fix-all.
    fix: "unsafe",
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
      // Replica labels of independently scraping replicas (everything in scope, and the operators' well-known names).
      const scraped = new Set([...required, ...[...have].filter((l) => l === DEFAULT_PROMETHEUS_REPLICA_LABEL || l === THANOS_RULER_REPLICA_LABEL), ...missing]);
      const func = flagValues(c.args, "deduplication.func")[0];
      const needsPenalty = scraped.size > 0 && func?.value !== "penalty";
      const listPath = flagListPath(c.container);
      if (missing.length === 0) {
        if (!needsPenalty) continue;
        ctx.report({
          message: `Thanos Compactor container "${c.container.name}" deduplicates Prometheus/Ruler replicas (${[...scraped].join(", ")}) with the default 1:1 merger, which only merges identical samples; replicas scrape at different instants, so set ${PENALTY_FLAG}.`,
          path: func ? func.flagPath : flagValues(c.args, "deduplication.replica-label")[0].flagPath,
          key: `${c.container.name}.func`,
          // Vertical compaction rewrites the bucket irreversibly: a change to review, not to apply in bulk.
          fixSafety: "unsafe",
          fix: (): Fix | undefined => {
            const edit = func ? setField(o, func.flagPath, PENALTY_FLAG) : appendToList(o, listPath, [PENALTY_FLAG]);
            return edit && { title: `Use ${PENALTY_FLAG} on container "${c.container.name}"`, safe: false, edits: [edit] };
          },
        });
        continue;
      }
      // A merger the user chose is not overwritten here; the finding above asks for it once the labels are in place.
      const addPenalty = needsPenalty && !func;
      ctx.report({
        message: have.size === 0
          ? `Thanos Compactor container "${c.container.name}" sets no --deduplication.replica-label, so both copies of every HA-pair block stay in the bucket (twice the storage, slower queries).`
          : `Thanos Compactor container "${c.container.name}" deduplicates on ${[...have].join(", ")} but not on ${missing.join(", ")}, the replica label${missing.length > 1 ? "s" : ""} in use.`,
        path: c.container.path,
        key: c.container.name,
        fixSafety: "unsafe",
        fix: (): Fix | undefined => {
          const flags = missing.map((l) => `--deduplication.replica-label=${l}`);
          if (addPenalty) flags.push(PENALTY_FLAG);
          const edit = appendToList(o, listPath, flags);
          // Safe only when the labels come from the objects in scope; the operator default is a guess.
          return edit && { title: `Add ${flags.join(" ")} to container "${c.container.name}"`, safe: false, edits: [edit] };
        },
      });
    }
  },
});
