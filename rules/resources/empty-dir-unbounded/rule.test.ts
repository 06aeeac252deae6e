// Tests for resources/empty-dir-unbounded.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const pod = (container: string, volumes: string, podSpec = "") => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
${podSpec}  containers:
    - name: web
      image: web:1
${container}  volumes:
${volumes}`;
const mount = "      volumeMounts: [{name: tmp, mountPath: /tmp}]\n";

testRule(rule, {
  valid: [
    { name: "sizeLimit", yaml: pod(mount, "    - name: tmp\n      emptyDir: {sizeLimit: 1Gi}\n") },
    { name: "medium Memory counts against memory", yaml: pod(mount, "    - name: tmp\n      emptyDir: {medium: Memory}\n") },
    { name: "a container's ephemeral-storage limit bounds the pod", yaml: pod(`${mount}      resources: {limits: {ephemeral-storage: 2Gi}}\n`, "    - name: tmp\n      emptyDir: {}\n") },
    { name: "pod-level resources", yaml: pod(mount, "    - name: tmp\n      emptyDir: {}\n", "  resources: {limits: {ephemeral-storage: 2Gi}}\n") },
    { name: "mounted read-only only", yaml: pod("      volumeMounts: [{name: tmp, mountPath: /tmp, readOnly: true}]\n", "    - name: tmp\n      emptyDir: {}\n") },
    { name: "not mounted", yaml: pod("", "    - name: tmp\n      emptyDir: {}\n") },
    // kube-score container-ephemeral-storage-request-and-limit fires on every container without ephemeral-storage; kubeready only where an emptyDir can grow.
    { name: "no emptyDir at all", yaml: pod("", "    - name: cfg\n      configMap: {name: cfg}\n") },
  ],
  invalid: [
    {
      name: "emptyDir: {} written by the container; the fix writes a placeholder",
      yaml: pod(mount, "    - name: tmp\n      emptyDir: {}\n"),
      findings: [{ line: 11, column: 7, endColumn: 15, severity: "info", message: 'emptyDir volume "tmp" (written by "web") has no sizeLimit and no container of the pod sets an ephemeral-storage limit: it can fill the node\'s disk, and the kubelet then evicts other pods under DiskPressure; set sizeLimit.' }],
      output: pod(mount, "    - name: tmp\n      emptyDir: {sizeLimit: \"<REPLACE_ME_SIZE>\"}\n"),
    },
    {
      name: "two unbounded volumes: one finding for the pod, one fix for both",
      yaml: pod(`${mount}      volumeMounts: [{name: tmp, mountPath: /tmp}, {name: cache, mountPath: /cache}]\n`.replace(mount, ""), "    - name: tmp\n      emptyDir: {}\n    - name: cache\n      emptyDir: {}\n"),
      findings: [{ line: 11, message: /emptyDir volume "tmp" \(written by "web"\).*set sizeLimit \(also on "cache"\)\.$/ }],
      output: pod("      volumeMounts: [{name: tmp, mountPath: /tmp}, {name: cache, mountPath: /cache}]\n", "    - name: tmp\n      emptyDir: {sizeLimit: \"<REPLACE_ME_SIZE>\"}\n    - name: cache\n      emptyDir: {sizeLimit: \"<REPLACE_ME_SIZE>\"}\n"),
    },
    { name: "a null emptyDir", yaml: pod(mount, "    - name: tmp\n      emptyDir:\n"), findings: [{ line: 11, message: /emptyDir volume "tmp"/ }] },
    { name: "a request alone does not bound it", yaml: pod(`${mount}      resources: {requests: {ephemeral-storage: 1Gi}}\n`, "    - name: tmp\n      emptyDir: {medium: \"\"}\n"), findings: [{ line: 12, message: /emptyDir volume "tmp"/ }] },
  ],
});
