// observability/query-replica-label: Thanos Query must deduplicate on the replica labels the Prometheus pairs in scope use.
import { defineRule, type Fix } from "../../api.js";
import { appendToList } from "../../model/edit.js";
import { DEFAULT_PROMETHEUS_REPLICA_LABEL, flagListPath, flagValues, replicaLabelsInScope } from "../../model/prometheus.js";
import { queryContainersOf } from "../query.js";

export default defineRule({
  meta: {
    id: "observability/query-replica-label",
    title: "Thanos Query must set --query.replica-label to the replica labels of the Prometheus pairs",
    defaultSeverity: "warning",
    kinds: ["Deployment", "StatefulSet"],
    crossObject: true,
    fix: "safe",
    guide: "§1A Prometheus & Thanos HA — Deduplication",
  },
  check(ctx) {
    const o = ctx.object;
    const queries = queryContainersOf(o);
    if (queries.length === 0) return;
    // Labels of the Prometheus/Ruler replicas in scope that reach Query through a sidecar, with who uses them.
    const required = new Map<string, string>();
    for (const r of replicaLabelsInScope(ctx.index)) if (!required.has(r.label)) required.set(r.label, `${r.from.kind} "${r.from.name}"`);
    for (const q of queries) {
      const set = new Set(flagValues(q.args, "query.replica-label").flatMap((f) => f.value.split(",")).map((s) => s.trim()).filter(Boolean));
      const listPath = flagListPath(q.container);
      const addFlags = (labels: string[], safe: boolean) => (): Fix | undefined => {
        const edit = appendToList(o, listPath, labels.map((l) => `--query.replica-label=${l}`));
        return edit && { title: `Add --query.replica-label=${labels.join(", ")} to container "${q.container.name}"`, safe, edits: [edit] };
      };
      if (set.size === 0) {
        const known = [...required.keys()];
        ctx.report({
          message: known.length
            ? `Thanos Query container "${q.container.name}" sets no --query.replica-label, so it shows every series twice instead of deduplicating the replicas of ${[...required.values()].join(", ")} (label ${known.join(", ")}).`
            : `Thanos Query container "${q.container.name}" sets no --query.replica-label, so it shows every series of an HA Prometheus pair twice instead of deduplicating it.`,
          path: q.container.path,
          key: `${q.container.name}.none`,
          // Without a Prometheus in scope the label is the operator's default: a guess.
          fix: addFlags(known.length ? known : [DEFAULT_PROMETHEUS_REPLICA_LABEL], known.length > 0),
          fixSafety: known.length ? "safe" : "unsafe",
        });
        continue;
      }
      const missing = [...required.keys()].filter((l) => !set.has(l));
      if (missing.length === 0) continue;
      ctx.report({
        message: `Thanos Query container "${q.container.name}" deduplicates on ${[...set].join(", ")} but not on ${missing.map((l) => `${l} (used by ${required.get(l)})`).join(", ")}; those replicas show up twice.`,
        path: flagValues(q.args, "query.replica-label")[0].flagPath,
        key: `${q.container.name}.missing`,
        fix: addFlags(missing, true),
      });
    }
  },
});
