// observability/cert-expiry-alert-missing: a Blackbox probe of TLS hosts needs an alert on probe_ssl_earliest_cert_expiry, or nobody hears of the expiry it measures (guide §4B).
import { defineRule } from "../../api.js";
import { alertsOnCertExpiry, CERT_EXPIRY_METRIC, prometheusRulesIn, staticHostsOf } from "../../model/blackbox.js";
import { asArray, getIn } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "observability/cert-expiry-alert-missing",
    title: "Blackbox probes of TLS hosts need an alert on probe_ssl_earliest_cert_expiry",
    defaultSeverity: "warning",
    kinds: ["Probe"],
    crossObject: true,
    fix: "none",
    guide: "§4B Certificate monitoring — Blackbox Exporter",
  },
  check(ctx) {
    const o = ctx.object;
    if (groupOf(o.apiVersion) !== "monitoring.coreos.com" || o.partial) return;
    // A probe that sees certificates: a TLS module, an https:// or :443 target, or Ingress targets. An http_2xx probe of
    // plain http:// targets (in-cluster services) records no certificate.
    const module = getIn(o.value, ["spec", "module"]);
    const statics = asArray(getIn(o.value, ["spec", "targets", "staticConfig", "static"])).filter((t): t is string => typeof t === "string");
    const tls = (typeof module === "string" && /tls|ssl/i.test(module)) || statics.some((t) => /^https:\/\/|^[^/]+:443(\/|$)/i.test(t)) || getIn(o.value, ["spec", "targets", "ingress"]) !== undefined;
    if (!tls) return;
    const rules = prometheusRulesIn(ctx.index);
    if (rules.some(alertsOnCertExpiry)) return;
    const names = staticHostsOf(o);
    const hosts = names.length ? ` (${names.slice(0, 3).map((h) => `"${h}"`).join(", ")}${names.length > 3 ? ", …" : ""})` : "";
    ctx.report({
      message: rules.length === 0
        ? `Probe "${o.name}" measures certificate expiry${hosts}, and no PrometheusRule is in scope; if no alert on ${CERT_EXPIRY_METRIC} is configured elsewhere, nobody is told before a certificate expires.`
        : `Probe "${o.name}" measures certificate expiry${hosts}, but none of the PrometheusRules in scope alerts on ${CERT_EXPIRY_METRIC}: the probe records the expiry date and nobody is told before it passes; add an alert such as (${CERT_EXPIRY_METRIC} - time()) / 86400 < 14.`,
      path: ["spec", "module"],
      anchor: "key",
      key: "alert",
      // No PrometheusRule at all in scope: alerting is often configured elsewhere (the monitoring stack's repository).
      severity: rules.length === 0 ? "info" : undefined,
    });
  },
});
