// Tests for autoscaling/vpa-hpa-conflict.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const vpa = (spec: string) => `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${spec}`;
const hpa = (metrics: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
${metrics}`;
const cpu = "  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n";
const custom = "  metrics:\n    - type: Pods\n      pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: \"100\"}}\n";

testRule(rule, {
  valid: [
    { name: "VPA in Off mode (recommendations only)", yaml: `${vpa("  updatePolicy: {updateMode: \"Off\"}\n")}---\n${hpa(cpu)}` },
    { name: "HPA on a custom metric", yaml: `${vpa("")}---\n${hpa(custom)}` },
    { name: "VPA controls memory only, HPA on cpu", yaml: `${vpa("  resourcePolicy:\n    containerPolicies:\n      - {containerName: \"*\", controlledResources: [memory]}\n")}---\n${hpa(cpu)}` },
    { name: "different workloads", yaml: `${vpa("")}---\n${hpa(cpu).replace("name: web}", "name: api}")}` },
  ],
  invalid: [
    {
      name: "default Auto mode and an HPA on cpu in another file: fix turns the VPA into a recommender",
      yaml: vpa(""),
      files: { "file:///test/hpa.yaml": hpa(cpu) },
      findings: [{ line: 5, column: 3, message: 'VerticalPodAutoscaler "web" (updateMode Auto, the default) changes the cpu requests of Deployment "web" while HorizontalPodAutoscaler "web-hpa" scales it on cpu; each undoes the other\'s decision.' }],
      output: `${vpa("")}  updatePolicy:\n    updateMode: "Off"\n`,
    },
    {
      name: "Recreate mode and an HPA without metrics (default cpu)",
      yaml: `${vpa("  updatePolicy:\n    updateMode: Recreate\n")}---\n${hpa("")}`,
      findings: [{ line: 7, column: 17, message: /\(updateMode Recreate\) changes the cpu requests/ }],
      output: `${vpa("  updatePolicy:\n    updateMode: \"Off\"\n")}---\n${hpa("")}`,
    },
  ],
});

// KEDA (issue 20.3): a ScaledObject's cpu/memory triggers act like the HPA's Resource metrics.
const scaledObject = (trigger: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web-keda, namespace: shop}
spec:
  scaleTargetRef: {name: web}
  triggers:
    - ${trigger}
`;

testRule(rule, {
  valid: [
    { name: "KEDA on a queue only", yaml: `${vpa("")}---\n${scaledObject("{type: rabbitmq, metadata: {queueName: q, value: '20'}}")}` },
  ],
  invalid: [
    {
      name: "VPA in Auto mode and a KEDA cpu trigger",
      yaml: `${vpa("")}---\n${scaledObject("{type: cpu, metricType: Utilization, metadata: {value: '60'}}")}`,
      findings: [{ line: 5, message: 'VerticalPodAutoscaler "web" (updateMode Auto, the default) changes the cpu requests of Deployment "web" while ScaledObject "web-keda" scales it on cpu; each undoes the other\'s decision.' }],
    },
  ],
});
