// Tests for network/statefulset-service-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const sts = (serviceName = "  serviceName: db\n") => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
${serviceName}  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: db:1}]
`;
const svc = (name = "db", extra = "  clusterIP: None\n", selector = "{app: db}") => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: data}
spec:
${extra}  selector: ${selector}
  ports: [{port: 5432}]
`;

testRule(rule, {
  valid: [
    { name: "a headless Service selecting the pods", yaml: `${sts()}---\n${svc()}` },
    { name: "no serviceName", yaml: `${sts("")}---\n${svc("other")}` },
    // kube-score statefulset-has-servicename fires when the Service is not in the input; kubeready waits for Services in scope.
    { name: "no Service of the namespace in scope", yaml: sts() },
    { name: "an operator's resource makes the Service", yaml: `${sts("  serviceName: pg-headless\n")}---\n${svc("other")}---\napiVersion: db.example.com/v1\nkind: Cluster\nmetadata: {name: pg, namespace: data}\nspec: {}\n` },
    { name: "a selector-less headless Service (Endpoints by hand)", yaml: `${sts()}---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec:\n  clusterIP: None\n  ports: [{port: 5432}]\n` },
    { name: "a StatefulSet without a namespace, the Service pinned to another namespace in the same file", yaml: `${sts().replace(", namespace: data", "")}---\n${svc()}---\n${svc("other").replace(", namespace: data", "")}` },
    { name: "one of two variants is headless", yaml: `${sts()}---\n${svc("db", "")}---\n${svc()}` },
    // One member addresses no peer by name: a database behind its ClusterIP Service (seen on a real repository).
    { name: "a ClusterIP Service in front of one replica (replicas unset)", yaml: `${sts()}---\n${svc("db", "")}` },
    { name: "a ClusterIP Service in front of replicas: 1", yaml: `${sts("  serviceName: db\n  replicas: 1\n")}---\n${svc("db", "")}` },
  ],
  invalid: [
    {
      name: "the Service is not in scope",
      yaml: `${sts("  serviceName: db-headless\n")}---\n${svc()}`,
      findings: [{ line: 5, column: 16, endColumn: 27, message: 'StatefulSet "db" names Service "db-headless" (spec.serviceName), which is not in scope in namespace "data" although other Services deployed with it are; its pods get no stable DNS names (db-0.db-headless).' }],
    },
    { name: "a ClusterIP Service in front of 3 replicas", yaml: `${sts("  serviceName: db\n  replicas: 3\n")}---\n${svc("db", "")}`, findings: [{ line: 5, severity: "info", message: 'StatefulSet "db" names Service "db" (spec.serviceName), which is not headless (clusterIP: None), so the pods get no per-pod DNS names (db-0.db does not resolve); this matters when members address each other by name.' }] },
    {
      name: "a ClusterIP Service in front of one replica that an HPA may scale out",
      yaml: `${sts("  serviceName: db\n  replicas: 1\n")}---\n${svc("db", "")}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: db, namespace: data}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n  minReplicas: 1\n  maxReplicas: 5\n`,
      findings: [{ line: 5, severity: "info" }],
    },
    { name: "a headless Service selecting other pods", yaml: `${sts()}---\n${svc("db", "  clusterIP: None\n", "{app: database}")}`, findings: [{ line: 5, severity: "warning", message: /which does not select its pods, so their DNS records are not made; db-0.db will not resolve\.$/ }] },
  ],
});
