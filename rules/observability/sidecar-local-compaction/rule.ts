// observability/sidecar-local-compaction: with a sidecar uploading blocks, Prometheus must not compact locally (2h blocks).
import { defineRule, type Fix, type TextEdit } from "../../api.js";
import { appendToList, setField } from "../../model/edit.js";
import { flagListPath, flagValues, parsePrometheusDuration, prometheusContainersOf, thanosContainersOf, usesObjectStorage, type MonitoringContainer } from "../../model/prometheus.js";

const FLAGS = ["storage.tsdb.min-block-duration", "storage.tsdb.max-block-duration"] as const;
const TWO_HOURS_MS = 2 * 3600e3;

/** Whether a written duration means 2h (`2h`, `120m`, `7200s`). */
function isTwoHours(value: string | undefined): boolean {
  return value !== undefined && parsePrometheusDuration(value) === TWO_HOURS_MS;
}

/** Sets both block durations to 2h: rewrites the flags that exist, appends the ones that do not. */
function blockDurationEdits(p: MonitoringContainer): { edits: TextEdit[]; replaces: boolean } | undefined {
  const edits: TextEdit[] = [];
  const append: string[] = [];
  let replaces = false;
  for (const flag of FLAGS) {
    const found = flagValues(p.args, flag);
    if (found.length === 0) { append.push(`--${flag}=2h`); continue; }
    for (const f of found) {
      if (isTwoHours(f.value)) continue;
      replaces = true;
      const edit = f.path === f.flagPath ? setField(p.object, f.path, `--${flag}=2h`) : setField(p.object, f.path, "2h");
      if (!edit) return undefined;
      edits.push(edit);
    }
  }
  if (append.length) {
    const edit = appendToList(p.object, flagListPath(p.container), append);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return { edits, replaces };
}

export default defineRule({
  meta: {
    id: "observability/sidecar-local-compaction",
    title: "Prometheus with an uploading Thanos sidecar must disable local compaction",
    defaultSeverity: "warning",
    kinds: ["StatefulSet", "Deployment"],
    crossObject: false,
    fix: "safe",
    guide: "§1A Prometheus & Thanos HA — Storage",
  },
  check(ctx) {
    const o = ctx.object;
    const uploading = thanosContainersOf(o).some((t) => t.component === "sidecar" && usesObjectStorage(t));
    if (!uploading) return;
    for (const p of prometheusContainersOf(o)) {
      const min = flagValues(p.args, FLAGS[0])[0]?.value;
      const max = flagValues(p.args, FLAGS[1])[0]?.value;
      // Compared as durations: `120m` and `2h` are the same block size.
      if (min !== undefined && max !== undefined && (min === max || (parsePrometheusDuration(min) ?? NaN) === parsePrometheusDuration(max))) continue;
      const state = min === undefined && max === undefined
        ? "sets neither --storage.tsdb.min-block-duration nor --storage.tsdb.max-block-duration"
        : `sets --storage.tsdb.min-block-duration=${min ?? "(default 2h)"} and --storage.tsdb.max-block-duration=${max ?? "(default: 10% of retention)"}`;
      ctx.report({
        message: `Prometheus container "${p.container.name}" ${state}; with a sidecar uploading blocks they must be equal (2h), or local compaction rewrites blocks the sidecar already shipped and the Compactor sees overlaps.`,
        path: (flagValues(p.args, FLAGS[1])[0] ?? flagValues(p.args, FLAGS[0])[0])?.flagPath ?? p.container.path,
        key: p.container.name,
        fixSafety: [min, max].some((v) => v !== undefined && !isTwoHours(v)) ? "unsafe" : "safe",
        fix: (): Fix | undefined => {
          const r = blockDurationEdits(p);
          if (!r || r.edits.length === 0) return undefined;
          // Adding the flags follows the Thanos docs; overwriting a value someone chose is a judgement call.
          return { title: `Set min and max block duration to 2h on container "${p.container.name}"`, safe: !r.replaces, edits: r.edits };
        },
      });
    }
  },
});
