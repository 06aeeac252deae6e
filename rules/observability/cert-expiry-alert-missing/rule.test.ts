// Tests for observability/cert-expiry-alert-missing: Blackbox probes that see certificates and the alerts in scope.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const probe = fixture("invalid").split("---\n")[0]!;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "the alert in another file", yaml: probe, files: { "file:///test/rules.yaml": fixture("valid").split("---\n")[1]! } },
    { name: "an http_2xx probe of plain http:// services", yaml: probe.replace("https://api.example.com/healthz", "http://frontend.shop:80") },
    { name: "a probe that sees no certificate (icmp)", yaml: probe.replace("http_2xx", "icmp").replace("https://api.example.com/healthz", "10.0.0.1") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: PrometheusRules in scope, none on certificate expiry",
      yaml: fixture("invalid"),
      findings: [{ line: 8, column: 3, severity: "warning", message: 'Probe "public-endpoints" measures certificate expiry ("api.example.com"), but none of the PrometheusRules in scope alerts on probe_ssl_earliest_cert_expiry: the probe records the expiry date and nobody is told before it passes; add an alert such as (probe_ssl_earliest_cert_expiry - time()) / 86400 < 14.' }],
    },
    {
      name: "no PrometheusRule in scope: information",
      yaml: probe,
      findings: [{ line: 8, severity: "info", message: /and no PrometheusRule is in scope; if no alert on probe_ssl_earliest_cert_expiry is configured elsewhere/ }],
    },
  ],
});
