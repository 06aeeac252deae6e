// Tests for autoscaling/hpa-min-replicas-with-pdb.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: c:1}]\n";
const pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";
const hpa = (min: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${min}  maxReplicas: 5
`;

testRule(rule, {
  valid: [
    { name: "minReplicas 2", yaml: hpa("  minReplicas: 2\n"), files: { "file:///test/app.yaml": `${deploy}---\n${pdb}` } },
    { name: "no PDB", yaml: `${hpa("  minReplicas: 1\n")}---\n${deploy}` },
    { name: "target not in scope", yaml: `${hpa("  minReplicas: 1\n")}---\n${pdb}` },
  ],
  invalid: [
    {
      name: "minReplicas 1 with a PDB in another file: the unsafe fix raises it to 2",
      yaml: hpa("  minReplicas: 1\n"),
      files: { "file:///test/app.yaml": `${deploy}---\n${pdb}` },
      findings: [{ line: 6, column: 16, message: 'HorizontalPodAutoscaler "web" may scale Deployment "web" down to 1 pod, although PodDisruptionBudget "web" protects it; at that size a drain either takes the service down or is blocked.' }],
      output: hpa("  minReplicas: 2\n"),
    },
    {
      name: "minReplicas unset defaults to 1",
      yaml: `${hpa("")}---\n${deploy}---\n${pdb}`,
      findings: [{ line: 5, column: 3, message: /down to 1 pod \(the default\)/ }],
      output: `${hpa("")}---\n${deploy}---\n${pdb}`.replace("  maxReplicas: 5\n", "  maxReplicas: 5\n  minReplicas: 2\n"),
    },
    {
      name: "KEDA ScaledObject scaling to zero",
      yaml: `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {name: web}\n  triggers: [{type: kafka, metadata: {topic: t}}]\n---\n${deploy}---\n${pdb}`,
      findings: [{ line: 5, message: /^ScaledObject "web" may scale Deployment "web" down to 1 pod while active \(0 when idle, minReplicaCount 0 by default\), although/ }],
    },
  ],
});
