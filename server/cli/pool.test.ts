// The parallel lint (pool.ts) reports exactly what the single-threaded path reports: same findings, same order, same
// positions and related places, in every format. No timing here: speed is measured by `npm run bench` (bench/peers.ts).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { lastRun, split } from "./pool.js";
import { project, run } from "./testkit.js";

const CORPUS = join(__dirname, "..", "..", "..", "shared", "corpus");

function deployment(name: string, ns: string, image = "nginx:1.25", extra = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: ${image}
          ports: [{ containerPort: 8080 }]${extra}
`;
}

function service(name: string, ns: string, selector: string, port = 8080): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: { app: ${selector} }
  ports: [{ port: 80, targetPort: ${port} }]
`;
}

/** Many files whose findings depend on each other: services and workloads, policies and PDBs in other files. */
function crossFileProject(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let t = 0; t < 6; t++) {
    const ns = `team-${t}`;
    files[`teams/${ns}/namespace.yaml`] = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`;
    for (let s = 0; s < 5; s++) {
      files[`teams/${ns}/svc-${s}/deploy.yaml`] = deployment(`app-${s}`, ns, s % 2 ? "nginx:latest" : "nginx@sha256:" + "a".repeat(64));
      // Every other service selects nothing, or a port the pods do not declare: findings that name the other file.
      files[`teams/${ns}/svc-${s}/service.yaml`] = service(`app-${s}`, ns, s % 3 === 0 ? `missing-${s}` : `app-${s}`, s % 2 ? 9090 : 8080);
    }
    files[`teams/${ns}/pdb.yaml`] = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: all\n  namespace: ${ns}\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels: { app: app-1 }\n`;
    if (t % 2) files[`teams/${ns}/netpol.yaml`] = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
  }
  // A kustomize overlay that sets a namespace and an image for a base elsewhere.
  files["deploy/base/kustomization.yaml"] = "resources:\n  - app.yaml\n";
  files["deploy/base/app.yaml"] = deployment("base-app", "default", "registry.example/base:latest");
  files["deploy/prod/kustomization.yaml"] = "namespace: prod\nresources:\n  - ../base\nimages:\n  - name: registry.example/base\n    newTag: v1.2.3\n";
  // Several documents, a List, a suppression comment, a syntax error, a chart template.
  files["multi.yaml"] = [deployment("m1", "multi"), service("m1", "multi", "m1"), deployment("m2", "multi", "nginx", "\n          # kubeready-disable-next-line\n          securityContext: { privileged: true }")].join("---\n");
  files["list.yaml"] = `apiVersion: v1\nkind: List\nitems:\n${deployment("listed", "multi").split("\n").filter(Boolean).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)).join("\n")}\n`;
  files["broken.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [unclosed\n";
  files["chart/templates/deploy.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n";
  // One file past the lean threshold (512 KB): its objects carry document slots, not syntax trees. Mostly ConfigMaps
  // with long values (cheap to analyse), and workloads whose services are in other files.
  const big: string[] = [];
  for (let i = 0; i < 12; i++) big.push(deployment(`big-${i}`, `team-${i % 6}`), service(`big-${i}`, `team-${i % 6}`, i % 4 ? `big-${i}` : "app-1"));
  for (let i = 0; big.join("---\n").length < 540 * 1024; i++) big.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob-${i}\n  namespace: team-${i % 6}\ndata:\n  blob: "${"x".repeat(8000)}"\n`);
  files["big/all.yaml"] = big.join("---\n");
  return files;
}

/** A tree with each shape the lint path skips or only notes, among files it judges. */
function skipShapesProject(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 4; i++) files[`apps/app-${i}.yaml`] = deployment(`app-${i}`, "shop", "nginx:latest") + "---\n" + service(`app-${i}`, "shop", `app-${i}`);
  // A Helm test hook (left out as `helm template --skip-tests` leaves it out), beside a workload in the same file.
  files["hooks/test-connection.yaml"] = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-test-connection\n  namespace: shop\n  annotations:\n    "helm.sh/hook": test\nspec:\n  containers:\n    - name: wget\n      image: busybox\n      command: [wget, "web:80"]\n---\n${deployment("hooked", "shop")}`;
  // Examples and test folders, and a file whose header says it is a demo.
  files["docs/examples/sample.yaml"] = deployment("sample", "demo", "nginx:latest");
  files["test/e2e-pod.yaml"] = deployment("e2e", "test", "nginx:latest");
  files["apps/demo.yaml"] = `# For testing purposes only.\n${deployment("demo", "shop", "nginx:latest")}`;
  // A kustomize patch listed by its overlay, and a leftover patch no kustomization lists (an orphan patch).
  files["overlays/prod/kustomization.yaml"] = "resources:\n  - ../../apps/app-0.yaml\npatches:\n  - path: patch.yaml\n";
  files["overlays/prod/patch.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-0\nspec:\n  replicas: 5\n";
  files["leftover/patch-resources.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-1\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          resources:\n            limits: {memory: 1Gi}\n";
  // Not a manifest (a Compose file), and a templated file outside a chart.
  files["config/docker-compose.yaml"] = "services:\n  web:\n    image: nginx:latest\n";
  files["deploy/templated.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n";
  return files;
}

async function lintWith(threads: number, cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; ran: typeof lastRun }> {
  const r = await run(["lint", ...args], { cwd, env: { KUBEREADY_THREADS: String(threads) } });
  return { ...r, stdout: r.stdout.replace(/\(\d+\.\d\d s\)/g, "(T s)"), ran: { ...lastRun } };
}

describe("parallel lint", () => {
  it("splits files into shares of about equal bytes, each in file order, deterministically", () => {
    const files = [100, 5, 60, 40, 1, 50].map((n) => ({ text: "x".repeat(n) }));
    const shares = split(files, 2);
    assert.deepEqual(shares, [[0, 3], [1, 2, 4, 5]]); // 100+40 and 60+50+5+1, largest first to the lighter share
    assert.deepEqual(split(files, 2), shares);
    assert.deepEqual(shares.flat().sort(), [0, 1, 2, 3, 4, 5]);
  });

  const root = project(crossFileProject());
  for (const format of ["json", "text"]) {
    it(`reports the same as one thread (${format}, cross-file findings, a lean file, kustomize, errors)`, async () => {
      const one = await lintWith(1, root, ["--format", format, "--fail-on", "never", "--no-render", "."]);
      assert.equal(one.ran.threads, 1);
      if (format === "json") assert.ok(JSON.parse(one.stdout).findings.length > 50, "the fixture should give many findings");
      for (const threads of format === "json" ? [2, 3] : [2]) {
        const many = await lintWith(threads, root, ["--format", format, "--fail-on", "never", "--no-render", "."]);
        assert.deepEqual(many.ran, { threads, fellBack: false }, "the pool ran on worker threads");
        assert.equal(many.code, one.code);
        assert.equal(many.stderr, one.stderr);
        assert.equal(many.stdout, one.stdout);
      }
    });
  }

  // Every shape the single-threaded path leaves out or only notes: the pool must leave out and note the same.
  const skips = project(skipShapesProject());
  for (const extra of [[], ["--include-tests"]]) {
    it(`skips and notes what one thread skips and notes (Helm test hooks, examples, demos, test folders, patches, templates${extra.length ? ", --include-tests" : ""})`, async () => {
      const one = await lintWith(1, skips, ["--format", "json", "--fail-on", "never", "--no-render", ...extra, "."]);
      const json = JSON.parse(one.stdout) as { findings: { file: string; rule: string; message: string; object?: { name: string } }[] };
      const onHook = json.findings.filter((f) => f.object?.name === "web-test-connection");
      const said = `${one.stderr}\n${json.findings.map((f) => `${f.file} ${f.rule} ${f.message}`).join("\n")}`;
      if (extra.length) {
        assert.ok(onHook.length > 0, "--include-tests judges the Helm test hook");
      } else {
        for (const note of ["Helm test hook (hooks/test-connection.yaml: Pod/web-test-connection)", "docs/example folder", "test/dev folder", "not for production"]) assert.ok(said.includes(note), `one thread notes: ${note}\n${said}`);
        assert.equal(onHook.length, 0, "the Helm test hook is not judged");
        assert.ok(json.findings.some((f) => f.object?.name === "hooked"), "the workload beside it is");
      }
      for (const file of ["overlays/prod/patch.yaml", "leftover/patch-resources.yaml", "config/docker-compose.yaml", "deploy/templated.yaml"]) {
        assert.ok(json.findings.some((f) => f.file === file && f.rule === "yaml/not-analysed"), `a not-analysed note on ${file}`);
      }
      for (const args of [["--threads", "2"], ["--threads", "3"]]) {
        const many = await run(["lint", "--format", "json", "--fail-on", "never", "--no-render", ...extra, ...args, "."], { cwd: skips, env: {} });
        assert.deepEqual({ ...lastRun }, { threads: Number(args[1]), fellBack: false }, "the pool ran on worker threads");
        assert.equal(many.code, one.code);
        assert.equal(many.stderr, one.stderr);
        assert.equal(many.stdout, one.stdout);
      }
    });
  }

  it("reports the same as one thread on real repositories (part of the shared corpus)", { skip: existsSync(CORPUS) ? false : `the shared corpus is absent (${CORPUS})` }, async () => {
    const paths = ["kube-thanos", "prometheus-operator", "sock-shop", "cert-manager", "istio-samples"].map((p) => join(CORPUS, p)).filter(existsSync);
    const one = await lintWith(1, CORPUS, ["--format", "json", "--fail-on", "never", "--no-render", ...paths]);
    const two = await lintWith(2, CORPUS, ["--format", "json", "--fail-on", "never", "--no-render", ...paths]);
    assert.deepEqual(two.ran, { threads: 2, fellBack: false });
    assert.ok(JSON.parse(one.stdout).findings.length > 100);
    assert.equal(two.stdout, one.stdout);
  });
});
