// Tests for hardening/automount-service-account-token: tokens mounted for accounts that nothing in scope grants anything.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
${spec}  containers:
    - {name: c, image: "registry.example.com/c:1"}
`;
const sa = (name: string, extra = "") => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: shop}\n${extra}`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "an account of its own that is not in scope (made elsewhere, with its grants)", yaml: pod("  serviceAccountName: operator\n") },
    { name: "the account turns automounting off", yaml: pod("  serviceAccountName: web\n"), files: { "file:///test/sa.yaml": sa("web", "automountServiceAccountToken: false\n") } },
    { name: "a patch of a workload whose base (another file) names its account", yaml: pod(""), files: { "file:///test/base.yaml": pod("  serviceAccountName: operator\n") } },
    { name: "kube-system is the control plane's", yaml: pod("").replace("namespace: shop", "namespace: kube-system") },
    { name: "granted through a ClusterRoleBinding in another file", yaml: pod(""), files: { "file:///test/crb.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - {kind: ServiceAccount, name: default, namespace: shop}\n" } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: the fix (offered, not safe) turns the token off",
      yaml: fixture("invalid"),
      findings: [{ line: 18, column: 5, severity: "info", message: 'Deployment "web" mounts a token of ServiceAccount "web", which no RoleBinding or ClusterRoleBinding in scope grants anything; if the pod never calls the Kubernetes API, set automountServiceAccountToken: false so a compromised container holds no API credential.' }],
      output: `${fixture("invalid")}      automountServiceAccountToken: false\n`,
    },
    {
      name: "written true on the pod wins over the account's false; reported on the value",
      yaml: pod("  automountServiceAccountToken: true\n"),
      files: { "file:///test/sa.yaml": sa("default", "automountServiceAccountToken: false\n") },
      findings: [{ line: 5, column: 33, message: /ServiceAccount "default"/ }],
      output: pod("  automountServiceAccountToken: false\n"),
    },
  ],
});
