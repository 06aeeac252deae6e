// Tests for operations/chaos-experiment-missing (off by default): Chaos Mesh and LitmusChaos targets of critical workloads.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const [payments, schedule] = fixture("invalid").split("---\n");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "a PodChaos in the workload's namespace with no namespaces (its own)", yaml: payments!, files: { "file:///test/chaos.yaml": "apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\nmetadata: {name: pk, namespace: shop}\nspec:\n  action: pod-kill\n  mode: one\n  selector: {labelSelectors: {app: payments}}\n" } },
    { name: "criticalWorkloads lists others only", yaml: payments!, config: { criticalWorkloads: ["shop/checkout"] } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: the experiment targets another service",
      yaml: fixture("invalid"),
      findings: [{ line: 5, column: 9, severity: "info", message: 'Deployment "payments" is not targeted by any of the chaos experiments in scope (Schedule "kill-checkout-weekly"): how it survives losing a pod or a node has never been drilled.' }],
    },
    {
      name: "no experiment in scope; listed as critical",
      yaml: payments!,
      config: { criticalWorkloads: ["shop/payments"] },
      findings: [{ line: 5, severity: "info", message: /is not targeted by any chaos experiment, and none is in scope/ }],
    },
    {
      name: "a Chaos Mesh selector in another namespace does not count",
      yaml: payments!,
      files: { "file:///test/s.yaml": schedule!.replace("      labelSelectors: {app: checkout}", "      namespaces: [staging]\n      labelSelectors: {app: payments}") },
      findings: [{ line: 5, severity: "info", message: /not targeted by any of the chaos experiments in scope/ }],
    },
  ],
});
