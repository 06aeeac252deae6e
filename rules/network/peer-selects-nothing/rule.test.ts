// Tests for network/peer-selects-nothing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (name: string, ns = "shop") => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: [{name: c, image: c:1}]\n`;
const np = (rules: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: backend}}
${rules}`;

testRule(rule, {
  valid: [
    { name: "peer selects a workload of the namespace", yaml: `${np("  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: frontend}}\n")}---\n${deploy("frontend")}---\n${deploy("backend")}` },
    { name: "peer in a namespace named by kubernetes.io/metadata.name", yaml: `${np("  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n          podSelector: {matchLabels: {app: prometheus}}\n")}---\n${deploy("backend")}`, files: { "file:///test/m.yaml": deploy("prometheus", "monitoring") } },
    { name: "a namespace selected by other labels is not judged", yaml: `${np("  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: ops}}\n          podSelector: {matchLabels: {app: nothing}}\n")}---\n${deploy("backend")}` },
    { name: "kube-dns in kube-system is never in a project's manifests", yaml: `${np("  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n")}---\n${deploy("backend")}`, files: { "file:///test/ms.yaml": deploy("metrics-server", "kube-system") } },
    { name: "a custom resource's pod template labels count as evidence", yaml: `${np("  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: worker}}\n")}---\n${deploy("backend")}---\napiVersion: extensions.example.com/v1\nkind: SandboxTemplate\nmetadata: {name: w, namespace: shop}\nspec:\n  podTemplate:\n    metadata:\n      labels: {app: worker}\n` },
    { name: "ipBlock peers are not judged", yaml: `${np("  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n")}---\n${deploy("backend")}` },
  ],
  invalid: [
    {
      name: "from a workload that does not exist (typo)",
      yaml: `${np("  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: frontent}}\n")}---\n${deploy("frontend")}---\n${deploy("backend")}`,
      findings: [{ line: 8, column: 11, endColumn: 22, message: 'NetworkPolicy "backend": the from peer selects no pods of any workload in scope in namespace "shop" (app=frontent); this rule allows nothing.' }],
    },
    {
      name: "a null namespaceSelector means the policy's own namespace",
      yaml: `${np("  ingress:\n    - from:\n        - namespaceSelector: null\n          podSelector: {matchLabels: {app: frontent}}\n")}---\n${deploy("frontend")}---\n${deploy("backend")}`,
      findings: [{ line: 9, message: /namespace "shop" \(app=frontent\)/ }],
    },
    {
      name: "to a namespace whose workloads are in scope but not selected",
      yaml: `${np("  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}\n          podSelector: {matchLabels: {app: postgres}}\n")}---\n${deploy("backend")}---\n${deploy("mysql", "data")}`,
      findings: [{ line: 9, column: 11, message: /the to peer selects no pods of any workload in scope in namespace "data" \(app=postgres\)/ }],
    },
  ],
});
