// Tests for autoscaling/replicas-with-hpa.
import assert from "node:assert/strict";
import { it } from "node:test";
import { DEFAULT_CONFIG } from "../../config.js";
import { analyzeFiles } from "../../engine.js";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (replicas: string, kind = "Deployment") => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
${replicas}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
`;
const hpa = (ref = "{apiVersion: apps/v1, kind: Deployment, name: web}", ns = "") => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web${ns}}
spec:
  scaleTargetRef: ${ref}
  minReplicas: 2
  maxReplicas: 10
`;

testRule(rule, {
  valid: [
    { name: "HPA-managed without replicas", yaml: `${deploy("")}---\n${hpa()}` },
    { name: "replicas without an HPA", yaml: deploy("  replicas: 3\n") },
    { name: "the HPA targets another workload", yaml: `${deploy("  replicas: 3\n")}---\n${hpa("{apiVersion: apps/v1, kind: Deployment, name: api}")}` },
    { name: "the HPA targets a StatefulSet of the same name", yaml: `${deploy("  replicas: 3\n")}---\n${hpa("{apiVersion: apps/v1, kind: StatefulSet, name: web}")}` },
    { name: "the HPA is in another namespace", yaml: `${deploy("  replicas: 3\n")}---\n${hpa(undefined, ", namespace: other")}` },
  ],
  invalid: [
    {
      name: "replicas and an HPA in another file; fix removes the line and keeps comments",
      yaml: deploy("  # scaled by the HPA\n  replicas: 3\n"),
      files: { "file:///test/hpa.yaml": hpa() },
      findings: [{ line: 7, column: 3, endColumn: 11, message: 'Deployment "web" sets spec.replicas although HorizontalPodAutoscaler "web" scales it; every apply or GitOps sync resets the replica count the autoscaler chose.' }],
      output: deploy("  # scaled by the HPA\n"),
    },
    {
      name: "StatefulSet scaled by a KEDA ScaledObject (kind defaults to Deployment, so it is written)",
      yaml: `${deploy("  replicas: 1\n", "StatefulSet")}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {kind: StatefulSet, name: web}
  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
`,
      findings: [{ line: 6, message: /^StatefulSet "web" sets spec.replicas although ScaledObject "web" scales it/ }],
    },
  ],
});

it("autoscaling/replicas-with-hpa: a kustomize patch beside the HPA is not a variant that takes the HPA away from the base", () => {
  const { findings } = analyzeFiles([
    { uri: "file:///repo/base/deployment.yaml", text: deploy("  replicas: 3\n") },
    { uri: "file:///repo/overlays/prod/hpa.yaml", text: hpa() },
    { uri: "file:///repo/overlays/prod/replicas-patch.yaml", text: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: web:2}]\n" },
    // The overlay deploys the base: that is what puts the HPA and the Deployment together.
    { uri: "file:///repo/base/kustomization.yaml", text: "resources: [deployment.yaml]\n" },
    { uri: "file:///repo/overlays/prod/kustomization.yaml", text: "resources: [../../base, hpa.yaml]\npatches: [{path: replicas-patch.yaml}]\n" },
  ], DEFAULT_CONFIG, [rule]);
  assert.deepEqual(findings.filter((f) => f.rule === rule.meta.id).map((f) => `${f.uri}:${f.range.start.line + 1}`), ["file:///repo/base/deployment.yaml:6"]);
});

// Scope: sibling folders of one example go together; unrelated examples far apart do not (model/units.ts).
const plainDeployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: c:1}]\n";
const plainHpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 5\n";
testRule(rule, {
  valid: [
    { name: "an HPA of another project's test data does not scale this workload", yaml: plainDeployment, files: { "file:///samples/other-tool/api/testdata/hpa/hpa.yaml": plainHpa } },
  ],
  invalid: [
    { name: "an HPA in a sibling folder of the same example", yaml: plainDeployment, files: { "file:///hpa/web.yaml": plainHpa }, findings: [{ line: 5, message: /sets spec.replicas although HorizontalPodAutoscaler "web" scales it/ }] },
  ],
});
