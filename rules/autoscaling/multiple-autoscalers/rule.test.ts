// Tests for autoscaling/multiple-autoscalers.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: c:1}]\n";
const hpa = (name: string, target = "web") => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  maxReplicas: 5\n`;
const scaledObject = (extra = "") => `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web-keda\n  namespace: shop\n${extra}spec:\n  scaleTargetRef: {name: web}\n  advanced: {horizontalPodAutoscalerConfig: {name: web-cpu}}\n  triggers: [{type: cron, metadata: {timezone: UTC, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "4"}}]\n`;

testRule(rule, {
  valid: [
    { name: "one HPA", yaml: `${deploy}---\n${hpa("web-cpu")}` },
    { name: "two HPAs on two workloads", yaml: `${deploy}---\n${hpa("web-cpu")}---\n${hpa("api-cpu", "api")}` },
    { name: "the same HPA written in two install variants", yaml: `${deploy}---\n${hpa("web-cpu")}`, files: { "file:///test/ha/hpa.yaml": hpa("web-cpu") } },
    {
      name: "two HPA files without a namespace beside each other: alternatives (apply one)",
      yaml: deploy.replace(", namespace: shop", ""),
      files: { "file:///test/hpa/cpu.yaml": hpa("web-cpu").replace(", namespace: shop", ""), "file:///test/hpa/gpu.yaml": hpa("web-gpu").replace(", namespace: shop", "") },
    },
    { name: "KEDA adopting the HPA it names (transfer-hpa-ownership)", yaml: `${deploy}---\n${hpa("web-cpu")}---\n${scaledObject("  annotations: {scaledobject.keda.sh/transfer-hpa-ownership: \"true\"}\n")}` },
  ],
  invalid: [
    {
      name: "two HPAs on one Deployment",
      yaml: `${deploy}---\n${hpa("web-cpu")}---\n${hpa("web-memory")}`,
      findings: [{ line: 3, message: 'Deployment "web" is scaled by 2 autoscalers (HorizontalPodAutoscaler "web-cpu", HorizontalPodAutoscaler "web-memory"); each sets its replicas from its own metrics, so they undo each other and the count flaps. Keep one (KEDA creates its own HPA).' }],
    },
    {
      name: "an HPA and a KEDA ScaledObject, in another file",
      yaml: `${deploy}---\n${hpa("web-cpu")}`,
      files: { "file:///test/keda.yaml": scaledObject() },
      findings: [{ line: 3, message: /scaled by 2 autoscalers \(HorizontalPodAutoscaler "web-cpu", ScaledObject "web-keda"\)/ }],
    },
  ],
});
