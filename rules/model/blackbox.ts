// Blackbox Exporter probes as prometheus-operator describes them (Probe), and the alerts on certificate expiry (PrometheusRule).
import { asArray, asObject, getIn, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { selectorMatches, toLabelSelector } from "./selectors.js";
import { groupOf } from "./workloads.js";

/** The metric the Blackbox Exporter exposes for a TLS probe: when the earliest certificate of the chain expires. */
export const CERT_EXPIRY_METRIC = "probe_ssl_earliest_cert_expiry";

/** The host of a probe target (`https://shop.example.com/healthz`, `shop.example.com:443`). */
export function hostOf(target: string): string {
  const noScheme = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  return noScheme.split(/[/:?#]/)[0]!.toLowerCase();
}

export function probesIn(index: ObjectIndex): KObject[] {
  return index.ofKind("Probe").filter((p) => groupOf(p.apiVersion) === "monitoring.coreos.com" && !p.partial);
}

/** The hosts of a Probe's static targets. */
export function staticHostsOf(probe: KObject): string[] {
  return asArray(getIn(probe.value, ["spec", "targets", "staticConfig", "static"])).filter((t): t is string => typeof t === "string").map(hostOf);
}

/** Whether a Probe checks this host of this Ingress: a static target, or an ingress target selecting it. */
export function probeCovers(probe: KObject, ingress: KObject, host: string): boolean {
  if (staticHostsOf(probe).includes(host)) return true;
  const targets = asObject(getIn(probe.value, ["spec", "targets"])) ?? {};
  const ing = asObject(targets.ingress);
  if (!ing) return false;
  const sel = toLabelSelector(ing.selector);
  if (!sel || !selectorMatches(sel, ingress.labels)) return false;
  const nsSel = asObject(ing.namespaceSelector);
  if (nsSel?.any === true) return true;
  const names = asArray(nsSel?.matchNames);
  return names.length > 0 ? names.includes(ingress.namespace) : probe.namespace === ingress.namespace;
}

/** PrometheusRules in scope, and those with an expression on certificate expiry. */
export function prometheusRulesIn(index: ObjectIndex): KObject[] {
  return index.ofKind("PrometheusRule").filter((r) => groupOf(r.apiVersion) === "monitoring.coreos.com" && !r.partial);
}

export function alertsOnCertExpiry(rule: KObject): boolean {
  return asArray(getIn(rule.value, ["spec", "groups"])).some((g) => asArray(getIn(g, ["rules"]))
    .some((r) => { const e = getIn(r, ["expr"]); return typeof e === "string" && e.includes(CERT_EXPIRY_METRIC); }));
}
