// Tests for gitops/application-tracks-head: HEAD, branches and floating chart versions, warning in production, information elsewhere.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");
const app = (name: string, project: string, source: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: ${name}, namespace: argocd}
spec:
  project: ${project}
  source:
${source}  destination: {server: https://kubernetes.default.svc, namespace: ${name}}
`;

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "a commit SHA", yaml: app("api-prod", "production", "    repoURL: https://git.example.com/api.git\n    path: k8s\n    targetRevision: 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\n") },
    { name: "an ApplicationSet revision decided per generated Application", yaml: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: all, namespace: argocd}\nspec:\n  generators: [{list: {elements: [{env: prod, rev: v2.0.1}]}}]\n  template:\n    metadata: {name: 'app-{{env}}'}\n    spec:\n      project: default\n      source: {repoURL: https://git.example.com/app.git, path: k8s, targetRevision: '{{rev}}'}\n      destination: {server: https://kubernetes.default.svc, namespace: app}\n" },
    { name: "an ApplicationSet whose git generator reads the branch it deploys: the config repository deploying itself", yaml: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: apps-prod, namespace: argocd}\nspec:\n  generators:\n    - matrix:\n        generators:\n          - git:\n              repoURL: https://git.example.com/platform/config.git\n              revision: main\n              directories: [{path: apps/*}]\n          - list: {elements: [{cluster: prod}]}\n  template:\n    metadata: {name: '{{path.basename}}'}\n    spec:\n      project: production\n      source: {repoURL: 'https://git.example.com/platform/config', targetRevision: main, path: '{{path}}'}\n      destination: {server: https://kubernetes.default.svc, namespace: '{{path.basename}}'}\n" },
    // app-of-apps: the configuration repository deploying its own folders from its branch (seen on a real GitOps repo).
    {
      name: "an Application whose path is a folder of this checkout (the config repository deploying itself)",
      yaml: app("infra", "production", "    repoURL: https://git.example.com/platform/gitops.git\n    path: apps/infra\n    targetRevision: main\n"),
      files: { "file:///test/apps/infra/deployment.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: infra}\ndata: {}\n" },
    },
    { name: "another API group's Application", yaml: "apiVersion: app.k8s.io/v1beta1\nkind: Application\nmetadata: {name: x}\nspec: {source: {targetRevision: HEAD}}\n" },
  ],
  invalid: [
    {
      name: "a path that is not a folder of this checkout (another repository's content) is still reported",
      yaml: app("infra", "production", "    repoURL: https://git.example.com/platform/gitops.git\n    path: apps/other\n    targetRevision: main\n"),
      files: { "file:///test/apps/infra/deployment.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: infra}\ndata: {}\n" },
      findings: [{ line: 9, message: /deploys "main", a moving branch in production/ }],
    },
    {
      name: "an ApplicationSet whose generator reads another repository (or another revision) than the one it deploys",
      yaml: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: apps-prod, namespace: argocd}\nspec:\n  generators:\n    - git: {repoURL: https://git.example.com/platform/config.git, revision: v1.2.0, files: [{path: clusters/*.json}]}\n  template:\n    metadata: {name: 'app-{{name}}'}\n    spec:\n      project: production\n      sources:\n        - {repoURL: https://git.example.com/app.git, path: k8s, targetRevision: main}\n        - {repoURL: https://git.example.com/platform/config.git, path: k8s, targetRevision: main}\n      destination: {server: https://kubernetes.default.svc, namespace: app}\n",
      findings: [{ line: 12, severity: "warning", message: /deploys "main", a moving branch/ }, { line: 13, severity: "warning", message: /deploys "main", a moving branch/ }],
    },
    {
      name: "fixtures/invalid.yaml: HEAD in the production project",
      yaml: fixture("invalid"),
      findings: [{ line: 11, column: 21, severity: "warning", message: 'Application "shop-prod" deploys "HEAD", a moving reference in production: every push (or chart release) goes live without a reviewed release, and a rollback has no version to return to; pin a tag or commit SHA and change it through Git.' }],
    },
    {
      name: "no targetRevision at all, outside production: information on the source",
      yaml: app("api-staging", "default", "    repoURL: https://git.example.com/api.git\n    path: k8s\n"),
      findings: [{ line: 6, column: 3, severity: "info", message: /deploys no targetRevision \(HEAD\): every push/ }],
    },
    {
      name: "a branch and a chart range in an ApplicationSet for prod",
      yaml: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: platform-prod, namespace: argocd}\nspec:\n  template:\n    metadata: {name: platform}\n    spec:\n      project: platform\n      sources:\n        - {repoURL: https://git.example.com/p.git, path: k8s, targetRevision: main}\n        - {repoURL: https://charts.example.com, chart: ingress, targetRevision: 4.x}\n      destination: {server: https://kubernetes.default.svc, namespace: platform}\n",
      findings: [
        { line: 10, severity: "warning", message: /deploys "main", a moving branch in production/ },
        { line: 11, severity: "warning", message: /deploys chart version "4.x", a range in production: .* \(an exact chart version\)/ },
      ],
    },
  ],
});
