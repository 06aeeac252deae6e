// Tests for status/certificate-expiring.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const at = (now: string, extra: Record<string, unknown> = {}) => ({ rules: { "status/certificate-expiring": { now, ...extra } } });
const cert = (notAfter: string) =>
  `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\nspec: {secretName: c}\nstatus:\n  notAfter: "${notAfter}"\n`;

testRule(rule, {
  valid: [
    { name: "fixture: far from expiry, and a manifest without status", yaml: fixture("valid.yaml"), config: at("2026-06-01T00:00:00Z") },
    { name: "exactly the threshold away", yaml: cert("2026-07-01T00:00:00Z"), config: at("2026-06-01T00:00:00Z") },
    { name: "a shorter threshold", yaml: cert("2026-06-13T00:00:00Z"), config: at("2026-06-01T00:00:00Z", { withinDays: 7 }) },
    { name: "not a cert-manager Certificate", yaml: "apiVersion: example.com/v1\nkind: Certificate\nmetadata: {name: c}\nstatus: {notAfter: \"2020-01-01T00:00:00Z\"}\n" },
  ],
  invalid: [
    {
      name: "fixture: 12 days left",
      yaml: fixture("invalid.yaml"),
      config: at("2026-06-01T00:00:00Z"),
      findings: [{ line: 15, column: 13, severity: "warning", message: /"payments-api-tls" expires in 12 days \(2026-06-13T00:00:00Z\)/ }],
    },
    {
      name: "already expired is an error",
      yaml: cert("2026-05-30T00:00:00Z"),
      config: at("2026-06-01T00:00:00Z"),
      findings: [{ line: 6, column: 13, severity: "error", message: /"c" expired on 2026-05-30T00:00:00Z/ }],
    },
  ],
});
