// Tests for availability/pdb-unhealthy-pod-eviction.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const pdb = (spec: string, apiVersion = "policy/v1") => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
${spec}`;

testRule(rule, {
  valid: [
    { name: "AlwaysAllow", yaml: pdb("  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: {matchLabels: {app: web}}\n") },
    { name: "an explicit IfHealthyBudget is a decision", yaml: pdb("  minAvailable: 2\n  unhealthyPodEvictionPolicy: IfHealthyBudget\n  selector: {matchLabels: {app: web}}\n") },
    { name: "policy/v1beta1 has no such field", yaml: pdb("  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n", "policy/v1beta1") },
    { name: "no selector: pdb-selects-nothing says it", yaml: pdb("  maxUnavailable: 1\n") },
    { name: "maxUnavailable 0: pdb-blocks-eviction says it", yaml: pdb("  maxUnavailable: 0\n  selector: {matchLabels: {app: web}}\n") },
  ],
  invalid: [
    {
      // kube-linter pdb-unhealthy-pod-eviction-policy fires on the same shape.
      name: "default policy, fix writes AlwaysAllow",
      yaml: pdb("  maxUnavailable: 1  # one at a time\n  selector:\n    matchLabels: {app: web}\n"),
      findings: [{ line: 4, column: 1, endColumn: 5, severity: "info", message: /leaves unhealthyPodEvictionPolicy at its default \(IfHealthyBudget\).*set AlwaysAllow\.$/ }],
      output: pdb("  maxUnavailable: 1  # one at a time\n  selector:\n    matchLabels: {app: web}\n  unhealthyPodEvictionPolicy: AlwaysAllow\n"),
    },
    {
      name: "minAvailable with a flow spec",
      yaml: `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n`,
      findings: [{ line: 4, message: /PodDisruptionBudget "web" leaves/ }],
      output: `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}, unhealthyPodEvictionPolicy: AlwaysAllow}\n`,
    },
  ],
});
