// Tests for rbac/pod-exec-access: the offending resource entry of each rule that grants exec, attach or port-forward.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: shop}
rules:
${rules}`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "exec in another API group is not the pods' subresource", yaml: role('  - {apiGroups: ["example.com"], resources: ["pods/exec"], verbs: ["create"]}\n') },
    { name: "only list on pods/exec opens nothing", yaml: role('  - {apiGroups: [""], resources: ["pods/exec"], verbs: ["list"]}\n') },
    { name: "the built-in edit role", yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: edit}\nrules:\n  - {apiGroups: [""], resources: ["pods/exec"], verbs: ["create"]}\n' },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [
        { line: 11, column: 29, endColumn: 40, message: 'Role "debugger" grants pods/exec (verb "create"): whoever holds it can run commands in or attach to the pods of namespace "shop", with their service-account tokens and mounted Secrets.' },
        { line: 20, column: 17, message: /^ClusterRole "tunnel" grants pods\/portforward \(every verb\): whoever holds it can open connections to any port/ },
      ],
    },
    {
      name: "pods/* and get (the pre-1.31 upgrade verb), in the wildcard API group",
      yaml: role('  - apiGroups: ["*"]\n    resources: ["pods", "pods/*"]\n    verbs: ["get"]\n'),
      findings: [{ line: 6, column: 25, message: /grants pods\/exec, pods\/attach, pods\/portforward \(verb "get"\)/ }],
    },
  ],
});
