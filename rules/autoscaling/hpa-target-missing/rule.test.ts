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
    { name: "a KEDA ScaledObject whose target is in scope", yaml: `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {name: web}\n  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]\n---\n${deploy}` },
    { name: "autoscaling/v1 with a legacy extensions apiVersion", yaml: `${hpa("    apiVersion: extensions/v1beta1\n    kind: Deployment\n    name: web\n", "autoscaling/v1")}---\n${deploy}` },
  ],
  invalid: [
    {
      name: "a name typo",
      yaml: `${hpa("    apiVersion: apps/v1\n    kind: Deployment\n    name: wbe\n")}---\n${deploy}`,
      findings: [{ line: 8, column: 11, endColumn: 14, message: 'HorizontalPodAutoscaler "web" targets Deployment "wbe", which is not in namespace "shop" in scope; the autoscaler does nothing (FailedGetScale).' }],
    },
    { name: "the right name but another kind", yaml: `${hpa("    apiVersion: apps/v1\n    kind: StatefulSet\n    name: web\n")}---\n${deploy}`, findings: [{ line: 8, message: /targets StatefulSet "web"/ }] },
    {
      name: "a KEDA ScaledObject (default kind Deployment) with a name typo",
      yaml: `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef:\n    name: wbe\n  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]\n---\n${deploy}`,
      findings: [{ line: 6, message: 'ScaledObject "web" targets Deployment "wbe", which is not in namespace "shop" in scope; the autoscaler does nothing (KEDA reports it not ready).' }],
    },
    { name: "a DaemonSet cannot scale", yaml: hpa("    apiVersion: apps/v1\n    kind: DaemonSet\n    name: agent\n"), findings: [{ line: 7, column: 11, message: /targets a DaemonSet, which has no scale subresource/ }] },
  ],
});

// Scope: "missing" only where the target could be in scope (model/units.ts). The shape of a repository whose HPA
// scales a StatefulSet a Helm chart creates, and of a kustomize build that renders a chart.
const plainHpa = (name: string) => hpa(`    apiVersion: apps/v1\n    kind: StatefulSet\n    name: ${name}\n`).replace(", namespace: shop", "");
const plainDeploy = deploy.replace(", namespace: shop", "");
testRule(rule, {
  valid: [
    {
      name: "target in a sibling folder, a load generator in the parent folder (an example's layout)",
      yaml: plainHpa("frontend").replace("kind: StatefulSet", "kind: Deployment"),
      files: { "file:///loadgenerator.yaml": plainDeploy.replace("name: web", "name: loadgenerator"), "file:///manifests/frontend.yaml": plainDeploy.replace("name: web", "name: frontend") },
    },
    { name: "no workload is deployed with the HPA: its target comes from elsewhere (a Helm release)", yaml: plainHpa("db-postgresql"), files: { "file:///extras/manifests/web.yaml": plainDeploy } },
    {
      name: "the HPA's kustomize build renders a Helm chart that may create the target",
      yaml: plainHpa("db-postgresql"),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml, web.yaml]\nhelmCharts: [{name: postgresql, repo: https://charts.example.com}]\n", "file:///test/web.yaml": plainDeploy },
    },
  ],
  invalid: [
    {
      name: "workloads are deployed with the HPA (same folder), none is its target",
      yaml: plainHpa("db-postgresql"),
      files: { "file:///test/web.yaml": plainDeploy },
      findings: [{ line: 8, message: /targets StatefulSet "db-postgresql", which is not in namespace "default" in scope/ }],
    },
  ],
});
