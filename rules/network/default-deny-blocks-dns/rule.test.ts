// Tests for network/default-deny-blocks-dns.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findingsOf, testRule } from "../../testing.js";
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

// Cilium and Calico policies (issue 20.1): their allow rules add to the core ones, and a namespace's own default-deny of theirs is judged too.
const ciliumDeny = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  endpointSelector: {}
  ingress: [{}]
  egress: [{}]
`;
const ciliumDns = (ports: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  endpointSelector: {}
  egress:
    - toEndpoints:
        - matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}
      toPorts:
        - ports: ${ports}
          rules: {dns: [{matchPattern: "*"}]}
`;
const calicoDeny = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  selector: all()\n  types: [Ingress, Egress]\n";
const calicoDns = (destination: string, kind = "NetworkPolicy", ns = "\n  namespace: shop") => `apiVersion: projectcalico.org/v3
kind: ${kind}
metadata:
  name: allow-dns${ns}
spec:
  selector: all()
  types: [Egress]
  egress:
    - action: Allow
      destination: ${destination}
`;

const calicoExplicitDeny = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  order: 100\n  selector: all()\n  types: [Egress]\n  egress: [{action: Deny}]\n";

describe("network/default-deny-blocks-dns fixes", () => {
  it("offers no fix after an explicit Calico Deny rule (a core allow, at order 1000, would never be reached)", () => {
    const [f] = findingsOf(rule, { name: "deny", yaml: calicoExplicitDeny });
    assert.ok(f);
    assert.deepEqual((f.fixes?.() ?? []).filter((x) => !x.suppression).map((x) => x.title), []);
  });
});

testRule(rule, {
  valid: [
    { name: "core default-deny, DNS allowed by a Cilium policy (port 53, protocol ANY)", yaml: `${deny}---\n${ciliumDns('[{port: "53", protocol: ANY}]')}` },
    { name: "Cilium default-deny, DNS allowed by a Cilium policy", yaml: `${ciliumDeny}---\n${ciliumDns('[{port: "53", protocol: ANY}]')}` },
    { name: "Cilium default-deny, DNS allowed by a core policy", yaml: `${ciliumDeny}---\n${allow(dnsRule)}` },
    { name: "Cilium L4-only rule: port 53 to any peer", yaml: `${deny}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dns, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress:\n    - toPorts: [{ports: [{port: "53"}]}]\n` },
    { name: "Calico default-deny, DNS allowed through the kube-dns Service", yaml: `${calicoDeny}---\n${calicoDns("{services: {name: kube-dns, namespace: kube-system}}")}` },
    { name: "core default-deny, DNS allowed by a Calico GlobalNetworkPolicy by selector and ports", yaml: `${deny}---\n${calicoDns("{selector: k8s-app == 'kube-dns', namespaceSelector: projectcalico.org/name == 'kube-system', ports: [53]}", "GlobalNetworkPolicy", "")}` },
    { name: "a clusterwide Cilium default-deny is left to the platform", yaml: ciliumDeny.replace("kind: CiliumNetworkPolicy", "kind: CiliumClusterwideNetworkPolicy").replace(", namespace: shop", "") },
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
    {
      name: "a Cilium default-deny without a DNS allow: reported at its egress section, fixed with a core allow",
      yaml: ciliumDeny,
      findings: [{ line: 7, column: 3, message: 'CiliumNetworkPolicy "deny-all" denies all egress in namespace "shop" and nothing allows DNS (UDP and TCP port 53 to kube-dns); every name lookup fails.' }],
      output: `${ciliumDeny}---
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
      name: "a Calico default-deny, DNS allowed by Cilium over UDP only (an info)",
      yaml: `${calicoDeny}---\n${ciliumDns("[{port: \"53\", protocol: UDP}]")}`,
      findings: [{ line: 6, column: 20, severity: "info", message: /NetworkPolicy "default-deny" denies all egress in namespace "shop" and DNS is allowed over UDP only/ }],
    },
    {
      name: "Calico: a DNS allow to the wrong namespace's pods does not count",
      yaml: `${calicoDeny}---\n${calicoDns("{selector: app == 'db', ports: [53]}")}`,
      findings: [{ line: 6 }],
    },
    { name: "an explicit Calico Deny rule", yaml: calicoExplicitDeny, findings: [{ line: 7, column: 11 }] },
  ],
});
