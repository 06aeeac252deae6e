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

// Scope: the workloads it could select must be deployed with it (model/units.ts).
const plain = (s: string) => s.replace(", namespace: shop", "");
testRule(rule, {
  valid: [
    {
      name: "the policy's kustomize build renders a Helm chart whose pods it selects",
      yaml: plain(np("    matchLabels: {app.kubernetes.io/name: redis}\n")),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml, web.yaml]\nhelmCharts: [{name: redis, repo: https://charts.example.com}]\n", "file:///test/web.yaml": plain(deploy) },
    },
    { name: "only another example's workloads share the assumed namespace", yaml: plain(np("    matchLabels: {app: api}\n")), files: { "file:///other/web.yaml": plain(deploy) } },
  ],
  invalid: [
    {
      name: "a workload of the same build, a label typo",
      yaml: plain(np("    matchLabels: {app: wbe}\n")),
      files: { "file:///test/kustomization.yaml": "namespace: shop\nresources: [manifest.yaml, ../web]\n", "file:///web/web.yaml": plain(deploy), "file:///web/kustomization.yaml": "resources: [web.yaml]\n" },
      findings: [{ line: 5, message: /selects no pods of any workload in scope in namespace "shop" \(app=wbe\)/ }],
    },
  ],
});
