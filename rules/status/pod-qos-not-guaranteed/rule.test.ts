// Tests for status/pod-qos-not-guaranteed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");

const deploymentPod = `apiVersion: v1
kind: Pod
metadata:
  name: checkout-7d4b9c-x1
  namespace: shop
  labels: {pod-template-hash: 7d4b9c}
  ownerReferences:
    - {apiVersion: apps/v1, kind: ReplicaSet, name: checkout-7d4b9c, controller: true}
spec:
  containers: [{name: app, image: "app:1"}]
status:
  phase: Running
  qosClass: BestEffort
`;

testRule(rule, {
  valid: [
    { name: "fixture: Guaranteed StatefulSet pod, Burstable pod of an ordinary Deployment", yaml: fixture("valid.yaml") },
    { name: "a manifest without status", yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  priorityClassName: system-node-critical\n  containers: [{name: a, image: \"a:1\"}]\n" },
    {
      name: "a finished pod is not judged",
      yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  priorityClassName: system-node-critical\n  containers: [{name: a, image: \"a:1\"}]\nstatus: {phase: Succeeded, qosClass: BestEffort}\n",
    },
    { name: "a Deployment pod that is not listed as critical", yaml: deploymentPod, config: { criticalWorkloads: ["shop/cart"] } },
  ],
  invalid: [
    {
      name: "fixture: a database pod that is Burstable",
      yaml: fixture("invalid.yaml"),
      findings: [{ line: 23, column: 13, message: /"payments-db-0" runs with QoS class Burstable although it belongs to StatefulSet "payments-db"/ }],
    },
    {
      name: "a Deployment listed in criticalWorkloads, found through its ReplicaSet",
      yaml: deploymentPod,
      config: { criticalWorkloads: ["shop/checkout"] },
      findings: [{ line: 13, column: 13, message: /BestEffort although Deployment "checkout" is listed in criticalWorkloads/ }],
    },
    {
      name: "a node-critical pod",
      yaml: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  priorityClassName: system-node-critical\n  containers: [{name: a, image: \"a:1\"}]\nstatus: {phase: Running, qosClass: BestEffort}\n",
      findings: [{ line: 7, column: 36, message: /priority class system-node-critical/ }],
    },
  ],
});
