// Tests for observability/certificate-not-probed: the public hosts of a cert-manager Certificate and the Blackbox Probes in scope.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const certificate = fixture("invalid").split("---\n")[0]!;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "a host an Ingress in scope serves (tls-host-not-probed judges it)", yaml: certificate, files: { "file:///test/ing.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: api, namespace: shop}\nspec:\n  tls: [{hosts: [api.example.com, admin.example.com], secretName: api-tls}]\n  rules: [{host: api.example.com}]\n" } },
    { name: "a Service's short in-cluster name (<service>.<namespace>)", yaml: certificate.replace("    - api.example.com\n    - admin.example.com\n", "    - api.shop\n") },
    { name: "a CA certificate", yaml: certificate.replace("  dnsNames:", "  isCA: true\n  dnsNames:") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: one host of two probed",
      yaml: fixture("invalid"),
      findings: [{ line: 12, column: 7, severity: "warning", message: 'Certificate "api-tls" is for "admin.example.com", but none of the Probes in scope ("public-endpoints") targets it: a renewal that fails silently lets the certificate expire unnoticed; add it to a Probe and alert on probe_ssl_earliest_cert_expiry.' }],
    },
    {
      name: "no Probe in scope: information, once for both hosts",
      yaml: certificate,
      findings: [{ line: 11, severity: "info", message: /Certificate "api-tls" is for "api.example.com", "admin.example.com", and no Blackbox Exporter Probe is in scope/ }],
    },
  ],
});
