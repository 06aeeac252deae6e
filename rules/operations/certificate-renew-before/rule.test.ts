// Tests for operations/certificate-renew-before.
import assert from "node:assert/strict";
import { it } from "node:test";
import { testRule } from "../../testing.js";
import rule, { parseGoDuration } from "./rule.js";

const cert = (spec: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop-tls, namespace: shop}
spec:
  secretName: shop-tls
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
  dnsNames: [shop.example.com]
${spec}`;

it("parses Go durations", () => {
  assert.equal(parseGoDuration("2160h"), 2160 * 3600);
  assert.equal(parseGoDuration("1h30m"), 5400);
  assert.equal(parseGoDuration("90d"), undefined);
  assert.equal(parseGoDuration("h"), undefined);
});

testRule(rule, {
  valid: [
    { name: "renewBefore shorter than duration", yaml: cert("  duration: 2160h\n  renewBefore: 360h\n") },
    { name: "renewBefore shorter than the default duration", yaml: cert("  renewBefore: \"720h\"\n") },
    { name: "renewBeforePercentage", yaml: cert("  renewBeforePercentage: 33\n") },
    // Narrowed after the real-world set: cert-manager's implicit default (a third of the lifetime) is what people want.
    { name: "renewBefore unset: cert-manager's default window applies", yaml: cert("  duration: 2160h # 90 days\n") },
    { name: "another group's Certificate", yaml: "apiVersion: example.com/v1\nkind: Certificate\nmetadata: {name: c}\nspec: {}\n" },
  ],
  invalid: [
    {
      name: "renewBefore not shorter than duration",
      yaml: cert("  duration: 24h\n  renewBefore: 1440m\n"),
      findings: [{ line: 9, column: 16, severity: "warning", message: 'Certificate "shop-tls" sets renewBefore 1440m, not shorter than its duration 24h: cert-manager would renew it continuously, so it rejects or mis-renews it.' }],
      output: cert("  duration: 24h\n  renewBefore: \"8h\"\n"),
    },
  ],
});
