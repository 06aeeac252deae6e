// Tests for availability/single-replica.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (replicas = "  replicas: 1\n", kind = "Deployment") => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web, namespace: shop}
spec:
${replicas}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1}]
`;
const pdb = (budget = "maxUnavailable: 1") => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  ${budget}\n  selector: {matchLabels: {app: web}}\n`;
const hpa = `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 5\n`;

testRule(rule, {
  valid: [
    // kube-score deployment-replicas fires when a Service selects a single-replica Deployment; kubeready only where availability is promised.
    { name: "one pod, nothing promises availability", yaml: deploy() },
    { name: "one pod behind a Service", yaml: `${deploy()}---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n` },
    { name: "two pods with a budget", yaml: `${deploy("  replicas: 2\n")}---\n${pdb()}` },
    { name: "a budget that blocks is pdb-blocks-eviction's", yaml: `${deploy()}---\n${pdb("minAvailable: 1")}` },
    { name: "an autoscaler's floor is hpa-min-replicas-one's", yaml: `${deploy()}---\n${pdb()}---\n${hpa}` },
    { name: "replicas 0: parked", yaml: `${deploy("  replicas: 0\n")}---\n${pdb()}`, config: { criticalWorkloads: ["web"] } },
    { name: "another workload is critical", yaml: deploy(), config: { criticalWorkloads: ["shop/api"] } },
  ],
  invalid: [
    {
      name: "a budget over one pod",
      yaml: `${deploy()}---\n${pdb()}`,
      findings: [{ line: 5, column: 13, severity: "info", message: 'Deployment "web" runs a single pod although PodDisruptionBudget "web" is meant to keep it available, but with one pod every eviction it allows is an outage; a node drain, a crash or a rollout of that pod stops the service. Run at least 2 replicas, spread across nodes.' }],
    },
    { name: "listed in criticalWorkloads, replicas unset", yaml: deploy(""), config: { criticalWorkloads: ["shop/web"] }, findings: [{ line: 3, severity: "warning", message: /Deployment "web" runs a single pod although it is listed in criticalWorkloads/ }] },
    { name: "a StatefulSet with a budget", yaml: `${deploy("  replicas: 1\n", "StatefulSet")}---\n${pdb("maxUnavailable: 50%")}`, findings: [{ line: 5, message: /StatefulSet "web" runs a single pod/ }] },
  ],
});
