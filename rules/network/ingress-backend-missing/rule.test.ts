// Tests for network/ingress-backend-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const svc = (name = "web", ports = "[{name: http, port: 80, targetPort: 8080}]") => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: ${name}}
  ports: ${ports}
`;
const ing = (backend: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
${backend}`;
const v1 = (name: string, port: string) => `              service:\n                name: ${name}\n                port: ${port}\n`;

testRule(rule, {
  valid: [
    { name: "port by number", yaml: `${ing(v1("web", "{number: 80}"))}---\n${svc()}` },
    { name: "port by name", yaml: `${ing(v1("web", "{name: http}"))}---\n${svc()}` },
    { name: "a resource backend", yaml: `${ing("              resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}\n")}---\n${svc()}` },
    // kube-score ingress-targets-service and kube-linter dangling-ingress fire here: with no Service in scope, the Service lives elsewhere.
    { name: "no Service of the namespace in scope", yaml: ing(v1("web", "{number: 80}")) },
    {
      name: "an operator's resource makes the Service (<name>-<suffix>)",
      yaml: `${ing(v1("events-kafka-bootstrap", "{number: 9092}"))}---\n${svc()}---\napiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {name: events, namespace: shop}\nspec: {}\n`,
    },
    { name: "one of two same-named variants has the port", yaml: `${ing(v1("web", "{number: 8080}"))}---\n${svc()}---\n${svc("web", "[{port: 8080}]")}` },
    {
      name: "extensions/v1beta1 serviceName and servicePort",
      yaml: `apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  backend: {serviceName: web, servicePort: http}\n---\n${svc()}`,
    },
  ],
  invalid: [
    {
      name: "a Service name typo",
      yaml: `${ing(v1("wbe", "{number: 80}"))}---\n${svc()}`,
      findings: [{ line: 12, column: 23, endColumn: 26, message: 'Ingress "web" routes to Service "wbe", which is not in scope in namespace "shop" although other Services deployed with it are; requests to this backend get 503.' }],
    },
    {
      name: "the targetPort instead of the Service port",
      yaml: `${ing(v1("web", "{number: 8080}"))}---\n${svc()}`,
      findings: [{ line: 13, column: 32, message: 'Ingress "web" routes to port 8080 of Service "web", which has no such port (it has 80); requests to this backend get 503.' }],
    },
    { name: "a port name the Service does not have", yaml: `${ing(v1("web", "{name: https}"))}---\n${svc()}`, findings: [{ line: 13, message: /port "https" of Service "web", which has no such port \(it has "http"\)/ }] },
    {
      name: "networking.k8s.io/v1beta1 and a defaultBackend",
      yaml: `apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  backend: {serviceName: web, servicePort: 443}\n---\n${svc()}`,
      findings: [{ line: 5, column: 44, message: /port 443 of Service "web"/ }],
    },
  ],
});

const plain = (s: string) => s.replace(/, namespace: shop/g, "");
testRule(rule, {
  valid: [
    { name: "an Ingress without a namespace, the Service pinned to another namespace in the same file", yaml: `${plain(ing(v1("web", "{number: 80}")))}---\n${svc()}---\n${plain(svc("other"))}` },
    { name: "only another example's Services share the assumed namespace", yaml: plain(ing(v1("api", "{number: 80}"))), files: { "file:///other/svc.yaml": plain(svc()) } },
  ],
  invalid: [{ name: "a Service in the Ingress's folder", yaml: plain(ing(v1("api", "{number: 80}"))), files: { "file:///test/svc.yaml": plain(svc()) }, findings: [{ line: 12, message: /namespace "default"/ }] }],
});
