// Tests for rbac/cluster-admin-binding: cluster-admin and roles as wide bound to application subjects, with positions.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const crb = (name: string, role: string, subjects: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
${subjects}`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "a role of its own that is not in scope: nothing to judge", yaml: crb("ops", "ops-role", "  - {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}\n") },
    { name: "RoleBinding of cluster-admin inside kube-system", yaml: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: x, namespace: kube-system}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n  - {kind: ServiceAccount, name: x, namespace: kube-system}\n" },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: cluster-admin to an application ServiceAccount, a wildcard Role to a group",
      yaml: fixture("invalid"),
      findings: [
        { line: 9, column: 9, endColumn: 22, message: 'ClusterRoleBinding "shop-deployer" binds cluster-admin to ServiceAccount "shop/deployer": full control of the whole cluster, every Secret and RBAC itself included; bind a role with only the verbs and resources the subject needs.' },
        { line: 34, column: 9, message: /^RoleBinding "ci-everything" binds Role "everything", which grants every verb on every resource to Group "ci": full control of namespace "shop"/ },
      ],
    },
    {
      name: "system subjects are left out of the message, application ones stay",
      yaml: crb("mixed", "cluster-admin", "  - {kind: ServiceAccount, name: ctl, namespace: kube-system}\n  - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n"),
      findings: [{ line: 8, message: /binds cluster-admin to User "alice":/ }],
    },
    {
      name: "a ClusterRole as wide as cluster-admin in another file",
      yaml: crb("operator", "operator-all", "  - {kind: ServiceAccount, name: operator, namespace: operators}\n"),
      files: { "file:///test/role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: operator-all}\nrules:\n  - {apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}\n" },
      findings: [{ line: 8, column: 9, message: /binds ClusterRole "operator-all", which grants every verb on every resource to ServiceAccount "operators\/operator"/ }],
    },
  ],
});
