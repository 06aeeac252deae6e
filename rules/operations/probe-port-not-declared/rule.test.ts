// Tests for operations/probe-port-not-declared: named ports the container lacks (error); numbers are never reported.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
${container}`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "a number and no ports declared at all (nothing to compare with)", yaml: pod("    - name: c\n      image: c:1\n      livenessProbe: {httpGet: {path: /, port: 8080}}\n") },
    { name: "a numeric string is a number", yaml: pod("    - name: c\n      image: c:1\n      ports: [{containerPort: 8080}]\n      livenessProbe: {httpGet: {path: /, port: \"8080\"}}\n") },
    // Real-world shape: a controller serves health on its own port (controller-runtime's 8081, an exporter's probe
    // listener) and declares only its webhook and metrics ports. Declaring a port is informational in Kubernetes.
    {
      name: "a separate health port nobody declares (controller-runtime, exporters) is not reported",
      yaml: pod("    - name: manager\n      image: m:1\n      ports: [{containerPort: 9443, name: webhook}, {containerPort: 8080, name: metrics}]\n      livenessProbe: {httpGet: {path: /healthz, port: 8081}}\n      readinessProbe: {httpGet: {path: /readyz, port: 8081}}\n"),
    },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [
        { line: 19, column: 45, severity: "error", message: 'The livenessProbe of container "api" targets port "health", which the container does not declare (its ports: http): the kubelet cannot resolve it and the probe always fails.' },
      ],
    },
    {
      name: "a named port of a sibling container does not resolve",
      yaml: pod("    - name: a\n      image: a:1\n      startupProbe: {grpc: {port: admin}}\n    - name: b\n      image: b:1\n      ports: [{name: admin, containerPort: 9901}]\n"),
      findings: [{ line: 8, column: 35, severity: "error", message: /startupProbe of container "a" targets port "admin", which the container does not declare:/ }],
    },
  ],
});
