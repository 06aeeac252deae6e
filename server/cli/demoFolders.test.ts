// Demo, test, comparison and dev-only content beyond folder names: README verdicts, sample words, demo renders, GitOps-deployed folders.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { skipWithout, toolEnv } from "../../render/testkit.js";
import { gitopsPaths, isDeployedFolder, isDevRootPath, isExampleName, readmeVerdict } from "./demoFolders.js";
import { isolatedConfig, PRIVILEGED_POD, project, run } from "./testkit.js";

interface Json { findings: { file: string; rule: string; message: string }[] }
const pod = (name: string) => PRIVILEGED_POD.replace("name: priv", `name: ${name}`);
const files = (stdout: string) => [...new Set((JSON.parse(stdout) as Json).findings.map((f) => f.file))].sort();
const notice = (stderr: string) => stderr.split("\n").filter((l) => l.includes("not linted"));

describe("README verdicts", () => {
  const cases: [string, string | undefined][] = [
    // A GitOps repository's Argo CD test tree and stress harness (held-out 2, N1).
    ["# mimic\n\nThis is a non-production imitation of `apps/`.\n\nUse it only for experiments.\n", "non-production imitation"],
    ["# trace stress\n\nThis tree exists to harden a tool.\nThis tree is a broader stress harness.\n", "stress harness"],
    // A comparison-only kustomize component, misspelled as its authors did (N2).
    ["# Old base\n\nIt generates resources from the old cluster.\n\nThis should only be used to generate old cluster for comparision purpose.\n", "only be used to generate old cluster for comparision purpose"],
    ["# Examples\n\n> These examples are meant for demonstration purposes only and are not meant to be deployed in production environments.\n", "for demonstration purposes only"],
    // Maturity, testing in passing, and a description of what overlays are for: not verdicts.
    ["# chart\n\nWARNING: This chart is currently under development and is not ready for production use.\n", undefined],
    ["# manifests\n\nIf you want to build a copy of your own manifests for testing purposes, run make.\n", undefined],
    ["# examples\n\nOverlays ready to use for installing a pre-configured instance in different environments for demonstration purposes.\n", undefined],
    ["# app\n\nDeploy it.\n\n## overlays/dev\n\nOnly for testing purposes: do not use this in production.\n", undefined],
  ];
  for (const [text, words] of cases) it(JSON.stringify(text.slice(0, 50)), () => assert.equal(readmeVerdict(text), words));
});

describe("names", () => {
  const examples = new Set(["examples", "samples", "sample", "example", "demo", "docs"]);
  it("sample words inside a longer folder name mark samples; demo alone does not (a chart named after a demo app)", () => {
    for (const n of ["sample-manifests", "olm-samples", "migration-example", "helloworld", "hello-world", "examples"]) assert.ok(isExampleName(n, examples), n);
    for (const n of ["aks-store-demo", "private-docker-registry", "samplers", "deploy"]) assert.ok(!isExampleName(n, examples), n);
    assert.ok(!isExampleName("sample-manifests", new Set()), "exampleFolders: [] lints every folder");
  });
  it("dev/local overlays by a path segment", () => {
    for (const p of ["examples/dev", "examples/minikube/full", "overlays/local", "deploy/kind"]) assert.ok(isDevRootPath(p), p);
    for (const p of ["overlays/prod", "tenants/dev-team", "clusters/devops"]) assert.ok(!isDevRootPath(p), p);
  });
});

describe("what GitOps objects deploy", () => {
  it("Application paths, $values files, ApplicationSet git generators, Flux Kustomization paths", () => {
    const appset = "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: web\nspec:\n  generators:\n    - git:\n        files:\n          - path: apps/web/deployments/*/deployment.yaml\n  template:\n    spec:\n      sources:\n        - path: k8s/helm\n          helm:\n            valueFiles:\n              - $values/apps/web/envs/{{path.basename}}/values.yaml\n";
    assert.deepEqual(gitopsPaths(appset), ["apps/web/deployments/\0", "k8s/helm", "apps/web/envs/\0"]);
    const flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: ./apps/test\n";
    assert.deepEqual(gitopsPaths(flux), ["apps/test"]);
    assert.deepEqual(gitopsPaths("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  path: apps/test\n"), []);
    assert.ok(isDeployedFolder("apps/web/deployments/test", ["apps/web/deployments/\0"]));
  });
  it("reads each document of a file on its own: other kinds that mention argoproj.io are passed over, flow style and tagged kinds are read", () => {
    const crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: applications.argoproj.io\nspec:\n  group: argoproj.io\n  names:\n    kind: Application\n  versions:\n    - name: v1alpha1\n      schema:\n        openAPIV3Schema:\n          properties:\n            path:\n              type: string\n";
    const app = (path: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application # the app\nmetadata:\n  name: a\nspec:\n  source:\n    path: ${path}\n`;
    const json = '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "spec": {"source": {"path": "apps/json"}}}\n';
    const tagged = "apiVersion: argoproj.io/v1alpha1\nkind: !!str Application\nspec:\n  source:\n    path: apps/tagged\n";
    const quoted = "\"apiVersion\": argoproj.io/v1alpha1\n\"kind\": 'Application'\nspec:\n  source:\n    path: apps/quoted\n";
    const text = [crd, app("apps/one"), crd, json, tagged, quoted, app("./apps/two")].join("---\n");
    assert.deepEqual(gitopsPaths(text), ["apps/one", "apps/json", "apps/tagged", "apps/quoted", "apps/two"]);
    assert.deepEqual(gitopsPaths(`${crd}---\n${crd}`), []);
    assert.ok(!isDeployedFolder("apps/web/test", ["apps/web/deployments/\0"]));
  });
});

describe("a folder walk beyond folder names", () => {
  const root = project({
    ".kubeready.yaml": isolatedConfig(),
    "apps/web/pod.yaml": pod("web"),
    // N1: a non-production imitation of apps/, with its own Argo CD Application deploying itself.
    "bootstrap/trees/mimic/README.md": "# mimic\n\nThis is a non-production imitation of `apps/`. Use it only for experiments.\n",
    "bootstrap/trees/mimic/apps/leaf/pod.yaml": pod("mimic-leaf"),
    "bootstrap/trees/mimic/app.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: mimic\nspec:\n  source:\n    path: bootstrap/trees/mimic/apps/leaf\n",
    // N4: samples by a word of the folder name, CI fixtures.
    "sample-manifests/pod.yaml": pod("sample"),
    ".github/configs/pod.yaml": pod("ci"),
    // Miss 2: an environment named "test" that an ApplicationSet of the repository deploys, and one nobody deploys.
    "apps/shop/applicationset.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: shop\nspec:\n  generators:\n    - git:\n        files:\n          - path: apps/shop/deployments/*/deployment.yaml\n  template:\n    spec:\n      source:\n        path: 'apps/shop/deployments/{{path.basename}}'\n",
    "apps/shop/deployments/test/pod.yaml": pod("shop-test"),
    "apps/other/test/pod.yaml": pod("other-test"),
  });

  it("leaves out README-marked folders, sample-named folders and CI fixtures, says why once, and lints a test folder GitOps deploys", async () => {
    const r = await run(["lint", "--format", "json", "."], { cwd: root });
    assert.deepEqual(files(r.stdout).filter((f) => f.endsWith("pod.yaml")), ["apps/shop/deployments/test/pod.yaml", "apps/web/pod.yaml"]);
    const lines = notice(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /1 folder whose README says it is not for production \(2 YAML files: bootstrap\/trees\/mimic \("non-production imitation"\)\)/);
    assert.match(lines[0], /sample-manifests/);
    assert.match(lines[0], /\.github/);
    assert.match(lines[0], /apps\/other\/test/);
    assert.doesNotMatch(lines[0], /apps\/shop/);
    // Issue 14 item 1: what was left out is in the report itself, in every format.
    const notes = (JSON.parse(r.stdout) as { notes?: string[] }).notes ?? [];
    assert.equal(notes.length, 1, r.stdout);
    assert.match(notes[0], /^not linted as test data or demos: .*"non-production imitation"/);
    const sarif = JSON.parse((await run(["lint", "--format", "sarif", "."], { cwd: root })).stdout) as { runs: { invocations?: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    const told = sarif.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
    assert.deepEqual(told.map((n) => n.level), ["note"]);
    assert.match(told[0].message.text, /bootstrap\/trees\/mimic/);
  });

  it("--include-examples lints the README-marked and sample folders; a folder named on the command line is linted", async () => {
    const all = await run(["lint", "--format", "json", "--include-examples", "."], { cwd: root });
    assert.ok(files(all.stdout).includes("bootstrap/trees/mimic/apps/leaf/pod.yaml"), all.stdout);
    assert.ok(files(all.stdout).includes("sample-manifests/pod.yaml"), all.stdout);
    const named = await run(["lint", "--format", "json", "bootstrap/trees/mimic"], { cwd: root });
    assert.ok(files(named.stdout).includes("bootstrap/trees/mimic/apps/leaf/pod.yaml"), named.stdout);
  });
});

const kustomizeSkip = skipWithout("kustomize");
describe("rendered findings seen only in demo deployments", { skip: kustomizeSkip }, () => {
  const deployment = (extra = "") => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.0\n          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL]}\n            seccompProfile: {type: RuntimeDefault}\n            readOnlyRootFilesystem: true${extra}\n`;
  const privileged = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            privileged: true\n";
  const root = project({
    ".kubeready.yaml": isolatedConfig(),
    "base/kustomization.yaml": "resources:\n- web.yaml\n",
    "base/web.yaml": deployment(),
    "overlays/prod/kustomization.yaml": "resources:\n- ../../base\n",
    // N3: the dev overlay does what no real deployment does, through a shared component (findings land on base files).
    "overlays/dev/kustomization.yaml": "resources:\n- ../../base\ncomponents:\n- ../../components/ci\n",
    "components/ci/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: privileged.yaml\n",
    "components/ci/privileged.yaml": privileged,
    // N2: an overlay built on a component its README keeps for comparison only.
    "components/old/README.md": "# Old cluster\n\nThis should only be used to generate the old cluster for comparison purpose.\n",
    "components/old/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: privileged.yaml\n",
    "components/old/privileged.yaml": privileged,
    "overlays/old-cluster/kustomization.yaml": "resources:\n- ../../base\ncomponents:\n- ../../components/old\n",
  });

  it("drops them and says so with the overlays and reasons; --include-examples keeps them", async () => {
    const r = await run(["lint", "--format", "json", "."], { cwd: root, env: toolEnv() });
    const rules = (JSON.parse(r.stdout) as Json).findings.map((f) => f.rule);
    assert.ok(!rules.includes("pss/privileged"), r.stdout);
    const lines = notice(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /findings? seen only in demo or dev deployments \(.*overlays\/dev: a dev\/local overlay \(overlays\/\w+ deploys the same base\)/);
    assert.match(lines[0], /overlays\/old-cluster: built on a folder whose README says "only be used to generate the old cluster for comparison purpose"/);
    const all = await run(["lint", "--format", "json", "--include-examples", "."], { cwd: root, env: toolEnv() });
    const privileged = (JSON.parse(all.stdout) as Json).findings.filter((f) => f.rule === "pss/privileged");
    assert.ok(privileged.length >= 1, all.stdout);
  });

  it("a dev overlay's own files (its namespace, its patches) are a dev environment's facts: kept, unless it sits in an example folder", async () => {
    const env = project({
      ".kubeready.yaml": isolatedConfig(),
      "base/kustomization.yaml": "resources:\n- web.yaml\n",
      "base/web.yaml": deployment(),
      "overlays/prod/kustomization.yaml": "resources:\n- ../../base\n",
      "overlays/dev/kustomization.yaml": "resources:\n- ../../base\n- pod.yaml\n",
      "overlays/dev/pod.yaml": pod("dev-only"),
      "examples/dev/kustomization.yaml": "resources:\n- ../../base\n- pod.yaml\n",
      "examples/dev/pod.yaml": pod("example-dev-only"),
    });
    const r = await run(["lint", "--format", "json", "."], { cwd: env, env: toolEnv() });
    const fs = files(r.stdout);
    assert.ok(fs.includes("overlays/dev/pod.yaml"), r.stdout + r.stderr);
    assert.ok(!fs.includes("examples/dev/pod.yaml"), r.stdout);
  });

  it("a dev overlay without a real one beside it is what is deployed: judged", async () => {
    const alone = project({
      ".kubeready.yaml": isolatedConfig(),
      "base/kustomization.yaml": "resources:\n- web.yaml\n",
      "base/web.yaml": deployment(),
      "overlays/dev/kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: privileged.yaml\n",
      "overlays/dev/privileged.yaml": privileged,
    });
    const r = await run(["lint", "--format", "json", "overlays/dev"], { cwd: alone, env: toolEnv() });
    assert.ok((JSON.parse(r.stdout) as Json).findings.some((f) => f.rule === "pss/privileged"), r.stdout + r.stderr);
  });
});
