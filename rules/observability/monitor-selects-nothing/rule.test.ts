// Tests for observability/monitor-selects-nothing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const svc = (labels = "{app.kubernetes.io/name: web}", ns = "shop") => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}, labels: ${labels}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
const sm = (spec: string, ns = "shop") => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: ${ns}}
spec:
${spec}`;
const deploy = (ns = "shop") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1, ports: [{name: metrics, containerPort: 9090}]}]
`;
const pm = (spec: string) => `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: shop}
spec:
${spec}`;

testRule(rule, {
  valid: [
    { name: "selects the Service by its own labels", yaml: `${sm("  selector: {matchLabels: {app.kubernetes.io/name: web}}\n  endpoints: [{port: http}]\n")}---\n${svc()}` },
    { name: "matchExpressions", yaml: `${sm("  selector:\n    matchExpressions: [{key: app.kubernetes.io/name, operator: In, values: [web, api]}]\n  endpoints: [{port: http}]\n")}---\n${svc()}` },
    // kube-linter dangling-servicemonitor fires on a monitor alone; without the namespace's Services in scope, kubeready stays silent.
    { name: "no Service of the namespace in scope", yaml: sm("  selector: {matchLabels: {app: api}}\n  endpoints: [{port: http}]\n") },
    { name: "empty selector selects every Service", yaml: `${sm("  selector: {}\n  endpoints: [{port: http}]\n")}---\n${svc()}` },
    { name: "namespaceSelector any", yaml: `${sm("  namespaceSelector: {any: true}\n  selector: {matchLabels: {app: api}}\n")}---\n${svc()}` },
    { name: "the kubelet in kube-system", yaml: `${sm("  namespaceSelector: {matchNames: [kube-system]}\n  selector: {matchLabels: {k8s-app: kubelet}}\n")}---\n${svc()}` },
    { name: "matchNames: the Service in another namespace of the same file", yaml: `${sm("  namespaceSelector: {matchNames: [shop]}\n  selector: {matchLabels: {app.kubernetes.io/name: web}}\n", "monitoring")}---\n${svc()}` },
    {
      name: "kustomize commonLabels label the Service",
      yaml: sm("  selector: {matchLabels: {team: payments}}\n  endpoints: [{port: http}]\n").replace(", namespace: shop", ""),
      files: {
        "file:///test/kustomization.yaml": "commonLabels: {team: payments}\nresources: [manifest.yaml, svc.yaml]\n",
        "file:///test/svc.yaml": svc().replace(", namespace: shop", ""),
      },
    },
    {
      name: "kustomize labels (metadata only) label the Service",
      yaml: sm("  selector: {matchLabels: {team: payments}}\n  endpoints: [{port: http}]\n").replace(", namespace: shop", ""),
      files: {
        "file:///test/kustomization.yaml": "labels: [{pairs: {team: payments}}]\nresources: [manifest.yaml, svc.yaml]\n",
        "file:///test/svc.yaml": svc().replace(", namespace: shop", ""),
      },
    },
    { name: "PodMonitor selects the pods and their port", yaml: `${pm("  selector: {matchLabels: {app: web}}\n  podMetricsEndpoints: [{port: metrics}]\n")}---\n${deploy()}` },
    { name: "an endpoint by targetPort (deprecated) is not judged", yaml: `${sm("  selector: {matchLabels: {app.kubernetes.io/name: web}}\n  endpoints: [{targetPort: 9090}]\n")}---\n${svc()}` },
  ],
  invalid: [
    {
      name: "selects the pods' labels instead of the Service's",
      yaml: `${sm("  selector:\n    matchLabels: {app: web}\n  endpoints: [{port: http}]\n")}---\n${svc()}`,
      findings: [{ line: 5, column: 3, endColumn: 11, message: 'ServiceMonitor "web" selects no Service in scope in namespace "shop" (app=web); Prometheus scrapes nothing for it and no alert says so.' }],
    },
    {
      name: "an endpoint port the Service does not name",
      yaml: `${sm("  selector: {matchLabels: {app.kubernetes.io/name: web}}\n  endpoints:\n    - port: http\n    - port: metrics\n")}---\n${svc()}`,
      findings: [{ line: 8, column: 13, message: 'ServiceMonitor "web" endpoints[1] scrapes the Service port named "metrics", which none of what it selects (Service "web") declares; this endpoint scrapes nothing.' }],
    },
    {
      name: "matchNames: the Service's namespace has other labels",
      yaml: `${sm("  namespaceSelector: {matchNames: [shop]}\n  selector: {matchLabels: {app.kubernetes.io/name: api}}\n", "monitoring")}---\n${svc()}`,
      findings: [{ line: 6, message: /selects no Service in scope in namespace "shop" \(app.kubernetes.io\/name=api\)/ }],
    },
    { name: "PodMonitor with a label typo", yaml: `${pm("  selector: {matchLabels: {app: wbe}}\n")}---\n${deploy()}`, findings: [{ line: 5, message: 'PodMonitor "web" selects no pods of any workload in scope in namespace "shop" (app=wbe); Prometheus scrapes nothing for it and no alert says so.' }] },
    { name: "PodMonitor port no container declares", yaml: `${pm("  selector: {matchLabels: {app: web}}\n  podMetricsEndpoints: [{port: http}]\n")}---\n${deploy()}`, findings: [{ line: 6, message: /podMetricsEndpoints\[0\] scrapes the container port named "http", which none of what it selects \(Deployment "web"\) declares/ }] },
  ],
});

const plain = (s: string) => s.replace(/, namespace: shop/g, "");
testRule(rule, {
  valid: [
    // kube-linter dangling-servicemonitor's shape: the monitor names no namespace, so it may be applied beside the Service.
    { name: "a monitor without a namespace, the Service pinned to another namespace in the same file", yaml: `${plain(sm("  selector: {matchLabels: {app.kubernetes.io/name: web}}\n"))}---\n${svc()}---\n${plain(svc("{app.kubernetes.io/name: other}"))}` },
    { name: "a PodMonitor without a namespace, pods pinned elsewhere", yaml: `${plain(pm("  selector: {matchLabels: {app: web}}\n"))}---\n${deploy()}---\n${plain(deploy()).replace(/web/g, "other")}` },
    { name: "only another example's Services share the assumed namespace", yaml: plain(sm("  selector: {matchLabels: {app: api}}\n")), files: { "file:///other/svc.yaml": plain(svc()) } },
  ],
  invalid: [{ name: "a Service in the monitor's folder", yaml: plain(sm("  selector: {matchLabels: {app: api}}\n")), files: { "file:///test/svc.yaml": plain(svc()) }, findings: [{ line: 5, message: /namespace "default"/ }] }],
});
