// backup/stateful-namespace-not-backed-up: namespaces with persistent data need a Velero Schedule that backs them up, volumes included (guide §4C).
import { defineRule } from "../../api.js";
import { asArray, asObject, getIn, type KObject } from "../../model/object.js";
import { podTemplateOf } from "../../model/podspec.js";
import type { ObjectIndex } from "../../model/scope.js";
import { backsUpVolumes, scheduleCovers, veleroSchedulesIn } from "../../model/velero.js";
import { templateControllerOf } from "../../model/workloads.js";

const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

/** The object keeps data on persistent volumes: a PVC, or a StatefulSet with claim templates or claims in its pods. */
function holdsData(o: KObject): boolean {
  if (o.kind === "PersistentVolumeClaim") return o.apiVersion === "v1" && !templateControllerOf(o.value);
  if (o.kind !== "StatefulSet") return false;
  if (asArray(getIn(o.value, ["spec", "volumeClaimTemplates"])).length > 0) return true;
  const t = podTemplateOf(o);
  return asArray(t?.spec.volumes).some((v) => asObject(v)?.persistentVolumeClaim !== undefined);
}

/** A live PVC that a StatefulSet's claim template made (`<template>-<statefulset>-<ordinal>`): judged on the StatefulSet. */
function madeByStatefulSet(index: ObjectIndex, pvc: KObject): boolean {
  return index.inNamespace("StatefulSet", pvc.namespace).some((sts) => asArray(getIn(sts.value, ["spec", "volumeClaimTemplates"]))
    .some((t) => { const n = getIn(t, ["metadata", "name"]); return typeof n === "string" && new RegExp(`^${escapeRegExp(n)}-${escapeRegExp(sts.name)}-\\d+$`).test(pvc.name); }));
}

/** The object is judged: it holds data in a namespace that is not the system's, and no controller made it. */
function judged(index: ObjectIndex, o: KObject): boolean {
  if (o.partial || !o.namespace || SYSTEM_NAMESPACES.includes(o.namespace) || !holdsData(o)) return false;
  return !(o.kind === "PersistentVolumeClaim" && (asArray(getIn(o.value, ["metadata", "ownerReferences"])).length > 0 || madeByStatefulSet(index, o)));
}

/** The first object of a namespace, in scope order, that this rule judges: where a namespace-wide note goes. */
function firstHolder(index: ObjectIndex, namespace: string): KObject | undefined {
  return index.derived(`kubeready.backup.firstHolder.${namespace}`, (ix) => {
    const first = (kind: string) => ix.inNamespace(kind, namespace).find((o) => judged(ix, o));
    const sts = first("StatefulSet"), pvc = first("PersistentVolumeClaim");
    if (!sts || !pvc) return sts ?? pvc;
    const all = ix.inNamespaceAll(namespace);
    return all.indexOf(sts) <= all.indexOf(pvc) ? sts : pvc;
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export default defineRule({
  meta: {
    id: "backup/stateful-namespace-not-backed-up",
    title: "Namespaces with persistent data need a Velero Schedule that backs them up",
    defaultSeverity: "warning",
    kinds: ["StatefulSet", "PersistentVolumeClaim"],
    crossObject: true,
    fix: "none",
    guide: "§4C Disaster recovery — Velero",
  },
  check(ctx) {
    const o = ctx.object;
    if (!judged(ctx.index, o)) return;
    const schedules = veleroSchedulesIn(ctx.index);
    // No Schedule in scope at all: Velero is often configured in another repository (the platform team's). Said once
    // per namespace, as information, on the namespace's first object that holds data.
    if (schedules.length === 0 && firstHolder(ctx.index, o.namespace) !== o) return;
    // A fact about the namespace, said once per file: on the file's first object of the namespace that holds data, the
    // others as related locations.
    const inFile = [...ctx.index.inNamespace("StatefulSet", o.namespace), ...ctx.index.inNamespace("PersistentVolumeClaim", o.namespace)]
      .filter((x) => x.uri === o.uri && judged(ctx.index, x))
      .sort((a, b) => a.source.chunk.offset - b.source.chunk.offset);
    if (schedules.length > 0 && inFile.length && inFile[0] !== o) return;
    const others = schedules.length > 0 ? inFile.filter((x) => x !== o) : [];
    const related = others.map((x) => ({ on: x, path: ["metadata", "name"], message: `${x.kind} "${x.name}" keeps data in namespace "${o.namespace}" too` }));
    const also = others.length ? ` (and ${others.length === 1 ? "1 other object" : `${others.length} other objects`} of this file)` : "";
    const covering = schedules.filter((s) => scheduleCovers(s, o.namespace));
    const what = (o.kind === "StatefulSet" ? `StatefulSet "${o.name}" keeps data on persistent volumes` : `PersistentVolumeClaim "${o.name}" holds data`) + also;
    if (covering.length === 0) {
      ctx.report({
        message: schedules.length === 0
          ? `${what} in namespace "${o.namespace}", and no Velero Schedule is in scope; if backups are not configured in another repository, losing the cluster or the volume loses the data (said once for the namespace).`
          : `${what}, but no Velero Schedule in scope backs up namespace "${o.namespace}" (${schedules.map((s) => `"${s.name}"`).slice(0, 3).join(", ")} ${schedules.length === 1 ? "does" : "do"} not include it, or ${schedules.length === 1 ? "is" : "are"} paused); losing the cluster or the volume loses the data.`,
        path: ["metadata", "name"],
        key: o.namespace,
        fact: { namespace: o.namespace },
        related,
        // No Schedule at all in scope: Velero is often configured in another repository (information).
        severity: schedules.length === 0 ? "info" : undefined,
      });
      return;
    }
    if (!covering.some(backsUpVolumes)) {
      ctx.report({
        message: `${what}, but the Velero Schedule${covering.length > 1 ? "s" : ""} covering namespace "${o.namespace}" (${covering.map((s) => `"${s.name}"`).slice(0, 3).join(", ")}) set snapshotVolumes: false without file-system backup: the backup restores the objects with empty volumes.`,
        path: ["metadata", "name"],
        key: `${o.namespace}.volumes`,
        fact: { namespace: o.namespace, subject: "volumes" },
        related,
      });
    }
  },
});
