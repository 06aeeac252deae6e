// Tests for availability/pdb-min-available-exceeds-hpa.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1}]
`;
const hpa = (min: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${min}  maxReplicas: 10
`;
const pdb = (spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
${spec}`;

testRule(rule, {
  valid: [
    { name: "minAvailable below the floor", yaml: `${pdb("  minAvailable: 2\n")}---\n${deploy}---\n${hpa("  minReplicas: 3\n")}` },
    { name: "maxUnavailable is fine at any size", yaml: `${pdb("  maxUnavailable: 1\n")}---\n${deploy}---\n${hpa("  minReplicas: 1\n")}` },
    { name: "no autoscaler: pdb-blocks-eviction's case", yaml: `${pdb("  minAvailable: 1\n")}---\n${deploy}` },
    { name: "50% of a floor of 3 keeps 2", yaml: `${pdb("  minAvailable: 50%\n")}---\n${deploy}---\n${hpa("  minReplicas: 3\n")}` },
  ],
  invalid: [
    {
      name: "minAvailable equals minReplicas, HPA in another file; the fix keeps one disruption possible",
      yaml: pdb("  minAvailable: 2\n"),
      files: { "file:///test/app.yaml": `${deploy}---\n${hpa("  minReplicas: 2\n")}` },
      findings: [{ line: 6, column: 17, message: 'PodDisruptionBudget "web" keeps minAvailable: 2, but HorizontalPodAutoscaler "web-hpa" may scale Deployment "web" down to 2 pods; at that size no pod can be evicted and node drains block.' }],
      output: pdb("  maxUnavailable: 1\n"),
    },
    {
      name: "a KEDA ScaledObject scaling to zero passes through one pod",
      yaml: `${pdb("  minAvailable: 1\n")}---\n${deploy}---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {name: web}\n  triggers: [{type: cron, metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: \"3\"}}]\n`,
      findings: [{ line: 6, message: 'PodDisruptionBudget "web" keeps minAvailable: 1, but ScaledObject "web" may scale Deployment "web" down to 0 pods; at 1 pod no pod can be evicted and node drains block.' }],
    },
    { name: "minReplicas defaults to 1", yaml: `${pdb("  minAvailable: 1\n")}---\n${deploy}---\n${hpa("")}`, findings: [{ line: 6, message: /down to 1 pod;/ }] },
    { name: "a percentage that rounds up to the floor", yaml: `${pdb("  minAvailable: 75%\n")}---\n${deploy}---\n${hpa("  minReplicas: 2\n")}`, findings: [{ line: 6, message: /minAvailable: 75%/ }] },
  ],
});
