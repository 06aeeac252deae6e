// Tests for operations/ingress-tls-unmanaged.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const ingress = (metadata: string, tls: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
${metadata}spec:
  ingressClassName: nginx
  tls:
${tls}  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

const TLS = "    - hosts: [shop.example.com]\n      secretName: shop-tls\n";
const certificate = (ns: string) => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop, namespace: ${ns}}
spec:
  secretName: shop-tls
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
  dnsNames: [shop.example.com]
`;

testRule(rule, {
  valid: [
    { name: "cluster-issuer annotation", yaml: ingress("  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n", TLS) },
    { name: "legacy tls-acme annotation", yaml: ingress("  annotations:\n    kubernetes.io/tls-acme: \"true\"\n", TLS) },
    { name: "a Certificate in another file writes the Secret", yaml: ingress("", TLS), files: { "file:///cert.yaml": certificate("shop") } },
    { name: "a pre-0.11 cert-manager Certificate", yaml: ingress("", TLS), files: { "file:///cert.yaml": certificate("shop").replace("cert-manager.io/v1", "certmanager.k8s.io/v1alpha1") } },
    { name: "tls without secretName uses the controller's default certificate", yaml: ingress("", "    - hosts: [shop.example.com]\n") },
  ],
  invalid: [
    {
      name: "no Certificate, no annotation: the unsafe fix adds a placeholder issuer",
      yaml: ingress("", TLS),
      findings: [{ line: 10, column: 19, message: 'Ingress "shop" serves TLS from Secret "shop-tls", which no cert-manager Certificate or issuer annotation manages, so nothing renews it before it expires.' }],
      output: ingress("  annotations:\n    cert-manager.io/cluster-issuer: \"<REPLACE_ME_CLUSTER_ISSUER>\"\n", TLS),
    },
    {
      name: "a Certificate in another namespace does not count",
      yaml: ingress("", TLS + "    - hosts: [api.example.com]\n      secretName: api-tls\n"),
      files: { "file:///cert.yaml": certificate("other") },
      findings: [{ line: 10, message: /Secret "shop-tls"/ }, { line: 12, message: /Secret "api-tls"/ }],
    },
  ],
});
