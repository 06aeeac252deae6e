// observability/monitor-selects-nothing: a ServiceMonitor or PodMonitor whose selector (or endpoint port) matches nothing in scope scrapes nothing.
import { defineRule } from "../../api.js";
import { asArray, getIn, type KObject } from "../../model/object.js";
import { MONITORING_GROUP } from "../../model/prometheus.js";
import { SYSTEM_NAMESPACES } from "../../model/rbac.js";
import { describeSelector, isEmptySelector, selectorMatches, toLabelSelector, type LabelSelector } from "../../model/selectors.js";
import { containerPortNames, metadataOnlyLabels, serviceLabels, serviceOf, type ServiceInfo } from "../../model/services.js";
import type { ObjectIndex } from "../../model/scope.js";
import { deployedTogether, partnerCouldBeInScope, reachableElsewhere } from "../../model/units.js";
import { customResourceLabelSets, podSourcesIn, type PodSource } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "observability/monitor-selects-nothing",
    title: "ServiceMonitors and PodMonitors must select something to scrape",
    defaultSeverity: "warning",
    kinds: ["ServiceMonitor", "PodMonitor"],
    crossObject: true,
    fix: "none",
    guide: "§1A Prometheus & Thanos HA",
    sources: { kubeLinter: ["dangling-servicemonitor"] },
  },
  check(ctx) {
    const o = ctx.object;
    if (o.partial || !o.apiVersion.startsWith(`${MONITORING_GROUP}/`)) return;
    const selector = toLabelSelector(getIn(o.value, ["spec", "selector"]));
    // No selector or `{}`: every Service (Pod) of the namespaces, nothing to judge.
    if (!selector || isEmptySelector(selector)) return;
    const namespaces = targetNamespaces(o);
    // `any: true` (every namespace) or a system namespace (the kubelet, kube-dns): the targets are outside any repository.
    if (!namespaces || namespaces.some((ns) => SYSTEM_NAMESPACES.includes(ns))) return;
    const where = namespaces.length === 1 ? `namespace "${namespaces[0]}"` : `namespaces ${namespaces.map((n) => `"${n}"`).join(", ")}`;
    const isPodMonitor = o.kind === "PodMonitor";
    const what = isPodMonitor ? "pods of any workload" : "Service";
    const endpointsField = isPodMonitor ? "podMetricsEndpoints" : "endpoints";

    if (isPodMonitor) {
      const sources = namespaces.flatMap((ns) => podSourcesIn(ctx.index, ns));
      const selected = sources.filter((s) => selectorMatches(selector, s.podLabels));
      if (selected.length === 0) {
        if (!judgeable(ctx.index, o, sources.map((s) => s.object), namespaces, selector)) return;
        if (defaultsToOwnNamespace(o) && reachableElsewhere(o, otherNamespaces(ctx.index, o).flatMap((ns) => podSourcesIn(ctx.index, ns)).filter((s) => selectorMatches(selector, s.podLabels)).map((s) => s.object)).length > 0) return;
        report(ctx, o, what, where, selector);
        return;
      }
      checkPorts(ctx, o, endpointsField, selected.filter((s) => deployedTogether(s.object, o)), podPorts, "container port");
      return;
    }
    const services = namespaces.flatMap((ns) => ctx.index.inNamespace("Service", ns)).map(serviceOf).filter((s): s is ServiceInfo => s !== undefined);
    const extra = metadataOnlyLabels(ctx.index);
    const hasExtra = Object.keys(extra).length > 0;
    const selected = services.filter((s) => selectorMatches(selector, serviceLabels(s)) || (hasExtra && s.object.builds.length > 0 && selectorMatches(selector, { ...serviceLabels(s), ...extra })));
    if (selected.length === 0) {
      if (!judgeable(ctx.index, o, services.map((s) => s.object), namespaces, selector)) return;
      // A monitor that names no namespace may be applied beside Services of another namespace deployed with it.
      if (defaultsToOwnNamespace(o) && reachableElsewhere(o, otherNamespaces(ctx.index, o).flatMap((ns) => ctx.index.inNamespace("Service", ns)).filter((x) => { const s = serviceOf(x); return !!s && selectorMatches(selector, serviceLabels(s)); })).length > 0) return;
      report(ctx, o, what, where, selector);
      return;
    }
    checkPorts(ctx, o, endpointsField, selected.filter((s) => deployedTogether(s.object, o)), servicePorts, "Service port");
  },
});

/** No namespaceSelector: the monitor looks in its own namespace, whichever that turns out to be. */
function defaultsToOwnNamespace(o: KObject): boolean {
  return getIn(o.value, ["spec", "namespaceSelector", "matchNames"]) === undefined;
}

function otherNamespaces(index: ObjectIndex, o: KObject): string[] {
  return index.namespaces().filter((ns) => ns !== o.namespace);
}

/** The namespaces a monitor looks in: its own by default, `matchNames`, or undefined for `any: true`. */
function targetNamespaces(o: KObject): string[] | undefined {
  if (getIn(o.value, ["spec", "namespaceSelector", "any"]) === true) return undefined;
  const names = asArray(getIn(o.value, ["spec", "namespaceSelector", "matchNames"])).filter((n): n is string => typeof n === "string" && n !== "");
  return names.length ? names : [o.namespace];
}

/**
 * Whether "selects nothing" can be said: the partners are deployed with the monitor, and no custom resource of those
 * namespaces writes the labels (an operator, or a Helm release, makes such Services and pods).
 */
function judgeable(index: ObjectIndex, o: KObject, partners: readonly KObject[], namespaces: readonly string[], selector: LabelSelector): boolean {
  if (!partnerCouldBeInScope(o, partners)) return false;
  return !namespaces.some((ns) => customResourceLabelSets(index, ns).some((labels) => selectorMatches(selector, labels)));
}

function report(ctx: { report: (r: import("../../api.js").Report) => void }, o: KObject, what: string, where: string, selector: LabelSelector): void {
  ctx.report({
    message: `${o.kind} "${o.name}" selects no ${what} in scope in ${where} (${describeSelector(selector)}); Prometheus scrapes nothing for it and no alert says so.`,
    path: ["spec", "selector"],
    anchor: "key",
  });
}

function servicePorts(s: ServiceInfo): ReadonlySet<string> | undefined {
  return new Set(s.ports.map((p) => p.name).filter((n): n is string => n !== undefined));
}

function podPorts(s: PodSource): ReadonlySet<string> | undefined {
  return containerPortNames(s);
}

/** Each endpoint's `port` must be a port name of what it selected (deployed with it); else that endpoint has no target. */
function checkPorts<T extends { object: KObject }>(
  ctx: { report: (r: import("../../api.js").Report) => void }, o: KObject, field: string, selected: readonly T[],
  portsOf: (x: T) => ReadonlySet<string> | undefined, noun: string,
): void {
  if (selected.length === 0) return;
  const declared = selected.map(portsOf);
  if (declared.some((d) => d === undefined)) return;
  asArray(getIn(o.value, ["spec", field])).forEach((e, i) => {
    const port = getIn(e, ["port"]);
    if (typeof port !== "string" || port === "") return;
    if (declared.some((d) => d!.has(port))) return;
    const names = selected.map((x) => `${x.object.kind} "${x.object.name}"`).join(", ");
    ctx.report({
      message: `${o.kind} "${o.name}" ${field}[${i}] scrapes the ${noun} named "${port}", which none of what it selects (${names}) declares; this endpoint scrapes nothing.`,
      path: ["spec", field, i, "port"],
      key: `${field}.${i}`,
      related: selected.map((x) => ({ on: x.object, path: ["metadata", "name"], message: `${x.object.kind} "${x.object.name}": selected, no ${noun} "${port}"` })),
    });
  });
}

