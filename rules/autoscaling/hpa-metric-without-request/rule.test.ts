// Tests for autoscaling/hpa-metric-without-request.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (containers: string, init = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${init}      containers:
${containers}`;
const hpa = (metrics: string, apiVersion = "autoscaling/v2") => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
${metrics}`;
const cpuUtil = "  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n";

testRule(rule, {
  valid: [
    { name: "cpu request present", yaml: deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n"), files: { "file:///test/hpa.yaml": hpa(cpuUtil) } },
    { name: "a limit defaults the request", yaml: deploy("        - name: web\n          image: web:1\n          resources: {limits: {cpu: 100m}}\n"), files: { "file:///test/hpa.yaml": hpa(cpuUtil) } },
    { name: "AverageValue does not need requests", yaml: deploy("        - name: web\n          image: web:1\n"), files: { "file:///test/hpa.yaml": hpa("  metrics:\n    - type: Resource\n      resource: {name: memory, target: {type: AverageValue, averageValue: 500Mi}}\n") } },
    {
      name: "ContainerResource only needs that container; plain init containers do not count",
      yaml: deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n        - name: proxy\n          image: envoy:1\n", "      initContainers:\n        - name: migrate\n          image: m:1\n"),
      files: { "file:///test/hpa.yaml": hpa("  metrics:\n    - type: ContainerResource\n      containerResource: {name: cpu, container: web, target: {type: Utilization, averageUtilization: 60}}\n") },
    },
    { name: "pod-level requests replace the containers'", yaml: deploy("        - name: web\n          image: web:1\n", "      resources: {requests: {cpu: \"1\"}}\n"), files: { "file:///test/hpa.yaml": hpa(cpuUtil) } },
    { name: "no HPA", yaml: deploy("        - name: web\n          image: web:1\n") },
    {
      // Variants of one object in a repository (samples beside test data): the HPA scales the one written nearest to it.
      name: "an HPA in another folder scales that folder's Deployment of the same name, not this one",
      yaml: deploy("        - name: web\n          image: web:1\n"),
      files: {
        "file:///test/variant/deploy.yaml": deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n"),
        "file:///test/variant/hpa.yaml": hpa(cpuUtil),
      },
    },
  ],
  invalid: [
    {
      name: "sidecar without a cpu request; the HPA is in another file",
      yaml: deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n", "      initContainers:\n        - name: proxy\n          image: envoy:1\n          restartPolicy: Always\n"),
      files: { "file:///test/hpa.yaml": hpa(cpuUtil) },
      findings: [{ line: 10, column: 11, message: 'Container "proxy" has no cpu request, but HorizontalPodAutoscaler "web" scales Deployment "web" on cpu utilization, which is measured against requests; the HPA cannot compute it and does not scale.' }],
    },
    {
      name: "of two variants of the Deployment, the one beside the HPA is its target",
      yaml: deploy("        - name: web\n          image: web:1\n"),
      files: {
        "file:///test/hpa.yaml": hpa(cpuUtil),
        "file:///test/variant/deploy.yaml": deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n"),
      },
      findings: [{ line: 10, column: 11, message: /^Container "web" has no cpu request/ }],
    },
    {
      name: "variants equally near the HPA are all its candidates",
      yaml: deploy("        - name: web\n          image: web:1\n"),
      files: {
        "file:///test/autoscaling/hpa.yaml": hpa(cpuUtil),
        "file:///test/manifests/deploy.yaml": deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n"),
      },
      findings: [{ line: 10, message: /^Container "web" has no cpu request/ }],
    },
    {
      name: "autoscaling/v1 defaults to CPU utilization",
      yaml: `${deploy("        - name: web\n          image: web:1\n          resources: {requests: {memory: 128Mi}}\n")}---\n${hpa("", "autoscaling/v1")}`,
      findings: [{ line: 12, column: 23, message: /on cpu utilization \(the default when no metric is named\)/ }],
    },
    {
      name: "memory utilization (v2beta2 style), two containers",
      yaml: `${deploy("        - name: a\n          image: a:1\n        - name: b\n          image: b:1\n")}---\n${hpa("  metrics:\n    - type: Resource\n      resource:\n        name: memory\n        target: {type: Utilization, averageUtilization: 80}\n", "autoscaling/v2beta2")}`,
      findings: [{ line: 10, message: /^Container "a" has no memory request/ }, { line: 12, message: /^Container "b" has no memory request/ }],
    },
  ],
});

// KEDA (issue 20.3): a ScaledObject's cpu/memory triggers are Resource metrics of the HPA KEDA creates.
const scaledObject = (triggers: string) => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {name: web}
  minReplicaCount: 2
  triggers:
${triggers}`;

testRule(rule, {
  valid: [
    { name: "KEDA cpu trigger on AverageValue", yaml: deploy("        - name: web\n          image: web:1\n"), files: { "file:///test/so.yaml": scaledObject("    - type: cpu\n      metricType: AverageValue\n      metadata: {value: 500m}\n") } },
    { name: "KEDA queue trigger only", yaml: deploy("        - name: web\n          image: web:1\n"), files: { "file:///test/so.yaml": scaledObject("    - type: rabbitmq\n      metadata: {queueName: q, value: '20'}\n") } },
    { name: "KEDA memory trigger for another container", yaml: deploy("        - name: web\n          image: web:1\n          resources: {requests: {memory: 1Gi}}\n        - name: proxy\n          image: proxy:1\n"), files: { "file:///test/so.yaml": scaledObject("    - type: memory\n      metricType: Utilization\n      metadata: {value: '70', containerName: web}\n") } },
  ],
  invalid: [
    {
      name: "KEDA cpu trigger on Utilization (trigger-level metricType)",
      yaml: deploy("        - name: web\n          image: web:1\n"),
      files: { "file:///test/so.yaml": scaledObject("    - type: cpu\n      metricType: Utilization\n      metadata: {value: '60'}\n") },
      findings: [{ line: 10, message: 'Container "web" has no cpu request, but ScaledObject "web" scales Deployment "web" on cpu utilization, which is measured against requests; the HPA KEDA creates cannot compute it and does not scale.' }],
    },
    {
      name: "KEDA memory trigger with the deprecated metadata.type",
      yaml: deploy("        - name: web\n          image: web:1\n          resources: {requests: {cpu: 100m}}\n"),
      files: { "file:///test/so.yaml": scaledObject("    - type: memory\n      metadata: {type: Utilization, value: '70'}\n") },
      findings: [{ line: 12, message: /no memory request, but ScaledObject "web"/ }],
    },
  ],
});
