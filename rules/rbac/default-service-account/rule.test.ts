// Tests for rbac/default-service-account: the subject that names a namespace's default ServiceAccount.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const binding = (ns: string, subject = "default") => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects:
  - kind: ServiceAccount
    name: ${subject}
`;
const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: job, namespace: shop}
spec:
${spec}  containers:
    - {name: c, image: "registry.example.com/c:1"}
`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "kube-system's default account is the control plane's", yaml: binding("kube-system") },
    { name: "a group of all service accounts is not the default account in particular", yaml: binding("shop").replace("kind: ServiceAccount", "kind: Group").replace("name: default", "name: system:serviceaccounts:shop") },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [{ line: 12, column: 11, endColumn: 18, severity: "warning", message: 'RoleBinding "web-reads-config" grants Role "config-reader" to the "default" ServiceAccount of namespace "shop": Deployment "web" runs as that account and gets it; bind a ServiceAccount of the workload\'s own instead.' }],
    },
    {
      name: "no workload in scope uses the account: information",
      yaml: binding("shop"),
      findings: [{ line: 7, column: 11, severity: "info", message: /every pod of the namespace that names no ServiceAccount gets it/ }],
    },
    {
      name: "a pod that names default explicitly, in another file; one that does not mount the token is left out",
      yaml: binding("shop"),
      files: {
        "file:///test/pod.yaml": pod("  serviceAccountName: default\n"),
        "file:///test/pod2.yaml": pod("  automountServiceAccountToken: false\n").replace("name: job", "name: quiet"),
      },
      findings: [{ line: 7, severity: "warning", message: /: Pod "job" runs as that account/ }],
    },
  ],
});
