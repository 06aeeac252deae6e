// Tests for operations/missing-probes.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (container: string, kind = "Deployment") => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${container}`;

const SERVICE = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
const LIVE_ONLY = "        - name: tunnel\n          image: cloudflare/cloudflared:2025.2.1\n          ports: [{name: metrics, containerPort: 2000}]\n          livenessProbe: {httpGet: {path: /ready, port: 2000}}\n";

const PROBED = `        - name: web
          image: web:1
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /live, port: 8080}}
`;

testRule(rule, {
  valid: [
    { name: "both probes", yaml: deploy(PROBED) },
    { name: "a Job runs to completion", yaml: `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: j, image: j:1}\n` },
    { name: "a bare Pod is not long-running by kind", yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: a:1}\n" },
    {
      name: "init containers need none",
      yaml: deploy(PROBED).replace("      containers:\n", "      initContainers:\n        - {name: init, image: i:1}\n      containers:\n"),
    },
    {
      name: "a readiness probe without a liveness probe is a deliberate choice",
      yaml: deploy("        - name: web\n          image: web:1\n          readinessProbe: {httpGet: {path: /ready, port: 3200}}\n"),
    },
    // A sidecar (a metrics exporter beside a probed database) in a pod whose readiness is already gated: seen on
    // real repositories, every such finding was noise.
    { name: "a sidecar without probes beside a container with a readiness probe", yaml: deploy(`${PROBED}        - name: exporter\n          image: exporter:1\n          ports: [{name: metrics, containerPort: 9187}]\n`) },
    // An outbound tunnel connector, a leader-elected controller: no Service sends the pods traffic, liveness is probed.
    { name: "a liveness probe and no Service that selects the pods", yaml: deploy(LIVE_ONLY) },
    // kube-prometheus: kube-rbac-proxy fronts the metrics port of kube-state-metrics, node-exporter, the operator.
    { name: "a kube-rbac-proxy sidecar beside the main container", yaml: deploy(`${PROBED}        - name: kube-rbac-proxy\n          image: quay.io/brancz/kube-rbac-proxy:v0.8.0\n          ports: [{name: https, containerPort: 8443}]\n`.replace(/          readinessProbe: .*\n/, "")) },
    {
      name: "liveness not required by option",
      config: { rules: { "operations/missing-probes": { liveness: false } } },
      yaml: deploy("        - name: web\n          image: web:1\n          readinessProbe: {tcpSocket: {port: 80}}\n"),
    },
  ],
  invalid: [
    {
      name: "a liveness probe, but a Service sends the pods traffic: readiness is reported",
      yaml: `${deploy(LIVE_ONLY)}${SERVICE}`,
      findings: [{ line: 13, message: 'Container "tunnel" of Deployment "web" has no readiness probe: Services send it traffic before it is ready and during rollouts.' }],
    },
    {
      name: "no probes at all and no Service: reported, with what readiness still decides",
      yaml: deploy("        - {name: a, image: a:1, ports: [{containerPort: 8080}]}\n        - {name: proxy, image: quay.io/brancz/kube-rbac-proxy:v0.8.0}\n"),
      findings: [{ line: 13, message: 'Container "a" of Deployment "web" has no readiness probe and no liveness probe: rollouts count it ready as soon as it starts, and a hung process is never restarted.' }],
    },
    {
      name: "sidecars reported when asked (option sidecars)",
      config: { rules: { "operations/missing-probes": { sidecars: true } } },
      yaml: deploy(`${PROBED}        - name: exporter\n          image: exporter:1\n`),
      findings: [{ line: 17, message: /^Container "exporter" of Deployment "web" has no readiness probe and no liveness probe/ }],
    },
    {
      name: "two containers, neither probed: both reported",
      yaml: deploy("        - {name: a, image: a:1}\n        - {name: b, image: b:1}\n"),
      findings: [{ line: 13, message: /^Container "a"/ }, { line: 14, message: /^Container "b"/ }],
    },
    {
      name: "both missing; the fix adds TCP probes on the named port",
      yaml: deploy(`        - name: web # frontend
          image: web:1
          ports:
            - name: http
              containerPort: 8080
`) + SERVICE,
      findings: [{ line: 13, column: 11, endColumn: 20, message: 'Container "web" of Deployment "web" has no readiness probe and no liveness probe: Services send it traffic before it is ready and during rollouts, and a hung process is never restarted.' }],
      output: deploy(`        - name: web # frontend
          image: web:1
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: http
          livenessProbe:
            tcpSocket:
              port: http
`) + SERVICE,
    },
    {
      name: "DaemonSet missing liveness only (reported on request); a sidecar without ports (reported on request) has no fix",
      config: { rules: { "operations/missing-probes": { livenessBesideReadiness: true, sidecars: true } } },
      yaml: deploy(`        - name: agent
          image: agent:1
          ports: [{containerPort: 9100}]
          readinessProbe: {tcpSocket: {port: 9100}}
        - name: helper
          image: helper:1
          readinessProbe: {exec: {command: [true]}}
          livenessProbe: {exec: {command: [true]}}
        - name: shipper
          image: shipper:1
`, "DaemonSet"),
      findings: [
        { line: 13, column: 11, message: 'Container "agent" of DaemonSet "web" has no liveness probe: a hung process is never restarted.' },
        // No port, no Service traffic: the message says what readiness still decides.
        { line: 21, column: 11, message: 'Container "shipper" of DaemonSet "web" has no readiness probe and no liveness probe: rollouts count it ready as soon as it starts, and a hung process is never restarted.' },
      ],
    },
  ],
});

// kubebuilder's config/manager patches: added by `kustomize edit add patch`, so no kustomization lists them.
testRule(rule, {
  valid: [
    {
      name: "a patch-shaped Deployment (no selector, a container without image) is not judged",
      yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller-manager, namespace: system}\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          env: [{name: DEBUG, value: \"1\"}]\n",
    },
  ],
  invalid: [],
});

testRule(rule, {
  valid: [],
  invalid: [
    {
      name: "a Deployment whose selector a kustomize build's commonLabels write is a whole object",
      yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: grafana}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: grafana, image: grafana/grafana:11.2.0, ports: [{containerPort: 3000}]}\n",
      files: { "file:///test/kustomization.yaml": "commonLabels: {app.kubernetes.io/name: grafana}\nresources: [manifest.yaml]\n" },
      findings: [{ line: 8, message: /Container "grafana" of Deployment "grafana" has no readiness probe and no liveness probe/ }],
    },
  ],
});
