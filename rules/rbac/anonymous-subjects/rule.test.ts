// Tests for rbac/anonymous-subjects: the subject's name; anonymous and unauthenticated are errors, authenticated a warning.
import { fixturesOf, rbacYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);

testRule(rule, {
  valid: [
    fixture.valid(),
    { name: "a ServiceAccount that happens to be called system:anonymous is not the anonymous user", yaml: rbacYaml("RoleBinding", "b", 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n  - {kind: ServiceAccount, name: "system:anonymous", namespace: shop}\n', "shop") },
  ],
  invalid: [
    fixture.invalid([
      { line: 11, column: 11, endColumn: 27, severity: "error", message: 'ClusterRoleBinding "public-status" grants ClusterRole "status-reader" to User "system:anonymous", that is to every unauthenticated request.' },
      { line: 14, column: 11, severity: "warning", message: /Group "system:authenticated", that is to every authenticated user and every service account/ },
    ]),
    {
      name: "a RoleBinding to system:unauthenticated names its namespace",
      yaml: rbacYaml("RoleBinding", "b", 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - kind: Group\n    name: system:unauthenticated\n', "shop"),
      findings: [{ line: 7, column: 11, severity: "error", message: 'RoleBinding "b" grants ClusterRole "view" to Group "system:unauthenticated", that is to every unauthenticated request in namespace "shop".' }],
    },
  ],
});
