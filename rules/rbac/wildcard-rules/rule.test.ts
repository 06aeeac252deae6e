// Tests for rbac/wildcard-rules: each "*" in verbs, resources or apiGroups, at the "*"; operators' own groups are information.
import { fixturesOf, rbacYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);

testRule(rule, {
  valid: [
    fixture.valid(),
    // Real-world shape: an autoscaler's target reader (VPA's recommender and updater).
    { name: "reading the scale subresource of every kind", yaml: rbacYaml("ClusterRole", "target-reader", 'rules:\n  - apiGroups: ["*"]\n    resources: ["*/scale"]\n    verbs: [get, watch]\n') },
    { name: "an aggregated ClusterRole (its rules are the controller's)", yaml: rbacYaml("ClusterRole", "monitoring", 'aggregationRule:\n  clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-monitoring: "true"}}]\nrules:\n  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}\n') },
  ],
  invalid: [
    fixture.invalid([
      { line: 8, column: 13, endColumn: 16, severity: "warning", message: 'ClusterRole "deployer" grants every verb on "deployments" of API group "apps" through "*" in verbs; list what the holder needs instead.' },
      { line: 9, column: 17, severity: "warning", message: /through "\*" in apiGroups/ },
      { line: 10, column: 17, severity: "warning", message: /through "\*" in resources/ },
      { line: 20, column: 17, severity: "info", message: /every resource of API group "widgets.example.com"/ },
    ]),
    {
      name: "everything on everything: one finding on the rule entry's apiGroups",
      yaml: rbacYaml("Role", "all", 'rules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n', "shop"),
      findings: [{ line: 5, column: 17, message: 'Role "all" grants every verb on every resource of every API group through "*" in apiGroups; list what the holder needs instead.' }],
    },
    {
      name: "writing the scale subresource of every kind is still reported",
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: scaler}\nrules:\n  - apiGroups: ["*"]\n    resources: ["*/scale"]\n    verbs: [get, update]\n',
      findings: [{ line: 5, severity: "warning", message: /"\*\/scale" of every API group/ }],
    },
    {
      name: "the metrics APIs are read-only: information",
      yaml: rbacYaml("ClusterRole", "metrics", 'rules:\n  - apiGroups: ["metrics.k8s.io"]\n    resources: ["*"]\n    verbs: ["*"]\n'),
      findings: [{ line: 6, severity: "info" }, { line: 7, severity: "info" }],
    },
    {
      name: "every verb on non-resource URLs: information",
      yaml: rbacYaml("ClusterRole", "urls", 'rules:\n  - nonResourceURLs: ["*"]\n    verbs: ["*"]\n'),
      findings: [{ line: 6, column: 13, severity: "info", message: 'ClusterRole "urls" grants every verb on the non-resource URLs "*" through "*" in verbs; list what the holder needs instead.' }],
    },
  ],
});
