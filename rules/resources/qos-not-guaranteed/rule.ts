// resources/qos-not-guaranteed: stateful, monitoring, system-critical and configured-critical workloads must be Guaranteed (guide §3A).
import { defineRule, type Fix } from "../../api.js";
import type { KubereadyConfig } from "../../config.js";
import { asObject, getIn, type Json, type KObject } from "../../model/object.js";
import { POD_KINDS, podTemplateOf } from "../../model/podspec.js";
import { classify, qosOf, standingsOf, type QosClass, type ResourceOwner, type ResourceStanding } from "../../model/qos.js";
import { PLACEHOLDER } from "../../model/new-document.js";
import { quantityText, unquoteQuantities } from "../../model/quantity.js";
import { setFields } from "../../model/edit.js";
import { groupOf } from "../../model/workloads.js";

const MONITORING_KINDS = ["Prometheus", "Alertmanager", "ThanosRuler"];
const SYSTEM_CRITICAL = ["system-cluster-critical", "system-node-critical"];
/** prometheus-operator's defaults for the config-reloader container it adds to every pod it makes. */
const CONFIG_RELOADER_DEFAULTS = { requests: { cpu: "10m", memory: "50Mi" }, limits: { cpu: "10m", memory: "50Mi" } };

export default defineRule({
  meta: {
    id: "resources/qos-not-guaranteed",
    title: "Stateful, monitoring and critical workloads must have Guaranteed QoS",
    defaultSeverity: "warning",
    kinds: [...POD_KINDS, ...MONITORING_KINDS],
    crossObject: false,
    fix: "unsafe",
    guide: "§3A Quality of Service — Guaranteed for stateful sets and critical components",
    sources: { kubeScore: ["container-resources"], polaris: ["cpuLimitsMissing", "memoryLimitsMissing"] },
    options: {
      statefulSets: { type: "boolean", default: true, description: "StatefulSets must be Guaranteed." },
      monitoring: { type: "boolean", default: true, description: "Prometheus, Alertmanager and ThanosRuler resources (prometheus-operator) must be Guaranteed." },
      systemCritical: { type: "boolean", default: true, description: "Pods with priorityClassName system-cluster-critical or system-node-critical must be Guaranteed." },
      cpuLimits: {
        type: "boolean", default: true,
        description: "Demand CPU limits on the workloads that must be Guaranteed. When false, memory requests = limits and a CPU request without a CPU limit pass (Burstable, but never CPU-throttled).",
      },
    },
  },
  check(ctx) {
    const o = ctx.object;
    const opts = ctx.options as { statefulSets?: boolean; monitoring?: boolean; systemCritical?: boolean; cpuLimits?: boolean };
    let owners: ResourceOwner[];
    let qos: QosClass;
    let priorityClass: Json | undefined;
    if (MONITORING_KINDS.includes(o.kind)) {
      if (groupOf(o.apiVersion) !== "monitoring.coreos.com" || o.partial) return;
      owners = monitoringOwners(o);
      qos = classify(owners);
      priorityClass = getIn(o.value, ["spec", "priorityClassName"]);
    } else {
      const t = podTemplateOf(o);
      if (!t) return;
      const r = qosOf(t);
      owners = r.owners;
      qos = r.qos;
      priorityClass = t.spec.priorityClassName;
    }
    const why = requiredBecause(o, priorityClass, ctx.config, opts);
    if (!why || qos === "Guaranteed") return;
    const cpuLimits = opts.cpuLimits !== false;
    if (JSON.stringify(o.value).includes(PLACEHOLDER)) {
      // The quick fix ran and left its placeholders: say what is left to do instead of repeating the finding.
      const first = owners.find((w) => JSON.stringify(getIn(o.value, w.resourcesPath) ?? null).includes(PLACEHOLDER)) ?? owners[0];
      if (first) ctx.report({ message: `${o.kind} "${o.name}" must have Guaranteed QoS (${why}): fill in the resource placeholders (${PLACEHOLDER}) with equal requests and limits.`, path: first.resourcesPath, anchor: "key", key: "placeholders" });
      return;
    }
    if (qos === "BestEffort") {
      // Nothing is set anywhere: one finding for the workload instead of one per container.
      const first = owners[0];
      if (!first) return;
      ctx.report({
        message: `${o.kind} "${o.name}" must have Guaranteed QoS (${why}) but is BestEffort: no container sets cpu or memory requests or limits.`,
        path: first.container ? first.container.path : first.resourcesPath,
        key: "best-effort",
        fix: () => {
          const edits = owners.flatMap((w) => fixOwner(o, w, w.standings)?.edits ?? []);
          return edits.length ? { title: "Set equal requests and limits on every container (placeholders to fill in)", safe: false, edits } : undefined;
        },
      });
      return;
    }
    for (const owner of owners) {
      if (owner.implicit) continue;
      const short = owner.standings.filter((s) => !s.guaranteed && !(s.resource === "cpu" && !cpuLimits && acceptableWithoutCpuLimit(s)));
      if (short.length === 0) continue;
      const who = owner.container ? `container "${owner.container.name}"` : owner.label ?? "the pod-level resources";
      ctx.report({
        message: `${o.kind} "${o.name}" must have Guaranteed QoS (${why}) but is ${qos}: ${who} ${short.map(describe).join(", ")}.`,
        path: owner.resourcesPath,
        anchor: "key",
        key: owner.container ? `${owner.container.kind}.${owner.container.name}` : owner.resourcesPath.join("."),
        // The QoS class is the pod's: one fact however many containers fall short.
        fact: { subject: "" },
        fix: () => fixOwner(o, owner, short),
      });
    }
  },
});

function acceptableWithoutCpuLimit(s: ResourceStanding): boolean {
  return s.limit === undefined && s.request !== undefined;
}

function monitoringOwners(o: KObject): ResourceOwner[] {
  const main = o.kind === "ThanosRuler" ? "thanos-ruler" : o.kind.toLowerCase();
  const owners: ResourceOwner[] = [{ resourcesPath: ["spec", "resources"], label: `its ${main} container (spec.resources)`, standings: standingsOf(asObject(getIn(o.value, ["spec", "resources"]))) }];
  // The Thanos sidecar of a Prometheus runs in the same pod; its resources count too.
  if (o.kind === "Prometheus" && asObject(getIn(o.value, ["spec", "thanos"]))) {
    owners.push({ resourcesPath: ["spec", "thanos", "resources"], label: "its thanos-sidecar container (spec.thanos.resources)", standings: standingsOf(asObject(getIn(o.value, ["spec", "thanos", "resources"]))) });
  }
  // The operator adds a config-reloader container with its own requests and limits (flags --config-reloader-*,
  // default 10m cpu and 50Mi memory for both), so these pods are never BestEffort.
  owners.push({ resourcesPath: ["spec"], label: "the operator's config-reloader container", implicit: true, standings: standingsOf(CONFIG_RELOADER_DEFAULTS) });
  return owners;
}

/**
 * Why this workload must be Guaranteed when resources/qos-not-guaranteed is on, as that rule is configured; undefined
 * otherwise. resources/best-effort leaves such workloads to this rule, so one problem gives one finding.
 */
export function guaranteedRequiredBecause(o: KObject, priorityClass: Json | undefined, config: KubereadyConfig): string | undefined {
  const id = "resources/qos-not-guaranteed";
  if (config.rules[id] === "off") return undefined;
  return requiredBecause(o, priorityClass, config, (config.ruleOptions[id] ?? {}) as { statefulSets?: boolean; monitoring?: boolean; systemCritical?: boolean });
}

function requiredBecause(o: KObject, priorityClass: Json | undefined, config: KubereadyConfig, opts: { statefulSets?: boolean; monitoring?: boolean; systemCritical?: boolean }): string | undefined {
  if (isConfiguredCritical(o, config)) return "listed in criticalWorkloads";
  if (opts.systemCritical !== false && typeof priorityClass === "string" && SYSTEM_CRITICAL.includes(priorityClass)) return `priority class ${priorityClass}`;
  if (opts.statefulSets !== false && o.kind === "StatefulSet") return "a stateful set";
  if (opts.monitoring !== false && MONITORING_KINDS.includes(o.kind)) return "monitoring must survive node pressure";
  return undefined;
}

/** criticalWorkloads entries: "name", "namespace/name" or "Kind/namespace/name". */
export function isConfiguredCritical(o: KObject, config: KubereadyConfig): boolean {
  return config.criticalWorkloads.some((entry) => {
    const parts = entry.split("/");
    if (parts.length === 1) return parts[0] === o.name;
    if (parts.length === 2) return parts[0] === o.namespace && parts[1] === o.name;
    return parts[0] === o.kind && parts[1] === o.namespace && parts[2] === o.name;
  });
}

function describe(s: ResourceStanding): string {
  const req = quantityText(s.requestValue), lim = quantityText(s.limitValue);
  if (s.limit && s.request) return `has ${s.resource} request ${req} but limit ${lim}`;
  if (s.request) return `has a ${s.resource} request (${req}) but no ${s.resource} limit`;
  if (s.limit) return `has a zero ${s.resource} request`;
  return `sets no ${s.resource} request or limit`;
}

/** Requests := limits, limits := requests; where neither exists a placeholder makes the fix unsafe. */
function fixOwner(o: KObject, owner: ResourceOwner, short: ResourceStanding[]): Fix | undefined {
  const requests: Record<string, string | number> = {};
  const limits: Record<string, string | number> = {};
  let guessed = false;
  for (const s of short) {
    if (s.limit && s.limitValue !== undefined) requests[s.resource] = s.limitValue as string | number;
    else if (s.request && s.requestValue !== undefined) limits[s.resource] = s.requestValue as string | number;
    else { requests[s.resource] = PLACEHOLDER; limits[s.resource] = PLACEHOLDER; guessed = true; }
  }
  const values: Record<string, Record<string, string | number>> = {};
  if (Object.keys(requests).length) values.requests = requests;
  if (Object.keys(limits).length) values.limits = limits;
  const edits = setFields(o, owner.resourcesPath, values);
  if (!edits) return undefined;
  const who = owner.container ? `container "${owner.container.name}"` : owner.label ?? "the pod";
  return {
    title: guessed ? `Set requests and limits of ${who} (placeholders to fill in)` : `Make requests equal limits for ${who} (a new limit stops use above it; raised requests may not fit the nodes)`,
    safe: false,
    edits: edits.map((e) => ({ ...e, newText: unquoteQuantities(e.newText) })),
  };
}
