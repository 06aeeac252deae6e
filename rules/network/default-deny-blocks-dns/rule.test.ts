// Tests for network/default-deny-blocks-dns.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;
const allow = (egress: string, selector = "{}") => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: shop}
spec:
  podSelector: ${selector}
  policyTypes: [Egress]
  egress:
${egress}`;
const deploy = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: c, image: c:1}]
`;
const dnsRule = "    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n      ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: TCP, port: 53}\n";

testRule(rule, {
  valid: [
    { name: "DNS allowed to kube-dns for all pods", yaml: `${deny}---\n${allow(dnsRule)}` },
    { name: "an egress rule without ports or peers allows DNS too", yaml: `${deny}---\n${allow("    - {}\n")}` },
    { name: "named ports dns and dns-tcp", yaml: `${deny}---\n${allow("    - ports:\n        - {protocol: UDP, port: dns}\n        - {port: dns-tcp}\n")}` },
    { name: "named ports and a port range", yaml: `${deny}---\n${allow("    - ports:\n        - {protocol: UDP, port: dns}\n        - {protocol: TCP, port: 50, endPort: 60}\n")}` },
    { name: "policyTypes omitted: egress rules make it an Egress policy (API defaulting)", yaml: `${deny}---\n${allow(dnsRule).replace("  policyTypes: [Egress]\n", "")}` },
    { name: "no default-deny egress", yaml: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d, namespace: shop}\nspec:\n  podSelector: {}\n" },
    { name: "per-workload DNS allows cover every workload", yaml: `${deny}---\n${allow(dnsRule, "{matchLabels: {app: web}}")}---\n${deploy("web")}` },
  ],
  invalid: [
    {
      name: "nothing allows DNS: the fix adds an allow-dns policy",
      yaml: deny,
      findings: [{ line: 10, column: 7, endColumn: 13, message: 'NetworkPolicy "default-deny" denies all egress in namespace "shop" and nothing allows DNS (UDP and TCP port 53 to kube-dns); every name lookup fails.' }],
      output: `${deny}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns-egress
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`,
    },
    {
      name: "DNS allowed for one workload only, policies split across files",
      yaml: deny,
      files: { "file:///test/allow.yaml": `${allow(dnsRule, "{matchLabels: {app: web}}")}---\n${deploy("web")}---\n${deploy("api")}` },
      findings: [{ line: 10, message: /nothing allows DNS \(UDP and TCP port 53 to kube-dns\) \(Deployment "api"\)/ }],
    },
    {
      name: "egress only to the own namespace's pods is not DNS",
      yaml: `${deny}---\n${allow("    - to: [{podSelector: {matchLabels: {app: db}}}]\n")}`,
      findings: [{ line: 10 }],
    },
    {
      // CoreDNS names its TCP port "dns-tcp": a TCP rule on the named port "dns" matches nothing there.
      name: "named port dns over TCP is not the DNS TCP port",
      yaml: `${deny}---\n${allow("    - ports:\n        - {protocol: UDP, port: dns}\n        - {protocol: TCP, port: dns}\n")}`,
      findings: [{ line: 10, severity: "info", message: /DNS is allowed over UDP only/ }],
    },
    {
      name: "UDP only is an info",
      yaml: `${deny}---\n${allow("    - ports: [{protocol: UDP, port: 53}]\n")}`,
      findings: [{ line: 10, severity: "info", message: /DNS is allowed over UDP only/ }],
    },
  ],
});
