// Tests for rbac/escalation-verbs: each of bind, escalate and impersonate, at the verb.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "the wildcard verb is rbac/wildcard-rules' finding", yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: shop}\nrules:\n  - {apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["*"]}\n' },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [
        { line: 8, column: 28, endColumn: 34, message: 'ClusterRole "team-admin" grants "bind" on "clusterroles", "roles": whoever holds it can bind any role, including ones with permissions it does not hold, a path to cluster-admin.' },
        { line: 8, column: 36, message: /grants "escalate"/ },
        { line: 11, column: 13, message: /grants "impersonate" on "serviceaccounts": whoever holds it can act as other users/ },
      ],
    },
    {
      name: "impersonation of named accounts only is information",
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ci}\nrules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["deployer"]\n    verbs: ["impersonate"]\n',
      findings: [{ line: 8, column: 13, severity: "info", message: /limited to "deployer"/ }],
    },
  ],
});
