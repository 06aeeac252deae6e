// Tests for pss/run-as-user: the fixtures, and what the rule reports on them.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "privileged level switches PSS off", yaml: fixture("invalid").replace("enforce: baseline", "enforce: privileged"), config: { pss: { level: "privileged" } } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [{ line: 18, column: 20, message: /must not set runAsUser=0: / }],
    },
  ],
});

// A kustomize patch over a remote base (seen on a real GitOps repository): the user it sets is deployed whatever the
// base says; a patch that only leaves fields out says nothing.
const remote = { "file:///test/kustomization.yaml": "resources: ['git::https://github.com/acme/app//k8s/base?ref=staging']\npatches: [{path: manifest.yaml}]\n" };
testRule(rule, {
  valid: [
    { name: "a patch over a remote base that sets other things", yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dashboard}\nspec:\n  template:\n    spec:\n      containers: [{name: web, resources: {limits: {memory: 1Gi}}}]\n", files: remote },
    { name: "the same root patch, listed by a kustomization whose base is in scope", yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dashboard}\nspec:\n  template:\n    spec:\n      securityContext: {runAsUser: 0}\n", files: { "file:///test/kustomization.yaml": "resources: [deployment.yaml]\npatches: [{path: manifest.yaml}]\n" } },
  ],
  invalid: [
    {
      name: "a patch over a remote base that sets runAsUser: 0",
      yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dashboard}\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 0\n",
      files: remote,
      findings: [{ line: 8, column: 20, message: /must not set runAsUser=0: .*This kustomize patch sets it, whatever the base says\./ }],
    },
  ],
});
