// Table tests for model/netpol.ts: policyTypes defaulting (networking/v1 SetDefaults_NetworkPolicy), default-deny, DNS egress.
import assert from "node:assert/strict";
import { it } from "node:test";
import { egressRuleAllowsDns, isDefaultDeny, networkPolicyOf, type Direction } from "./netpol.js";
import type { JsonObject, KObject } from "./object.js";

const policy = (spec: JsonObject) => networkPolicyOf({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", name: "p", namespace: "shop", value: { spec }, partial: false } as unknown as KObject)!;

const types: [string, JsonObject, Direction[]][] = [
  ["nothing written: Ingress", { podSelector: {} }, ["Ingress"]],
  ["egress rules without policyTypes: Ingress and Egress", { podSelector: {}, egress: [{}] }, ["Ingress", "Egress"]],
  ["egress: [] without policyTypes: Ingress only", { podSelector: {}, egress: [] }, ["Ingress"]],
  ["written policyTypes win", { podSelector: {}, policyTypes: ["Egress"], ingress: [{}] }, ["Egress"]],
  ["an empty policyTypes list is defaulted", { podSelector: {}, policyTypes: [] }, ["Ingress"]],
];
for (const [name, spec, expected] of types) {
  it(`model/netpol: policyTypes — ${name}`, () => assert.deepEqual([...policy(spec).types].sort(), [...expected].sort()));
}

const denies: [string, JsonObject, boolean, boolean][] = [
  ["the guide's default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, true, true],
  ["egress: [] without policyTypes denies ingress only", { podSelector: {}, egress: [] }, true, false],
  ["an allow-all ingress rule is no deny", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }, false, false],
  ["a non-empty podSelector is no namespace default", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress", "Egress"] }, false, false],
];
for (const [name, spec, ingress, egress] of denies) {
  it(`model/netpol: default-deny — ${name}`, () => assert.deepEqual([isDefaultDeny(policy(spec), "Ingress"), isDefaultDeny(policy(spec), "Egress")], [ingress, egress]));
}

const dns: [string, JsonObject, boolean, boolean][] = [
  ["no ports, no peers", {}, true, true],
  ["port 53 without protocol is TCP (API default)", { ports: [{ port: 53 }] }, false, true],
  ["a range containing 53", { ports: [{ protocol: "UDP", port: 50, endPort: 60 }] }, true, false],
  ["named ports dns (UDP) and dns-tcp (TCP)", { ports: [{ protocol: "UDP", port: "dns" }, { port: "dns-tcp" }] }, true, true],
  ["named port dns over TCP names no DNS port", { ports: [{ protocol: "TCP", port: "dns" }] }, false, false],
  ["to kube-dns in kube-system", { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }] }, true, false],
  ["a bare podSelector stays in the own namespace", { to: [{ podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }] }, false, false],
];
for (const [name, rule, udp, tcp] of dns) {
  it(`model/netpol: DNS egress — ${name}`, () => assert.deepEqual([egressRuleAllowsDns(rule, "shop", "UDP"), egressRuleAllowsDns(rule, "shop", "TCP")], [udp, tcp]));
}
