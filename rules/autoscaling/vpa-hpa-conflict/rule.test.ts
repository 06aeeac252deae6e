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
