// backup/schedule-ttl-too-short: a Velero Schedule whose backups expire before the next one is made leaves times with nothing to restore (guide §4C).
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { describeDuration, goDurationMs, longestCronGapMs } from "../../model/cron.js";
import { getIn } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

const HOUR_MS = 3_600_000;

export default defineRule({
  meta: {
    id: "backup/schedule-ttl-too-short",
    title: "A Velero Schedule's backups must outlive the time between two runs (ttl longer than the schedule's interval)",
    defaultSeverity: "warning",
    kinds: ["Schedule"],
    crossObject: false,
    fix: "unsafe",
    guide: "§4C Disaster Recovery Drills — Velero",
  },
  check(ctx) {
    const o = ctx.object;
    if (groupOf(o.apiVersion) !== "velero.io" || o.partial || getIn(o.value, ["spec", "paused"]) === true) return;
    // An unset ttl is the server's --default-backup-ttl (30 days unless changed there): not judged.
    const ttlText = getIn(o.value, ["spec", "template", "ttl"]);
    const ttl = goDurationMs(ttlText);
    if (ttl === undefined || ttl === 0) return;
    const cron = getIn(o.value, ["spec", "schedule"]);
    const gap = longestCronGapMs(cron);
    if (gap === undefined || ttl > gap) return;
    // Twice the longest gap keeps one backup at every moment, with one run allowed to fail.
    const suggested = `${Math.ceil((2 * gap) / HOUR_MS)}h0m0s`;
    ctx.report({
      message: `Velero Schedule "${o.name}" keeps each backup for ${describeDuration(ttl)} (ttl ${String(ttlText)}), but runs only every ${describeDuration(gap)} at the longest ("${String(cron)}"): its backups expire before the next one is made, so for part of every cycle there is nothing to restore from.`,
      path: ["spec", "template", "ttl"],
      // Unsafe: a longer retention costs storage, and the owner may prefer to run the schedule more often.
      fix: () => {
        const e = setField(o, ["spec", "template", "ttl"], suggested);
        return e && { title: `Set ttl: ${suggested} (twice the longest interval) on Velero Schedule "${o.name}"`, safe: false, edits: [e] };
      },
    });
  },
});
