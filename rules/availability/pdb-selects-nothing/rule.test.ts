// Tests for availability/pdb-selects-nothing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers: [{name: web, image: web:1}]
`;
const pdb = (selector: string, apiVersion = "policy/v1") => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  maxUnavailable: 1
${selector}`;

testRule(rule, {
  valid: [
    { name: "matchLabels select the pods", yaml: `${pdb("  selector: {matchLabels: {app: web}}\n")}---\n${deploy}` },
    { name: "matchExpressions select the pods", yaml: `${pdb("  selector:\n    matchExpressions: [{key: tier, operator: In, values: [front]}]\n")}---\n${deploy}` },
    { name: "policy/v1 empty selector selects all", yaml: `${pdb("  selector: {}\n")}---\n${deploy}` },
    { name: "no workloads of the namespace in scope", yaml: pdb("  selector: {matchLabels: {app: api}}\n") },
    {
      name: "a Service selects such pods: they come from outside the scope",
      yaml: `${pdb("  selector: {matchLabels: {app: api}}\n")}---\n${deploy}---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n`,
    },
    {
      name: "kustomize commonLabels label the pod template of a base",
      yaml: pdb("  selector: {matchLabels: {k8s-app: metrics}}\n"),
      files: {
        "file:///test/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels: {k8s-app: metrics}\nresources: [deployment.yaml]\n",
        "file:///test/base/deployment.yaml": deploy.replace("labels: {app: web, tier: front}", "labels: {}"),
      },
    },
  ],
  invalid: [
    {
      name: "labels of no workload",
      yaml: `${pdb("  selector:\n    matchLabels: {app: wbe}\n")}---\n${deploy}`,
      findings: [{ line: 6, column: 3, endColumn: 11, message: 'PodDisruptionBudget "web" selects no pods of any workload in scope in namespace "shop" (app=wbe); it protects nothing.' }],
    },
    { name: "matchExpressions excluding every pod", yaml: `${pdb("  selector:\n    matchExpressions: [{key: tier, operator: NotIn, values: [front]}]\n")}---\n${deploy}`, findings: [{ line: 6, message: /\(tier notin \(front\)\)/ }] },
    { name: "no selector at all, even without workloads in scope", yaml: pdb(""), findings: [{ line: 4, message: 'PodDisruptionBudget "web" selects no pods: it has no selector.' }] },
    {
      // Polaris' missingPodDisruptionBudget passes this (it compares the Deployment's own metadata.labels); the disruption controller selects pods.
      name: "the selector matches the Deployment's metadata.labels, not its pod template's",
      yaml: `${pdb("  selector: {matchLabels: {app.kubernetes.io/name: web}}\n")}---\n${deploy.replace("metadata: {name: web, namespace: shop}", "metadata: {name: web, namespace: shop, labels: {app.kubernetes.io/name: web}}")}`,
      findings: [{ line: 6, message: /selects no pods of any workload in scope in namespace "shop" \(app.kubernetes.io\/name=web\)/ }],
    },
    { name: "policy/v1beta1 empty selector", yaml: `${pdb("  selector: {}\n", "policy/v1beta1")}---\n${deploy}`, findings: [{ line: 6, message: /an empty selector selects no pods in policy\/v1beta1/ }] },
  ],
});

// Scope: the workloads it could select must be deployed with it (model/units.ts).
const plain = (s: string) => s.replace(", namespace: shop", "");
testRule(rule, {
  valid: [
    {
      name: "the budget's kustomize build pulls a remote base whose pods it selects",
      yaml: plain(pdb("  selector: {matchLabels: {app: upstream}}\n")),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml, web.yaml, 'github.com/example/upstream//deploy?ref=v2']\n", "file:///test/web.yaml": plain(deploy) },
    },
    { name: "only another example's workloads share the assumed namespace", yaml: plain(pdb("  selector: {matchLabels: {app: api}}\n")), files: { "file:///other/web.yaml": plain(deploy) } },
  ],
  invalid: [
    {
      name: "a workload in the budget's folder, a label typo",
      yaml: plain(pdb("  selector: {matchLabels: {app: wbe}}\n")),
      files: { "file:///test/web.yaml": plain(deploy) },
      findings: [{ line: 6, message: /selects no pods of any workload in scope in namespace "default"/ }],
    },
  ],
});
