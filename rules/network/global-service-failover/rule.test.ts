// Tests for network/global-service-failover: every copy of a global service global, and its affinity chosen.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const service = (annotations: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: checkout\n  namespace: shop\n${annotations}spec:\n  selector: {app: checkout}\n  ports: [{port: 8080}]\n`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "an ordinary Service with no global copy", yaml: service("") },
    { name: "both clusters' copies global (older io.cilium alias)", yaml: service("  annotations: {io.cilium/global-service: \"true\", io.cilium/service-affinity: remote}\n"), files: { "file:///test/west/svc.yaml": fixture("valid") } },
    { name: "affinity none chosen deliberately", yaml: service("  annotations: {service.cilium.io/global: \"true\", service.cilium.io/affinity: none}\n") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: no affinity (information), fixed to local",
      yaml: fixture("invalid"),
      findings: [{ line: 8, column: 5, severity: "info", message: 'Global Service "checkout" chooses no service.cilium.io/affinity: Cilium then balances every request across all clusters\' pods, crossing clusters even when local pods are healthy; for failover set "local" (remote pods only when no local one is ready), or "none" deliberately.' }],
      output: fixture("invalid").replace('    service.cilium.io/global: "true"\n', '    service.cilium.io/global: "true"\n    service.cilium.io/affinity: local\n'),
    },
    {
      name: "the other cluster's copy is global, this one is not",
      yaml: service(""),
      files: { "file:///test/west/svc.yaml": fixture("valid") },
      findings: [{ line: 4, severity: "warning", message: /Service "checkout" is not a Cilium global service here, but its copy in west\/svc.yaml is/ }],
      // The second round fixes the affinity the now-global copy lacks.
      output: service("  annotations:\n    service.cilium.io/global: \"true\"\n    service.cilium.io/affinity: local\n"),
    },
    {
      name: "an affinity Cilium does not know",
      yaml: service("  annotations: {service.cilium.io/global: \"true\", service.cilium.io/affinity: nearest}\n"),
      findings: [{ line: 6, severity: "warning", message: /sets service.cilium.io\/affinity to "nearest", which Cilium does not know/ }],
    },
  ],
});
