// Test folders and demo files: left out of a folder walk, said once, included again by --include-tests or testFolders.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "../../rules/config.js";
import { demoHeaderOf, installsSomething, testDataLine } from "./testData.js";
import { DEPLOYMENT, isolatedConfig, PRIVILEGED_POD, project, run } from "./testkit.js";

interface Json { findings: { file: string; rule: string }[] }
/** A privileged pod of its own name (copies of one object would be folded into one finding). */
const pod = (name: string) => PRIVILEGED_POD.replace("name: priv", `name: ${name}`);
const files = (stdout: string) => [...new Set((JSON.parse(stdout) as Json).findings.map((f) => f.file))].sort();

describe("test data and demos", () => {
  const root = project({
    ".kubeready.yaml": isolatedConfig(),
    "deploy/app.yaml": pod("app"),
    // Conventional test data: e2e fixtures, Go testdata, a dev folder of test pods, a chart's helm-unittest suite.
    "test/e2e/pod.yaml": pod("e2e"),
    "pkg/render/testdata/pod.yaml": pod("testdata"),
    "hack/test-resources/crashing-pod.yaml": pod("crashing"),
    "charts/web/tests/pod.yaml": pod("chart-test"),
    // A GitOps environment named "test" is deployed: judged like production.
    "overlays/test/kustomization.yaml": "resources:\n- pod.yaml\n",
    "overlays/test/pod.yaml": pod("env-test"),
    // The author says it is a demo, in the file's own header.
    "examples/grafana.yaml": `# This is not a recommended configuration, and further support should be available\n# from the community.\n\n${pod("grafana")}`,
  });

  it("a folder walk leaves test folders and demo-headed files out and says so once, with the count and the flag", async () => {
    const r = await run(["lint", "--format", "json", "."], { cwd: root });
    assert.deepEqual(files(r.stdout), ["deploy/app.yaml", "overlays/test/pod.yaml"]);
    const lines = r.stderr.split("\n").filter((l) => l.includes("not linted"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /4 test\/dev folders \(4 YAML files: charts\/web\/tests, hack, pkg\/render\/testdata, test\)/);
    assert.match(lines[0], /1 file whose header says it is not for production \(examples\/grafana\.yaml \("not a recommended configuration"\)\)/);
    assert.match(lines[0], /--include-tests/);
  });

  it("--include-tests lints everything", async () => {
    const r = await run(["lint", "--format", "json", "--include-tests", "."], { cwd: root });
    assert.equal(files(r.stdout).length, 7);
    assert.doesNotMatch(r.stderr, /not linted/);
  });

  it("a folder or file named on the command line is linted even when it is test data", async () => {
    const r = await run(["lint", "--format", "json", "hack", "test/e2e/pod.yaml", "examples/grafana.yaml"], { cwd: root });
    assert.deepEqual(files(r.stdout), ["examples/grafana.yaml", "hack/test-resources/crashing-pod.yaml", "test/e2e/pod.yaml"]);
  });

  it("testFolders in .kubeready.yaml replaces the list; [] lints every folder", async () => {
    const only = project({ ".kubeready.yaml": isolatedConfig("testFolders: [hack]"), "hack/pod.yaml": pod("grafana"), "test/pod.yaml": pod("hack-only") });
    assert.deepEqual(files((await run(["lint", "--format", "json", "."], { cwd: only })).stdout), ["test/pod.yaml"]);
    const none = project({ ".kubeready.yaml": isolatedConfig("testFolders: []"), "hack/pod.yaml": pod("test-only") });
    assert.deepEqual(files((await run(["lint", "--format", "json", "."], { cwd: none })).stdout), ["hack/pod.yaml"]);
    assert.deepEqual(parseConfig("testFolders: tests\n").problems.map((p) => p.message), ["testFolders must be a list of folder names (for example [test, testdata, e2e]), or [] to lint every folder"]);
  });

  it("a repository of test data only is not an error", async () => {
    const r = await run(["lint", "."], { cwd: project({ "e2e/pod.yaml": pod("none") }) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /not linted as test data or demos: 1 test\/dev folder \(1 YAML file: e2e\)/);
  });
});

describe("documentation and example folders", () => {
  const role = "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: op}\nrules: []\n";
  const root = project({
    ".kubeready.yaml": isolatedConfig(),
    "deploy/app.yaml": pod("app"),
    // Sample workloads: a docs page's pod, a tutorial, an example app to scale, a kubebuilder sample.
    "docs/guide/pod.yaml": pod("guide"),
    "tutorials/hello/deploy/pod.yaml": pod("hello"),
    "balancer/examples/nginx.yaml": pod("nginx"),
    // An operator's install manifest per provider under examples/: a workload and its RBAC in one file.
    "providers/aws/examples/install.yaml": DEPLOYMENT.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: true\n            privileged: true") + role,
    // A kustomization inside the example folder does not make it deployed.
    "docs/demo/kustomization.yaml": "resources:\n- pod.yaml\n",
    "docs/demo/pod.yaml": pod("demo"),
    // A kustomization outside lists a sample folder as its base: deployed, linted.
    "overlays/prod/kustomization.yaml": "resources:\n- ../../samples/web\n",
    "samples/web/kustomization.yaml": "resources:\n- pod.yaml\n",
    "samples/web/pod.yaml": pod("web-sample"),
  });

  it("a folder walk leaves sample files out and says so once; install manifests and deployed bases are linted", async () => {
    const r = await run(["lint", "--format", "json", "."], { cwd: root });
    assert.deepEqual(files(r.stdout), ["deploy/app.yaml", "providers/aws/examples/install.yaml", "samples/web/pod.yaml"]);
    const lines = r.stderr.split("\n").filter((l) => l.includes("not linted"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /3 docs\/example folders \(4 sample files: balancer\/examples, docs, tutorials\)/);
    assert.match(lines[0], /--include-examples/);
  });

  it("--include-examples, --include-tests and exampleFolders: [] lint them", async () => {
    for (const flag of ["--include-examples", "--include-tests"]) {
      const r = await run(["lint", "--format", "json", flag, "."], { cwd: root });
      assert.equal(files(r.stdout).length, 7, flag);
      assert.doesNotMatch(r.stderr, /not linted/);
    }
    const none = project({ ".kubeready.yaml": isolatedConfig("exampleFolders: []"), "docs/pod.yaml": pod("doc") });
    assert.deepEqual(files((await run(["lint", "--format", "json", "."], { cwd: none })).stdout), ["docs/pod.yaml"]);
    assert.deepEqual(parseConfig("exampleFolders: docs\n").problems.map((p) => p.message), ["exampleFolders must be a list of folder names (for example [docs, examples]), or [] to lint every folder"]);
  });

  it("a path named on the command line, or inside it, is linted", async () => {
    const r = await run(["lint", "--format", "json", "docs", "balancer/examples/nginx.yaml"], { cwd: root });
    assert.deepEqual(files(r.stdout), ["balancer/examples/nginx.yaml", "docs/demo/pod.yaml", "docs/guide/pod.yaml"]);
  });

  it("installs something: a workload with RBAC in the same file, or a CRD", () => {
    assert.equal(installsSomething(pod("x")), false);
    assert.equal(installsSomething("kind: Deployment\n---\nkind: ClusterRoleBinding\n"), true);
    assert.equal(installsSomething("kind: ServiceAccount\n---\nkind: SecretStore\n"), false);
    assert.equal(installsSomething("kind: CustomResourceDefinition\n"), true);
    assert.equal(installsSomething("data:\n  x: |\n    kind: Deployment\n    kind: Role\n"), false);
  });
});

describe("Helm test hooks", () => {
  const hook = pod("check").replace("namespace: apps", "namespace: apps\n  annotations:\n    helm.sh/hook: test-success");
  const root = project({ ".kubeready.yaml": isolatedConfig(), "kubernetes/web/all.yaml": `${pod("web")}---\n${hook}` });

  it("an object annotated helm.sh/hook: test is left out and said once, as helm template --skip-tests does", async () => {
    const r = await run(["lint", "--format", "json", "."], { cwd: root });
    const names = (JSON.parse(r.stdout) as { findings: { object?: { name: string } }[] }).findings.map((f) => f.object?.name);
    assert.ok(names.includes("web") && !names.includes("check"), r.stdout);
    assert.match(r.stderr, /not linted as test data or demos: 1 Helm test hook \(kubernetes\/web\/all\.yaml: Pod\/check\)/);
  });

  it("--include-tests lints it", async () => {
    const r = await run(["lint", "--format", "json", "--include-tests", "."], { cwd: root });
    assert.ok((JSON.parse(r.stdout) as { findings: { object?: { name: string } }[] }).findings.some((f) => f.object?.name === "check"));
  });
});

describe("demo headers", () => {
  const cases: [string, string | undefined][] = [
    ["# This is not a recommended configuration\napiVersion: v1\n", "not a recommended configuration"],
    ["---\n# For testing purposes only.\nkind: Pod\n", "For testing purposes only"],
    ["# Do not use this in production!\n", "Do not use this in production"],
    ["# NOT intended for production use\n", "NOT intended for production"],
    // Only the comment before the first YAML line: a description inside the object is not the author's warning.
    ["apiVersion: v1\n# for testing purposes only\n", undefined],
    ["# Copyright 2024 The Authors\n# Licensed under the Apache License\napiVersion: v1\n", undefined],
    ["# Production-ready defaults for the operator\n", undefined],
  ];
  for (const [text, words] of cases) it(JSON.stringify(text.slice(0, 40)), () => assert.equal(demoHeaderOf(text), words));

  it("nothing skipped, nothing said", () => assert.equal(testDataLine({ folders: [{ path: "test", files: 0 }], files: [] }), undefined));
});
