// Tests for model/cni-policies.ts: Cilium and Calico default-deny policies, directly and through network/missing-default-deny.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_CONFIG } from "../config.js";
import { analyzeFiles } from "../engine.js";
import missingDefaultDeny from "../network/missing-default-deny/rule.js";
import { testRule } from "../testing.js";
import { cniDefaultDenyIn } from "./cni-policies.js";
import type { JsonObject, KObject } from "./object.js";
import { WorkspaceIndex } from "./scope.js";

const obj = (apiVersion: string, kind: string, name: string, namespace: string, value: JsonObject) =>
  ({ uri: "file:///x.yaml", apiVersion, kind, name, namespace, value, partial: false, labels: {}, annotations: {} }) as unknown as KObject;

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "web:1"}]
`;
const cnp = (spec: string, kind = "CiliumNetworkPolicy", ns = "\n  namespace: shop") => `apiVersion: cilium.io/v2
kind: ${kind}
metadata:
  name: deny${ns}
spec:
${spec}`;
const calico = (spec: string, kind = "NetworkPolicy", apiVersion = "projectcalico.org/v3") => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: default-deny${kind === "NetworkPolicy" ? "\n  namespace: shop" : ""}
spec:
${spec}`;

testRule(missingDefaultDeny, {
  valid: [
    { name: "Cilium: the documented deny-all (endpointSelector {}, ingress [{}], egress [{}])", yaml: `${deploy}---\n${cnp("  endpointSelector: {}\n  ingress:\n    - {}\n  egress:\n    - {}\n")}` },
    { name: "Cilium: matchLabels {} and empty rule lists, in another file", yaml: deploy, files: { "file:///test/cnp.yaml": cnp("  endpointSelector:\n    matchLabels: {}\n  ingress: []\n  egress: []\n") } },
    { name: "Cilium clusterwide: every namespace but kube-system", yaml: `${deploy}---\n${cnp("  endpointSelector:\n    matchExpressions:\n      - {key: k8s:io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}\n  ingress: [{}]\n  egress: [{}]\n", "CiliumClusterwideNetworkPolicy", "")}` },
    { name: "Cilium: deny rules towards the all entity", yaml: `${deploy}---\n${cnp("  endpointSelector: {}\n  ingressDeny:\n    - fromEntities: [all]\n  egressDeny:\n    - toEntities: [all]\n")}` },
    { name: "Calico: selector all(), both types, no rules", yaml: `${deploy}---\n${calico("  selector: all()\n  types: [Ingress, Egress]\n")}` },
    { name: "Calico GlobalNetworkPolicy (CRD API group) naming the namespace, unconditional Deny rules", yaml: `${deploy}---\n${calico("  namespaceSelector: projectcalico.org/name == 'shop'\n  types: [Ingress, Egress]\n  ingress: [{action: Deny}]\n  egress: [{action: Deny}]\n", "GlobalNetworkPolicy", "crd.projectcalico.org/v1")}` },
    { name: "a core policy for ingress and a Cilium one for egress together", yaml: `${deploy}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: di, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n---\n${cnp("  endpointSelector: {}\n  egress: [{}]\n")}` },
  ],
  invalid: [
    {
      name: "Cilium: a policy that allows something is not a default-deny (egress to DNS only)",
      yaml: `${deploy}---\n${cnp("  endpointSelector: {}\n  ingress: [{}]\n  egress:\n    - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n")}`,
      findings: [{ line: 3, message: /no default-deny NetworkPolicy for egress/ }],
    },
    {
      name: "Cilium: enableDefaultDeny off, and a policy selecting one app only",
      yaml: `${deploy}---\n${cnp("  endpointSelector: {}\n  enableDefaultDeny: {ingress: false, egress: false}\n  ingress: [{}]\n  egress: [{}]\n")}---\n${cnp("  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n  egress: [{}]\n").replace("name: deny", "name: web")}`,
      findings: [{ line: 3, message: /no default-deny NetworkPolicy for ingress and egress/ }],
    },
    {
      name: "Calico: Ingress type only; a GlobalNetworkPolicy for another namespace",
      yaml: `${deploy}---\n${calico("  selector: all()\n  types: [Ingress]\n")}---\n${calico("  namespaceSelector: projectcalico.org/name == 'other'\n  types: [Egress]\n", "GlobalNetworkPolicy")}`,
      findings: [{ line: 3, message: /no default-deny NetworkPolicy for egress/ }],
    },
  ],
});

describe("cniDefaultDenyIn", () => {
  it("lists the policies per direction, and ignores CRDs of other groups named like them", () => {
    const spec = { endpointSelector: {}, ingress: [{}] };
    const index = new WorkspaceIndex(false);
    index.setFile("file:///x.yaml", [
      obj("cilium.io/v2", "CiliumNetworkPolicy", "deny", "shop", { spec }),
      obj("example.com/v1", "CiliumNetworkPolicy", "fake", "shop", { spec }),
    ]);
    assert.deepEqual(cniDefaultDenyIn(index, "shop", "Ingress").map((o) => o.name), ["deny"]);
    assert.deepEqual(cniDefaultDenyIn(index, "shop", "Egress").map((o) => o.name), []);
    assert.deepEqual(cniDefaultDenyIn(index, "other", "Ingress").map((o) => o.name), []);
  });

  it("keeps analyzeFiles free of internal errors on malformed CNI policies", () => {
    const text = `${deploy}---\n${cnp("  endpointSelector: 7\n  ingress: oops\n  specs: [1, {endpointSelector: []}]\n")}---\n${calico("  selector: 5\n  types: nope\n  ingress: [null]\n", "GlobalNetworkPolicy")}`;
    const { findings } = analyzeFiles([{ uri: "file:///x.yaml", text }], DEFAULT_CONFIG, [missingDefaultDeny]);
    assert.deepEqual(findings.filter((f) => f.message.startsWith("internal error")).map((f) => f.message), []);
  });
});
