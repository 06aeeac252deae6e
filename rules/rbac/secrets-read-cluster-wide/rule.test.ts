// Tests for rbac/secrets-read-cluster-wide: the "secrets" entry of a ClusterRole that a ClusterRoleBinding in scope grants.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: sync}\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["*"]\n';
const binding = (subject: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: sync}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: sync}
subjects:
  - ${subject}
`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "no binding in scope: it may be bound per namespace elsewhere", yaml: role },
    { name: "bound only to a kube-system controller", yaml: role, files: { "file:///test/b.yaml": binding("{kind: ServiceAccount, name: ctl, namespace: kube-system}") } },
    { name: "write-only access (create) is not a read", yaml: role.replace('["*"]', '["create"]'), files: { "file:///test/b.yaml": binding("{kind: ServiceAccount, name: s, namespace: tools}") } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [{ line: 7, column: 31, endColumn: 40, severity: "info", message: 'ClusterRole "config-sync" lets ServiceAccount "tools/config-sync" "get"/"list"/"watch" Secrets in every namespace (a ClusterRoleBinding grants it cluster-wide); limit it with resourceNames or bind it per namespace with RoleBindings.' }],
    },
    {
      name: "the binding in another file; every verb",
      yaml: role,
      files: { "file:///test/b.yaml": binding("{kind: Group, name: auditors, apiGroup: rbac.authorization.k8s.io}") },
      findings: [{ line: 6, column: 17, message: /lets Group "auditors" "\*" Secrets in every namespace/ }],
    },
  ],
});
