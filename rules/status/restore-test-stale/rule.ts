// status/restore-test-stale: the last Velero restore a live cluster shows is old or did not complete (guide §4C restore tests).
import { defineRule } from "../../api.js";
import { getIn, type KObject } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

const DAY_MS = 86_400_000;
const FINISHED = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

const timeOf = (v: unknown): number | undefined => typeof v === "string" && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined;
/** When a finished Restore ended (its creation when Velero wrote no completion time, as for FailedValidation). */
const endedAt = (r: KObject) => timeOf(getIn(r.value, ["status", "completionTimestamp"])) ?? timeOf(getIn(r.value, ["metadata", "creationTimestamp"]));
const ago = (ms: number) => ms < 2 * DAY_MS ? `${Math.max(0, Math.floor(ms / 3_600_000))} hours ago` : `${Math.floor(ms / DAY_MS)} days ago`;

export default defineRule({
  meta: {
    id: "status/restore-test-stale",
    title: "The last Velero restore test must be recent and complete",
    defaultSeverity: "info",
    kinds: ["Restore"],
    crossObject: true,
    fix: "none",
    guide: "§4C Disaster Recovery Drills — Restore Test",
    options: {
      maxAgeDays: { type: "number", default: 90, description: "Report when the newest completed restore is older than this many days." },
      now: { type: "string", default: "", description: "The time to judge against (RFC 3339); empty means the current time. For reproducible reports and tests." },
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (groupOf(o.apiVersion) !== "velero.io" || !FINISHED.includes(String(getIn(o.value, ["status", "phase"])))) return;
    // One fact per Velero installation: said on its newest finished Restore.
    const finished = ctx.index.inNamespace("Restore", o.namespace)
      .filter((r) => groupOf(r.apiVersion) === "velero.io" && FINISHED.includes(String(getIn(r.value, ["status", "phase"]))) && endedAt(r) !== undefined);
    const newest = finished.reduce<KObject | undefined>((best, r) => (best === undefined || endedAt(r)! > endedAt(best)! ? r : best), undefined);
    if (newest !== o) return;
    const now = typeof ctx.options.now === "string" && ctx.options.now ? Date.parse(ctx.options.now) : Date.now();
    const maxAge = (typeof ctx.options.maxAgeDays === "number" ? ctx.options.maxAgeDays : 90) * DAY_MS;
    const phase = String(getIn(o.value, ["status", "phase"]));
    const from = getIn(o.value, ["spec", "backupName"]) ?? getIn(o.value, ["spec", "scheduleName"]);
    const source = typeof from === "string" ? ` from "${from}"` : "";
    const age = now - endedAt(o)!;
    if (phase !== "Completed") {
      const completed = finished.filter((r) => getIn(r.value, ["status", "phase"]) === "Completed").map((r) => endedAt(r)!);
      const last = completed.length ? ` The last complete one ended ${ago(now - Math.max(...completed))}.` : " No restore in view has completed.";
      ctx.report({
        message: `The last Velero restore test, Restore "${o.name}"${source}, ended ${phase} ${ago(age)}: a real restore would not bring everything back; see \`velero restore describe ${o.name} --details\`.${last}`,
        path: ["status", "phase"],
        severity: "warning",
      });
      return;
    }
    if (age <= maxAge) return;
    ctx.report({
      message: `The last Velero restore test in this cluster, Restore "${o.name}"${source}, completed ${ago(age)}: restores are not being tested regularly, so whether the backups still restore is unknown.`,
      path: ["status", "completionTimestamp"],
    });
  },
});
