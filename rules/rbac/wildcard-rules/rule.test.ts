// Tests for rbac/wildcard-rules: one finding per rule entry of a ClusterRole whose "*" writes what the holder does not own.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const role = (rules: string, kind = "ClusterRole") => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r}\nrules:\n${rules}`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "an aggregated ClusterRole (its rules are the controller's)", yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: monitoring}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-monitoring: "true"}}]\nrules:\n  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}\n' },
    { name: "an aggregated edit role over the project's own API groups", yaml: role('  - apiGroups: ["keda.example.io", "eventing.example.io"]\n    resources: ["*"]\n    verbs: ["create", "delete", "patch", "update"]\n') },
    { name: "a Role in its own namespace, however wide", yaml: role('  - apiGroups: ["apps"]\n    resources: ["deployments", "statefulsets"]\n    verbs: ["*"]\n', "Role") },
    { name: "reads of every kind (Secrets read cluster-wide are another rule's finding)", yaml: role('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["get", "list", "watch"]\n') },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: shared resources, writes to every group — one finding per rule entry",
      yaml: fixture("invalid"),
      findings: [
        { line: 9, column: 13, endColumn: 16, severity: "warning", message: 'ClusterRole "tenant-provisioner" grants every verb on "namespaces" of API group "" (core) through "*" in verbs; list what the holder needs instead.' },
        { line: 10, column: 17, severity: "warning", message: /of every API group \(verbs "get", "list", "patch"\).* through "\*" in apiGroups and in resources;/ },
      ],
    },
    {
      name: "everything on everything in a ClusterRole that is not a built-in: one finding on apiGroups",
      yaml: role('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n'),
      findings: [{ line: 5, column: 17, message: 'ClusterRole "r" grants every verb on every resource of every API group through "*" in apiGroups; list what the holder needs instead.' }],
    },
    {
      name: "a Role whose \"*\" verb on roles includes bind and escalate",
      yaml: role('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles", "rolebindings"]\n    verbs: ["*"]\n', "Role"),
      findings: [{ line: 7, message: /^Role "r" grants every verb on "roles", "rolebindings"/ }],
    },
    {
      name: "every verb on leases cluster-wide (other controllers' leader election)",
      yaml: role('  - apiGroups: ["coordination.k8s.io"]\n    resources: ["leases"]\n    verbs: ["*"]\n'),
      findings: [{ line: 7, message: /every verb on "leases"/ }],
    },
  ],
});
