// observability/tls-host-not-probed: every Ingress TLS host needs a Blackbox Exporter probe, so certificate expiry is seen before users see it (guide §4B).
import { defineRule } from "../../api.js";
import { probeCovers, probesIn } from "../../model/blackbox.js";
import { asArray, getIn } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "observability/tls-host-not-probed",
    title: "Ingress TLS hosts need a Blackbox Exporter probe (certificate expiry monitoring)",
    defaultSeverity: "warning",
    kinds: ["Ingress"],
    crossObject: true,
    fix: "none",
    guide: "§4B Certificate monitoring — Blackbox Exporter",
  },
  check(ctx) {
    const o = ctx.object;
    if (groupOf(o.apiVersion) !== "networking.k8s.io" && groupOf(o.apiVersion) !== "extensions") return;
    const probes = probesIn(ctx.index);
    asArray(getIn(o.value, ["spec", "tls"])).forEach((tls, i) => {
      asArray(getIn(tls, ["hosts"])).forEach((h, j) => {
        if (typeof h !== "string" || h.startsWith("*.") || h === "") return; // a wildcard names no host to probe
        const host = h.toLowerCase();
        if (probes.some((p) => probeCovers(p, o, host))) return;
        ctx.report({
          message: probes.length === 0
            ? `Ingress "${o.name}" serves TLS for "${h}", and no Blackbox Exporter Probe is in scope; if certificate expiry is not probed elsewhere, an expired certificate is found by users (probe the host and alert on probe_ssl_earliest_cert_expiry).`
            : `Ingress "${o.name}" serves TLS for "${h}", but none of the Probes in scope (${probes.slice(0, 3).map((p) => `"${p.name}"`).join(", ")}) targets it: its certificate can expire unnoticed; add it to a Probe and alert on probe_ssl_earliest_cert_expiry.`,
          path: ["spec", "tls", i, "hosts", j],
          key: `${i}.${j}`,
          // No Probe at all in scope: monitoring is often configured elsewhere (a scrape config, another repository).
          severity: probes.length === 0 ? "info" : undefined,
        });
      });
    });
  },
});
