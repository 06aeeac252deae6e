// Tests for rbac/service-account-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const sa = (name = "api", ns = "shop") => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n`;
const deploy = (account = "      serviceAccountName: api\n", ns = "shop") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
${account}      containers: [{name: api, image: api:1}]
`;

testRule(rule, {
  valid: [
    { name: "the account is deployed with it", yaml: `${deploy()}---\n${sa()}` },
    { name: "default", yaml: `${deploy("      serviceAccountName: default\n")}---\n${sa("other")}` },
    { name: "no account named", yaml: `${deploy("")}---\n${sa("other")}` },
    // kube-linter non-existent-service-account fires here: with no ServiceAccount of the namespace in scope, it is someone else's.
    { name: "no ServiceAccount of the namespace in scope", yaml: deploy("      serviceAccountName: api\n") },
    { name: "an account only in another namespace: not deployed with it", yaml: `${deploy("      serviceAccountName: api\n")}---\n${sa("api", "other")}` },
    { name: "an operator's resource makes the account", yaml: `${deploy("      serviceAccountName: pg-pod\n")}---\n${sa("other")}---\napiVersion: db.example.com/v1\nkind: Cluster\nmetadata: {name: pg, namespace: shop}\nspec: {}\n` },
  ],
  invalid: [
    {
      name: "a typo in serviceAccountName",
      yaml: `${deploy("      serviceAccountName: api-sa\n")}---\n${sa()}`,
      findings: [{ line: 9, column: 27, endColumn: 33, message: 'Deployment "api" runs as ServiceAccount "api-sa", which is not in scope in namespace "shop" although other ServiceAccounts deployed with it are; the API server refuses to create its pods until it exists.' }],
    },
    // kube-linter non-existent-service-account's shape: a skeleton Deployment (no selector, no containers).
    { name: "a skeleton Deployment", yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    spec:\n      serviceAccount: missing\n---\n${sa()}`, findings: [{ line: 7, message: /ServiceAccount "missing"/ }] },
    { name: "an OpenShift DeploymentConfig", yaml: `apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    spec:\n      serviceAccountName: missing\n---\n${sa()}`, findings: [{ line: 7, message: /DeploymentConfig "api" runs as ServiceAccount "missing"/ }] },
    { name: "the deprecated serviceAccount field", yaml: `${deploy("      serviceAccount: apisa\n")}---\n${sa()}`, findings: [{ line: 9, message: /ServiceAccount "apisa"/ }] },
    {
      name: "a CronJob",
      yaml: `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: shop}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          serviceAccountName: backup\n          restartPolicy: OnFailure\n          containers: [{name: b, image: b:1}]\n---\n${sa()}`,
      findings: [{ line: 10, message: /CronJob "nightly" runs as ServiceAccount "backup"/ }],
    },
  ],
});

const plain = (s: string) => s.replace(/, namespace: shop/g, "");
testRule(rule, {
  valid: [
    { name: "a workload without a namespace, the account pinned to another namespace in the same file", yaml: `${plain(deploy())}---\n${sa()}---\n${plain(sa("other"))}` },
    { name: "only another example's accounts share the assumed namespace", yaml: plain(deploy("      serviceAccountName: web\n")), files: { "file:///other/sa.yaml": plain(sa()) } },
  ],
  invalid: [{ name: "an account in the same folder", yaml: plain(deploy("      serviceAccountName: web\n")), files: { "file:///test/sa.yaml": plain(sa()) }, findings: [{ line: 9, message: /namespace "default"/ }] }],
});
