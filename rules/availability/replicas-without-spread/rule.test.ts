// Tests for availability/replicas-without-spread: several replicas, no anti-affinity and no topology spread.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const hpa = (min: number) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: ${min}
  maxReplicas: 10
`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "an HPA floor of 1 overrides replicas: 3", yaml: fixture("invalid"), files: { "file:///test/hpa.yaml": hpa(1) } },
    { name: "required anti-affinity", yaml: fixture("invalid").replace("    spec:\n      containers:", "    spec:\n      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - topologyKey: kubernetes.io/hostname\n              labelSelector: {matchLabels: {app: web}}\n      containers:") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: on spec.replicas",
      yaml: fixture("invalid"),
      findings: [{ line: 7, column: 13, message: 'Deployment "web" has neither pod anti-affinity nor topologySpreadConstraints although it runs 3 pods; the scheduler\'s default spreading is only a preference, so several replicas can land on one node or zone and fail together.' }],
    },
    {
      name: "an HPA keeps 2: on the pod template's spec",
      yaml: fixture("invalid").replace("  replicas: 3\n", ""),
      files: { "file:///test/hpa.yaml": hpa(2) },
      findings: [{ line: 12, column: 5, message: /although HorizontalPodAutoscaler "web" keeps at least 2 pods/ }],
    },
  ],
});
