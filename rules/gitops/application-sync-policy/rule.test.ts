// Tests for gitops/application-sync-policy: automated sync, prune and selfHeal written, retries; warnings in production, information elsewhere.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const staging = (policy: string) => fixture("invalid").replace(/shop-prod/, "shop-staging").replace("project: production", "project: default").replace("deploy/production", "deploy/staging").replace("    automated: {}\n", policy);

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "manual sync outside production", yaml: staging("").replace("  syncPolicy:\n", "") },
    { name: "an ApplicationSet's templated policy", yaml: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: all, namespace: argocd}\nspec:\n  goTemplate: true\n  generators: [{list: {elements: [{auto: true}]}}]\n  template:\n    metadata: {name: app}\n    spec:\n      project: production\n      source: {repoURL: https://git.example.com/app.git, path: k8s, targetRevision: v1.0.0}\n      destination: {server: https://kubernetes.default.svc, namespace: app}\n  templatePatch: |\n    spec:\n      syncPolicy: {automated: {prune: '{{.auto}}'}}\n" },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml: prune and selfHeal undecided, no retry",
      yaml: fixture("invalid"),
      findings: [
        { line: 17, column: 5, severity: "warning", message: 'Application "shop-prod" syncs automatically in production without deciding prune and selfHeal (both default to false): objects removed from Git stay in the cluster, and changes made by hand in the cluster stay until the next commit; write prune: true or false and selfHeal: true or false so the behaviour is a choice.' },
        { line: 17, column: 5, severity: "warning", message: /syncs automatically in production without a retry policy \(syncPolicy.retry\): Argo CD does not re-attempt/ },
      ],
      output: fixture("invalid").replace("    automated: {}\n", "    automated: {prune: true, selfHeal: true}\n    retry:\n      limit: 5\n      backoff:\n        duration: \"5s\"\n        factor: 2\n        maxDuration: \"3m\"\n"),
    },
    {
      name: "outside production: information; retry.limit 0",
      yaml: staging("    automated: {prune: true, selfHeal: true}\n    retry: {limit: 0}\n"),
      findings: [{ line: 18, severity: "info", message: /syncs automatically without any retry \(retry.limit: 0\)/ }],
    },
    {
      name: "manual sync in production: information",
      yaml: fixture("invalid").replace("  syncPolicy:\n    automated: {}\n", ""),
      findings: [{ line: 7, severity: "info", message: /Application "shop-prod" syncs only by hand in production: a change merged to Git is not deployed/ }],
    },
  ],
});
