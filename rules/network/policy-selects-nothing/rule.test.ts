// Tests for network/policy-selects-nothing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: c:1}]\n";
const np = (selector: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  podSelector:
${selector}  ingress: [{}]
`;

testRule(rule, {
  valid: [
    { name: "selects the workload", yaml: `${np("    matchLabels: {app: web}\n")}---\n${deploy}` },
    { name: "empty selector selects all", yaml: `${np("    {}\n").replace("podSelector:\n    {}", "podSelector: {}")}---\n${deploy}` },
    { name: "no workloads of the namespace in scope", yaml: np("    matchLabels: {app: api}\n") },
    { name: "Service evidence of pods made elsewhere", yaml: `${np("    matchLabels: {app: api}\n")}---\n${deploy}---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n` },
  ],
  invalid: [
    {
      name: "a label typo",
      yaml: `${np("    matchLabels: {app: wbe}\n")}---\n${deploy}`,
      findings: [{ line: 5, column: 3, endColumn: 14, message: 'NetworkPolicy "allow-web" selects no pods of any workload in scope in namespace "shop" (app=wbe); its rules apply to nothing.' }],
    },
    { name: "the workload lives in another namespace", yaml: `${np("    matchLabels: {app: web}\n")}---\n${deploy.replace("namespace: shop", "namespace: web")}---\n${deploy.replace("app: web}}\n  template:\n    metadata: {labels: {app: web}}", "app: x}}\n  template:\n    metadata: {labels: {app: x}}")}`, findings: [{ line: 5 }] },
  ],
});
