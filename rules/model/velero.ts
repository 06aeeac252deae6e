// Velero Schedules: which namespaces one backs up and whether it keeps volume data (backup rules and completions).
import { asArray, asObject, getIn, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { groupOf } from "./workloads.js";

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");

/** Velero's include/exclude lists: empty or "*" includes every namespace; a paused Schedule covers none. */
export function scheduleCovers(s: KObject, namespace: string): boolean {
  if (getIn(s.value, ["spec", "paused"]) === true) return false;
  const t = asObject(getIn(s.value, ["spec", "template"])) ?? {};
  const included = strings(t.includedNamespaces);
  if (included.length > 0 && !included.includes("*") && !included.includes(namespace)) return false;
  return !strings(t.excludedNamespaces).includes(namespace);
}

/** Whether a schedule backs up volume data: snapshots (Velero's default) or file-system backup. */
export function backsUpVolumes(s: KObject): boolean {
  const t = asObject(getIn(s.value, ["spec", "template"])) ?? {};
  return t.snapshotVolumes !== false || t.defaultVolumesToFsBackup === true || t.defaultVolumesToRestic === true;
}

/** Every whole Velero Schedule in scope. */
export function veleroSchedulesIn(index: ObjectIndex): KObject[] {
  return index.ofKind("Schedule").filter((s) => groupOf(s.apiVersion) === "velero.io" && !s.partial);
}
