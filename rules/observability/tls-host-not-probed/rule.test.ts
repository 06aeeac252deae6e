// Tests for observability/tls-host-not-probed: each TLS host of an Ingress and the Blackbox Probes in scope.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const ingress = fixture("invalid").split("---\n")[1];
const probe = (targets: string) => `apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: p, namespace: monitoring}
spec:
  module: http_2xx
  targets:
${targets}`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "static targets with scheme, port and path, in another file", yaml: ingress, files: { "file:///test/p.yaml": probe("    staticConfig:\n      static: ['https://WWW.example.com/healthz', 'shop.example.com:443']\n") } },
    { name: "an ingress target in the Probe's own namespace", yaml: ingress.replace("namespace: shop\n", "namespace: shop\n  labels: {tls: probed}\n"), files: { "file:///test/p.yaml": probe("    ingress:\n      selector: {matchLabels: {tls: probed}}\n").replace("namespace: monitoring", "namespace: shop") } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: one host probed, the other not",
      yaml: fixture("invalid"),
      findings: [{ line: 20, column: 32, severity: "warning", message: 'Ingress "shop" serves TLS for "shop.example.com", but none of the Probes in scope ("public-sites") targets it: its certificate can expire unnoticed; add it to a Probe and alert on probe_ssl_earliest_cert_expiry.' }],
    },
    {
      name: "no Probe in scope: information on each host",
      yaml: ingress,
      findings: [{ line: 8, column: 15, severity: "info", message: /no Blackbox Exporter Probe is in scope/ }, { line: 8, column: 32, severity: "info" }],
    },
    {
      name: "an ingress target whose namespaceSelector names another namespace",
      yaml: ingress.replace("namespace: shop\n", "namespace: shop\n  labels: {tls: probed}\n"),
      files: { "file:///test/p.yaml": probe("    ingress:\n      selector: {matchLabels: {tls: probed}}\n      namespaceSelector: {matchNames: [web]}\n") },
      findings: [{ line: 9, severity: "warning" }, { line: 9, severity: "warning" }],
    },
  ],
});
