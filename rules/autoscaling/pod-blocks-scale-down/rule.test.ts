// Tests for autoscaling/pod-blocks-scale-down: pods the Cluster Autoscaler may not move, only where one is in scope.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const [autoscaler, renderer] = fixture("invalid").split("---\n");
const withFlag = (flag: string) => autoscaler!.replace("            - --expander=least-waste\n", `            - --expander=least-waste\n            - ${flag}\n`);
const ca = { "file:///test/ca.yaml": autoscaler! };

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "no Cluster Autoscaler in scope", yaml: renderer! },
    { name: "--skip-nodes-with-local-storage=false", yaml: renderer!, files: { "file:///test/ca.yaml": withFlag("--skip-nodes-with-local-storage=false") } },
    { name: "safe-to-evict: \"true\"", yaml: renderer!.replace("      labels: {app: renderer}\n", "      labels: {app: renderer}\n      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: \"true\"}\n"), files: ca },
    { name: "a Pod owned by a controller (as a live cluster lists it)", yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  namespace: shop\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, uid: u1}]\nspec:\n  containers: [{name: web, image: nginx:1.27}]\n", files: ca },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: an emptyDir scratch volume, fixed by listing it",
      yaml: fixture("invalid"),
      findings: [{ line: 40, column: 7, severity: "info", message: 'Deployment "renderer" keeps local storage (volume "scratch", emptyDir or hostPath): the Cluster Autoscaler (--skip-nodes-with-local-storage, on by default) never removes a node that runs one of its pods; if the data may be lost, list the volumes in cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes.' }],
      output: fixture("invalid").replace("    metadata:\n      labels: {app: renderer}\n", "    metadata:\n      labels: {app: renderer}\n      annotations:\n        cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes: scratch\n"),
    },
    {
      name: "safe-to-evict: \"false\"",
      yaml: renderer!.replace("      labels: {app: renderer}\n", "      labels: {app: renderer}\n      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: \"false\"}\n"),
      files: ca,
      findings: [{ line: 13, severity: "info", message: /sets cluster-autoscaler.kubernetes.io\/safe-to-evict: "false": the Cluster Autoscaler never removes a node/ }],
    },
    {
      name: "a hostPath volume not in the list",
      yaml: renderer!.replace("          emptyDir: {}\n", "          emptyDir: {}\n        - name: logs\n          hostPath: {path: /var/log/renderer}\n").replace("      labels: {app: renderer}\n", "      labels: {app: renderer}\n      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes: scratch}\n"),
      files: ca,
      findings: [{ line: 20, severity: "info", message: /keeps local storage \(volume "logs", emptyDir or hostPath\)/ }],
    },
    {
      name: "a Pod without a controller",
      yaml: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: shop\nspec:\n  containers: [{name: sh, image: busybox:1.36}]\n",
      files: ca,
      findings: [{ line: 4, severity: "info", message: /Pod "debug" has no controller: the Cluster Autoscaler does not remove its node/ }],
    },
  ],
});
