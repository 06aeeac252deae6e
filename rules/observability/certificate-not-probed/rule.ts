// observability/certificate-not-probed: the hosts of a cert-manager Certificate need a Blackbox Exporter probe, so its expiry is seen before users see it (guide §4B).
import { defineRule } from "../../api.js";
import { probesIn, staticHostsOf } from "../../model/blackbox.js";
import { asArray, getIn } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

/** Names only reachable inside the cluster (webhook and service certificates): not what users reach, nor what a Blackbox probe of public hosts checks. */
const IN_CLUSTER = /(^localhost$|\.svc$|\.svc\.cluster\.local$|\.cluster\.local$|\.local$|\.internal$)/i;

export default defineRule({
  meta: {
    id: "observability/certificate-not-probed",
    title: "The hosts of a cert-manager Certificate need a Blackbox Exporter probe (certificate expiry monitoring)",
    defaultSeverity: "warning",
    kinds: ["Certificate"],
    crossObject: true,
    fix: "none",
    guide: "§4B Certificate monitoring — Blackbox Exporter",
  },
  check(ctx) {
    const o = ctx.object;
    if (groupOf(o.apiVersion) !== "cert-manager.io" || o.partial || getIn(o.value, ["spec", "isCA"]) === true) return;
    const probes = probesIn(ctx.index);
    const probed = new Set(probes.flatMap(staticHostsOf));
    // Hosts an Ingress in scope serves are observability/tls-host-not-probed's (it also knows ingress-target Probes).
    const ingressHosts = new Set(ctx.index.inNamespace("Ingress", o.namespace).flatMap((i) => asArray(getIn(i.value, ["spec", "tls"])).flatMap((t) => asArray(getIn(t, ["hosts"])))).filter((h): h is string => typeof h === "string").map((h) => h.toLowerCase()));
    const missing: { name: string; index: number }[] = [];
    asArray(getIn(o.value, ["spec", "dnsNames"])).forEach((n, i) => {
      if (typeof n !== "string" || n === "" || n.startsWith("*.") || !n.includes(".") || IN_CLUSTER.test(n)) return;
      // "<service>.<namespace>": a Service's short in-cluster name.
      const labels = n.split(".");
      if (labels.length === 2 && (labels[1] === o.namespace || ctx.index.named("Namespace", "", labels[1]!).length > 0)) return;
      const host = n.toLowerCase();
      if (probed.has(host) || ingressHosts.has(host)) return;
      missing.push({ name: n, index: i });
    });
    if (missing.length === 0) return;
    const names = missing.map((m) => `"${m.name}"`).join(", ");
    ctx.report({
      message: probes.length === 0
        ? `Certificate "${o.name}" is for ${names}, and no Blackbox Exporter Probe is in scope; if certificate expiry is not probed elsewhere, a renewal that fails silently is found by users (probe the host${missing.length > 1 ? "s" : ""} and alert on probe_ssl_earliest_cert_expiry).`
        : `Certificate "${o.name}" is for ${names}, but none of the Probes in scope (${probes.slice(0, 3).map((p) => `"${p.name}"`).join(", ")}) targets ${missing.length > 1 ? "them" : "it"}: a renewal that fails silently lets the certificate expire unnoticed; add ${missing.length > 1 ? "them" : "it"} to a Probe and alert on probe_ssl_earliest_cert_expiry.`,
      path: ["spec", "dnsNames", missing[0]!.index],
      key: "dnsNames",
      related: missing.slice(1).map((m) => ({ path: ["spec", "dnsNames", m.index], message: `"${m.name}" is not probed either` })),
      // No Probe at all in scope: monitoring is often configured elsewhere (a scrape config, another repository).
      severity: probes.length === 0 ? "info" : undefined,
    });
  },
});
