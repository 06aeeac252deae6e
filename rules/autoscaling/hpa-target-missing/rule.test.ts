// Tests for autoscaling/hpa-target-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const hpa = (ref: string, apiVersion = "autoscaling/v2") => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef:
${ref}  maxReplicas: 5
`;
const deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: c:1}]\n";

testRule(rule, {
  valid: [
    { name: "target in the same file", yaml: `${hpa("    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n")}---\n${deploy}` },
    { name: "target in another file, HPA namespace from kustomization", defaultNamespace: "shop", yaml: hpa("    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n").replace(", namespace: shop", ""), files: { "file:///test/d.yaml": deploy } },
    { name: "autoscaling/v1 with a legacy extensions apiVersion", yaml: `${hpa("    apiVersion: extensions/v1beta1\n    kind: Deployment\n    name: web\n", "autoscaling/v1")}---\n${deploy}` },
  ],
  invalid: [
    {
      name: "a name typo",
      yaml: `${hpa("    apiVersion: apps/v1\n    kind: Deployment\n    name: wbe\n")}---\n${deploy}`,
      findings: [{ line: 8, column: 11, endColumn: 14, message: 'HorizontalPodAutoscaler "web" targets Deployment "wbe", which is not in namespace "shop" in scope; the autoscaler does nothing (FailedGetScale).' }],
    },
    { name: "the right name but another kind", yaml: `${hpa("    apiVersion: apps/v1\n    kind: StatefulSet\n    name: web\n")}---\n${deploy}`, findings: [{ line: 8, message: /targets StatefulSet "web"/ }] },
    { name: "a DaemonSet cannot scale", yaml: hpa("    apiVersion: apps/v1\n    kind: DaemonSet\n    name: agent\n"), findings: [{ line: 7, column: 11, message: /targets a DaemonSet, which has no scale subresource/ }] },
  ],
});
