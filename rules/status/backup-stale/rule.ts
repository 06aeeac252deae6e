// status/backup-stale: a live Velero Schedule whose last successful backup is too old, or that cannot run at all (guide §4C).
import { defineRule } from "../../api.js";
import { getIn, type KObject } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

const HOUR_MS = 3_600_000;
/** Velero labels every Backup a Schedule creates with the schedule's name. */
const SCHEDULE_LABEL = "velero.io/schedule-name";

const timeOf = (v: unknown): number | undefined => typeof v === "string" && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined;
const ago = (ms: number) => ms < 48 * HOUR_MS ? `${Math.floor(ms / HOUR_MS)} hours ago` : `${Math.floor(ms / (24 * HOUR_MS))} days ago`;

export default defineRule({
  meta: {
    id: "status/backup-stale",
    title: "Velero Schedules must have a recent successful backup",
    defaultSeverity: "warning",
    kinds: ["Schedule"],
    crossObject: true,
    fix: "none",
    guide: "§4C Disaster Recovery Drills — Velero",
    options: {
      maxAgeHours: { type: "number", default: 48, description: "Report a Schedule whose last successful backup is older than this many hours." },
      now: { type: "string", default: "", description: "The time to judge against (RFC 3339); empty means the current time. For reproducible reports and tests." },
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (groupOf(o.apiVersion) !== "velero.io" || getIn(o.value, ["status"]) === undefined || getIn(o.value, ["spec", "paused"]) === true) return;
    const name = `Velero Schedule "${o.name}"`;
    if (getIn(o.value, ["status", "phase"]) === "FailedValidation") {
      const errors = getIn(o.value, ["status", "validationErrors"]);
      ctx.report({
        message: `${name} failed validation${Array.isArray(errors) && errors.length ? ` (${errors.slice(0, 2).join("; ")})` : ""}: Velero creates no backups from it.`,
        path: ["status", "phase"],
        severity: "error",
        key: "invalid",
      });
      return;
    }
    const now = typeof ctx.options.now === "string" && ctx.options.now ? Date.parse(ctx.options.now) : Date.now();
    const maxAge = (typeof ctx.options.maxAgeHours === "number" ? ctx.options.maxAgeHours : 48) * HOUR_MS;
    // The Backups this Schedule made (in the cluster's Velero namespace): the newest that completed.
    const backups = ctx.index.inNamespace("Backup", o.namespace).filter((b: KObject) => groupOf(b.apiVersion) === "velero.io" && b.labels[SCHEDULE_LABEL] === o.name);
    const completed = backups.filter((b) => getIn(b.value, ["status", "phase"]) === "Completed").map((b) => timeOf(getIn(b.value, ["status", "completionTimestamp"]))).filter((t): t is number => t !== undefined);
    const lastSuccess = completed.length ? Math.max(...completed) : undefined;
    if (lastSuccess !== undefined) {
      if (now - lastSuccess <= maxAge) return;
      ctx.report({
        message: `${name} last completed a backup ${ago(now - lastSuccess)}${backups.length > completed.length ? `, and ${backups.length - completed.length} later or other backup${backups.length - completed.length === 1 ? " has" : "s have"} not completed` : ""}: a restore today would lose everything since; check the Backups' status and Velero's logs.`,
        path: ["status", "lastBackup"],
        key: "stale",
      });
      return;
    }
    // No completed Backup in view: judge by when the Schedule last started one (or was created).
    const started = timeOf(getIn(o.value, ["status", "lastBackup"]));
    const created = timeOf(getIn(o.value, ["metadata", "creationTimestamp"]));
    if (started === undefined) {
      if (created === undefined || now - created <= maxAge) return;
      ctx.report({
        message: `${name} has not started a backup since it was created ${ago(now - created)}: there is nothing to restore from; check its cron expression and Velero's logs.`,
        path: ["status"],
        anchor: "key",
        key: "never",
      });
      return;
    }
    if (backups.length === 0 && now - started <= maxAge) return;
    ctx.report({
      message: backups.length > 0
        ? `${name} has no completed backup among the ${backups.length} it made (the last started ${ago(now - started)}): there is nothing to restore from; check the Backups' status and Velero's logs.`
        : `${name} last started a backup ${ago(now - started)}: a restore today would lose everything since; check Velero's logs.`,
      path: ["status", "lastBackup"],
      key: "stale",
    });
  },
});
