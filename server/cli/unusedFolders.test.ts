// Folders no GitOps entry point of the repository deploys: left out with one note each, and everything that stays judged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { entryPathsIn, literalPrefix, mentionedPaths } from "./unusedFolders.js";
import { isolatedConfig, PRIVILEGED_POD, project, run } from "./testkit.js";

interface Json { findings: { file: string }[]; notes?: string[] }
const pod = (name: string) => PRIVILEGED_POD.replace("name: priv", `name: ${name}`);
const files = (stdout: string) => [...new Set((JSON.parse(stdout) as Json).findings.map((f) => f.file))].sort();
const flux = (name: string, path: string, source = "flux-system") => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
const kustomization = (...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join("")}`;

describe("entry points", () => {
  it("Flux Kustomization paths with their sources, Argo CD paths with their repoURL, templated ApplicationSets", () => {
    assert.deepEqual(entryPathsIn(flux("apps", "./apps/prod")).paths, [{ path: "./apps/prod", source: "flux:GitRepository/flux-system" }]);
    const app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  source:\n    repoURL: https://github.com/o/r.git\n    path: k8s/web\n";
    assert.deepEqual(entryPathsIn(app).paths, [{ path: "k8s/web", source: "argo:https://github.com/o/r" }]);
    const appset = (generators: string) => `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: all\nspec:\n  generators:\n${generators}  template:\n    spec:\n      source:\n        repoURL: https://github.com/o/r\n        path: '{{path}}'\n`;
    const git = appset("    - git:\n        repoURL: https://github.com/o/r\n        directories:\n          - path: apps/*\n");
    assert.deepEqual(entryPathsIn(git), { paths: [{ path: "apps/*", source: "argo:https://github.com/o/r" }], unknown: false });
    assert.equal(entryPathsIn(appset("    - list:\n        elements: [{dir: a}]\n")).unknown, true);
    assert.equal(literalPrefix("./apps/{{name}}/x"), "apps");
  });
  it("paths a README or script deploys by hand", () => {
    assert.deepEqual(mentionedPaths("Install:\n\n```\nkubectl apply -k deploy/overlays/prod\nkubectl apply -f https://x/y.yaml\n```\n"), ["deploy/overlays/prod"]);
    assert.deepEqual(mentionedPaths("kustomize build ./extras | kubectl apply -f -"), ["./extras"]);
  });
});

describe("a Flux repository with a base no cluster includes", () => {
  const repo = {
    ".kubeready.yaml": isolatedConfig(),
    ".git/HEAD": "ref: refs/heads/main\n",
    "clusters/home/flux-system/gotk-sync.yaml": flux("flux-system", "./clusters/home"),
    "clusters/home/apps.yaml": flux("apps", "./apps/home"),
    // CRDs from the upstream project's own repository: another repository, it deploys nothing of this one.
    "clusters/home/crds.yaml": `${flux("crds", "./deploy/crds", "upstream")}---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: upstream\n  namespace: flux-system\nspec:\n  url: https://github.com/upstream/project\n`,
    "apps/home/kustomization.yaml": kustomization("../base/web", "../base/db"),
    "apps/base/web/kustomization.yaml": kustomization("pod.yaml", "worker.yaml", "cron.yaml", "jobs.yaml"),
    "apps/base/web/pod.yaml": pod("web"),
    "apps/base/web/worker.yaml": pod("worker"),
    "apps/base/web/cron.yaml": pod("cron"),
    "apps/base/web/jobs.yaml": pod("jobs"),
    "apps/base/db/kustomization.yaml": kustomization("pod.yaml"),
    "apps/base/db/pod.yaml": pod("db"),
    "apps/base/api/kustomization.yaml": kustomization("pod.yaml"),
    "apps/base/api/pod.yaml": pod("api"),
    // The base nobody includes, and a helper's dummy output.
    "infrastructure/base/csi/kustomization.yaml": kustomization("node.yaml"),
    "infrastructure/base/csi/node.yaml": pod("csi-node"),
    "utils/db/deployment.yaml": pod("dummy"),
    // A folder the README applies by hand.
    "extras/pod.yaml": pod("extra"),
    "README.md": "# home\n\nAfter bootstrap: `kubectl apply -f extras/`.\n",
  };

  it("leaves out the unused folders with one note each (text, JSON, SARIF), and judges the rest", async () => {
    const root = project(repo);
    const r = await run(["lint", "--format", "json", "."], { cwd: root });
    assert.deepEqual(files(r.stdout).filter((f) => f.endsWith("/pod.yaml") || f.endsWith("node.yaml") || f.endsWith("deployment.yaml")),
      ["apps/base/db/pod.yaml", "apps/base/web/pod.yaml", "extras/pod.yaml"]);
    const notes = (JSON.parse(r.stdout) as Json).notes ?? [];
    const unused = notes.filter((n) => n.startsWith("not linted as not deployed"));
    assert.deepEqual(unused.map((n) => n.split(" (")[0]), [
      "not linted as not deployed: apps/base/api",
      "not linted as not deployed: infrastructure",
      "not linted as not deployed: utils",
    ]);
    assert.match(unused[0], /--include-unused/);
    assert.equal(r.stderr.split("\n").filter((l) => l.includes("not deployed")).length, 3, r.stderr);
    const sarif = await run(["lint", "--format", "sarif", "."], { cwd: root });
    const notifications = JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications as { message: { text: string } }[];
    assert.equal(notifications.filter((n) => n.message.text.includes("not deployed")).length, 3);
  });

  it("--include-unused and a folder named on the command line lint them", async () => {
    const root = project(repo);
    const all = await run(["lint", "--format", "json", "--include-unused", "."], { cwd: root });
    assert.ok(files(all.stdout).includes("infrastructure/base/csi/node.yaml"));
    assert.ok(files(all.stdout).includes("utils/db/deployment.yaml"));
    const named = await run(["lint", "--format", "json", ".", "utils/db/deployment.yaml"], { cwd: root });
    assert.ok(files(named.stdout).includes("utils/db/deployment.yaml"));
    const folder = await run(["lint", "--format", "json", "infrastructure"], { cwd: root });
    assert.ok(files(folder.stdout).includes("infrastructure/base/csi/node.yaml"), "no entry points in scope: everything is judged");
  });

  it("stays judged without entry points, with a path that should be here and is not, or when the entry points reach too little", async () => {
    const { "clusters/home/flux-system/gotk-sync.yaml": _s, "clusters/home/apps.yaml": _a, "clusters/home/crds.yaml": _c, ...plain } = repo;
    const none = await run(["lint", "--format", "json", "."], { cwd: project(plain) });
    assert.ok(files(none.stdout).includes("utils/db/deployment.yaml"));
    const missing = await run(["lint", "--format", "json", "."], { cwd: project({ ...repo, "clusters/home/more.yaml": flux("more", "./apps/gone") }) });
    assert.ok(files(missing.stdout).includes("utils/db/deployment.yaml"), "a path of this repository's source that is not here");
    const few = await run(["lint", "--format", "json", "."], { cwd: project({ ...repo, "apps/home/kustomization.yaml": kustomization("../base/web"), "utils/db/more1.yaml": pod("more1"), "utils/db/more2.yaml": pod("more2") }) });
    assert.ok(files(few.stdout).includes("utils/db/deployment.yaml"), "the entry points reach less than three times what they leave out");
  });
});
