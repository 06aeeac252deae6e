// Tests for network/service-selects-nothing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (ports = "[{name: http, containerPort: 8080}]") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers: [{name: web, image: web:1, ports: ${ports}}]
`;
const svc = (selector: string, ports = "[{name: http, port: 80, targetPort: http}]", ns = "shop") => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
${selector}  ports: ${ports}
`;

testRule(rule, {
  valid: [
    { name: "selects the pods by a subset of their labels", yaml: `${svc("  selector: {app: web}\n")}---\n${deploy()}` },
    { name: "numeric targetPort", yaml: `${svc("  selector: {app: web, tier: front}\n", "[{port: 80, targetPort: 8080}]")}---\n${deploy("[]")}` },
    { name: "no targetPort: it is the port number", yaml: `${svc("  selector: {app: web}\n", "[{port: 8080}]")}---\n${deploy("[]")}` },
    { name: "no selector: Endpoints by hand", yaml: `${svc("")}---\n${deploy()}` },
    { name: "empty selector", yaml: `${svc("  selector: {}\n")}---\n${deploy()}` },
    { name: "ExternalName", yaml: `${svc("  type: ExternalName\n  externalName: db.example.com\n  selector: {app: db}\n")}---\n${deploy()}` },
    // kube-score service-targets-pod and kube-linter dangling-service fire here: without the namespace's workloads in scope "selects nothing" is unknowable.
    { name: "no workloads of the namespace in scope", yaml: svc("  selector: {app: api}\n") },
    { name: "a system namespace's add-on", yaml: `${svc("  selector: {k8s-app: kube-dns}\n", "[{port: 53}]", "kube-system")}---\n${deploy().replace("namespace: shop", "namespace: kube-system")}` },
    {
      name: "an operator's custom resource writes the labels",
      yaml: `${svc("  selector: {app: db}\n", "[{port: 5432}]")}---\n${deploy()}---\napiVersion: db.example.com/v1\nkind: Cluster\nmetadata: {name: db, namespace: shop}\nspec:\n  podTemplate:\n    metadata:\n      labels: {app: db}\n`,
    },
    {
      name: "kustomize commonLabels label the pod template",
      yaml: svc("  selector: {k8s-app: web}\n", "[{port: 80}]").replace(", namespace: shop", ""),
      files: {
        "file:///test/kustomization.yaml": "commonLabels: {k8s-app: web}\nresources: [manifest.yaml, web.yaml]\n",
        "file:///test/web.yaml": deploy().replace(", namespace: shop", ""),
      },
    },
    {
      name: "a prometheus-operator Prometheus makes the pods",
      yaml: `${svc("  selector: {prometheus: k8s}\n", "[{name: web, port: 9090, targetPort: web}]", "monitoring")}---\napiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec: {replicas: 2}\n`,
    },
    // kube-prometheus release-0.6 (prometheus-operator v0.40): the operator labels the pods app: prometheus, prometheus: k8s.
    {
      name: "an older prometheus-operator's pod labels (app: prometheus)",
      yaml: `${svc("  selector: {app: prometheus, prometheus: k8s}\n", "[{name: web, port: 9090, targetPort: web}]", "monitoring")}---\n${deploy().replace("namespace: shop", "namespace: monitoring")}---\napiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec: {replicas: 2}\n`,
    },
    {
      name: "an older prometheus-operator's Alertmanager pods",
      yaml: `${svc("  selector: {alertmanager: main, app: alertmanager}\n", "[{name: web, port: 9093, targetPort: web}]", "monitoring")}---\n${deploy().replace("namespace: shop", "namespace: monitoring")}---\napiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main, namespace: monitoring}\nspec: {replicas: 3}\n`,
    },
    {
      name: "a custom resource of an operator kubeready does not model (CloudNativePG) may make the pods",
      yaml: `${svc("  selector: {cnpg.io/cluster: db, role: primary}\n", "[{port: 5432}]")}---\n${deploy()}---\napiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: db, namespace: shop}\nspec: {instances: 2}\n`,
    },
    { name: "a targetPort filled in before apply (envsubst)", yaml: `${svc("  selector: {app: web}\n", "[{port: 80, targetPort: \"\${PORT}\"}]")}---\n${deploy()}` },
    // kube-linter dangling-service's shape: a skeleton Deployment whose template has labels but no spec.
    { name: "a skeleton workload's template labels", yaml: `${svc("  selector: {app: api}\n")}---\n${deploy()}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n` },
    { name: "the named port is declared by a sidecar", yaml: `${svc("  selector: {app: web}\n", "[{name: metrics, port: 9090, targetPort: metrics}]")}---\n${deploy("[]").replace("ports: []}]", "ports: []}, {name: exporter, image: exp:1, ports: [{name: metrics, containerPort: 9100}]}]")}` },
  ],
  invalid: [
    {
      name: "a label typo",
      yaml: `${svc("  selector:\n    app: wbe\n")}---\n${deploy()}`,
      findings: [{ line: 5, column: 3, endColumn: 11, message: 'Service "web" selects no pods of any workload in scope in namespace "shop" (app=wbe); it has no endpoints and every connection to it fails.' }],
    },
    {
      name: "custom resources that make no pods (a Certificate, a ServiceMonitor) are no excuse",
      yaml: `${svc("  selector:\n    app: wbe\n")}---\n${deploy()}---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web, namespace: shop}\nspec: {secretName: web-tls}\n---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: shop}\nspec: {selector: {matchLabels: {app: wbe}}}\n`,
      findings: [{ line: 5, message: /\(app=wbe\)/ }],
    },
    { name: "more labels than the pods carry", yaml: `${svc("  selector: {app: web, version: v2}\n")}---\n${deploy()}`, findings: [{ line: 5, message: /\(app=web, version=v2\)/ }] },
    {
      // The Polaris/kube-linter shape: a selector matching the Deployment's own metadata.labels, not its pods.
      name: "selector matches the Deployment's labels, not its pod template's",
      yaml: `${svc("  selector: {app.kubernetes.io/name: web}\n")}---\n${deploy().replace("metadata: {name: web, namespace: shop}", "metadata: {name: web, namespace: shop, labels: {app.kubernetes.io/name: web}}")}`,
      findings: [{ line: 5, message: /selects no pods/ }],
    },
    {
      name: "a named targetPort no container declares",
      yaml: `${svc("  selector: {app: web}\n", "\n    - {name: http, port: 80, targetPort: http}\n    - {name: grpc, port: 9000, targetPort: grpc}")}---\n${deploy()}`,
      findings: [{ line: 8, column: 44, endColumn: 48, message: 'Service "web" port "grpc" targets the container port named "grpc", which no container of the pods it selects (Deployment "web") declares; connections to this port fail.' }],
    },
  ],
});

// Scope: the workloads it could select must be deployed with it (model/units.ts).
const plain = (s: string) => s.replace(", namespace: shop", "");
testRule(rule, {
  valid: [
    // kube-linter dangling-service's shape: the Service names no namespace, so `kubectl apply -n shop` puts it beside the pods.
    { name: "a Service without a namespace, pods pinned to another namespace in the same file", yaml: `${plain(svc("  selector: {app: web}\n"))}---\n${deploy()}---\n${plain(deploy()).replace(/web/g, "other")}` },
    { name: "only another example's workloads share the assumed namespace", yaml: plain(svc("  selector: {app: api}\n")), files: { "file:///other/web.yaml": plain(deploy()) } },
    {
      name: "the kustomize build renders a Helm chart",
      yaml: plain(svc("  selector: {app: chart}\n")),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml, web.yaml]\nhelmCharts: [{name: chart, repo: https://charts.example.com}]\n", "file:///test/web.yaml": plain(deploy()) },
    },
  ],
  invalid: [
    { name: "a workload in the Service's folder", yaml: plain(svc("  selector: {app: wbe}\n")), files: { "file:///test/web.yaml": plain(deploy()) }, findings: [{ line: 5, message: /namespace "default"/ }] },
  ],
});
