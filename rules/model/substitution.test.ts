// envsubst-style manifests: placeholders are unknown values (rules stay silent about them), the rest is judged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles } from "../engine.js";
import { isSubstituted } from "./substitution.js";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: "\${NAMESPACE}"}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
          ports: [{name: http, containerPort: 8080}]
          resources:
            requests: {cpu: "\${CPU}", memory: 128Mi}
            limits: {memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: "\${NAMESPACE}"}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: "\${PORT_NAME}"}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: "\${NAMESPACE}"}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: "\${NAMESPACE}"}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: \${MIN_REPLICAS}
  maxReplicas: 10
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: "\${NAMESPACE}"}
spec:
  tls: [{hosts: [web.example.com], secretName: "\${TLS_SECRET}"}]
  rules: [{host: web.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`;

describe("envsubst-style placeholders", () => {
  it("recognises ${VAR}, $(VAR) and {{ }} placeholders", () => {
    assert.deepEqual(["${MIN}", "$(PORT)", "app-${ENV}", "{{ .x }}", "80", "http", "$5", 2].map(isSubstituted), [true, true, true, true, false, false, false, false]);
  });
  it("no finding about a placeholder value; the rest of the objects is judged", () => {
    const { findings } = analyzeFiles([{ uri: "file:///repo/deploy/web.yaml", text: MANIFEST }]);
    const rules = findings.flatMap((f) => f.rules ?? [f.rule]);
    for (const silent of ["autoscaling/hpa-min-replicas-one", "autoscaling/hpa-min-replicas-with-pdb", "autoscaling/hpa-metric-without-request", "operations/ingress-tls-unmanaged", "network/service-selects-nothing", "yaml/syntax"]) {
      assert.ok(!rules.includes(silent), `${silent}: ${JSON.stringify(findings.filter((f) => f.rule === silent).map((f) => f.message))}`);
    }
    // Still judged: the container is not hardened and has no probes.
    assert.ok(rules.includes("pss/run-as-non-root"), JSON.stringify(rules));
    assert.ok(rules.includes("operations/missing-probes"), JSON.stringify(rules));
  });
});
