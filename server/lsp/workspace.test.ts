// Workspace: files known only from the scan (light form) give the index exactly what a full parse gives.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { parseFile } from "../../rules/engine.js";
import { rangeOf, type KObject } from "../../rules/model/object.js";
import type { ScanThreads } from "./scan-pool.js";
import { Workspace } from "./workspace.js";

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0
`;

/** Manifests with every kind of content the scan must read exactly as the editor does. */
const FILES: Record<string, string> = {
  "anchors.yaml": `x-defaults: &defaults
  cpu: 100m
  memory: 64Mi
apiVersion: v1
kind: Pod
metadata:
  name: anchored
  labels: &labels {app: a, tier: "1"}
  annotations: {count: 3, flag: true, empty: null}
spec:
  containers:
    - name: a
      image: nginx:1.25
      resources:
        requests: {<<: *defaults, cpu: 200m}
        limits: *defaults
`,
  "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: one}
    data: {a: "1"}
  - apiVersion: v1
    kind: Secret
    metadata: {name: two, namespace: explicit}
  - not-an-object
`,
  "chart/templates/deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
---
apiVersion: v1
kind: Service
metadata:
  name: plain
`,
  "overlay/kustomization.yaml": `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: team-a
resources: [deploy.yaml]
patches:
  - path: patch.yaml
`,
  "overlay/deploy.yaml": DEPLOYMENT("overlaid"),
  "overlay/patch.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: overlaid
spec:
  replicas: 5
`,
  "directive-patch.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: sidecar
          $patch: delete
`,
  "broken.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: dup
  name: dup2
data:
  a: [1, 2
---
apiVersion: v1
kind: Service
metadata:
  name: after-broken
`,
  "binary.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bin\u0000\n`,
  "multi.yaml": `# leading comment
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  namespace: ignored-for-cluster-scoped
...
---
apiVersion: v1
kind: ServiceAccount
metadata:
  generateName: sa-
---
apiVersion: v1
kind: ConfigMap
data: {nameless: "yes"}
---
- just
- a list
---
plain scalar
---
apiVersion: v1
kind: ConfigMap
metadata: {name: numbers}
data: {inf: .inf, nan: .nan, neg: -.inf, oct: 0o17, hex: 0x1F, big: 12345678901234567890, float: 1e3}
`,
  "cycle.yaml": `apiVersion: v1
kind: ConfigMap
metadata: {name: cyclic}
data: &d
  self: *d
  k: v
---
apiVersion: v1
kind: ConfigMap
metadata: {name: shared, labels: &l {app: shared-label-value-long-enough}}
spec: {a: *l, b: *l}
`,
  "crlf.yaml": "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n  labels:\r\n    app: x\r\n",
  "keys.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: odd-keys
data:
  ? [a, b]
  : complex
  1: numeric
  __proto__: polluted
  "true": quoted
`,
  "yaml11.yaml": `%YAML 1.1
---
apiVersion: v1
kind: ConfigMap
metadata: {name: yaml-eleven}
data: {on: yes, when: 2001-12-14t21:59:43.10-05:00, octal: 017}
`,
  "bomb.yaml": `apiVersion: v1
kind: ConfigMap
metadata: {name: bomb}
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: after-bomb}
`,
  "Kustomization": `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - {name: nginx, newTag: "1.27"}
`,
  "empty.yml": "",
};

/** What the index sees of an object (the fields rules read from other files). */
function indexView(o: KObject) {
  const { uri, apiVersion, kind, name, namespace, namespaceExplicit, labels, annotations, value, partial } = o;
  return { uri, apiVersion, kind, name, namespace, namespaceExplicit, labels, annotations, value, partial };
}

async function scanned(root: string, threads: ScanThreads): Promise<Workspace> {
  const ws = new Workspace();
  ws.scanThreads = threads;
  await ws.scan([root], () => false);
  return ws;
}

/** The index a full parse of every file gives: `update` on each file, kustomizations first, as the scan did before. */
function fullParse(root: string): Map<string, KObject[]> {
  const ws = new Workspace();
  const rels = Object.keys(FILES).sort((a, b) => Number(isKustomization(b)) - Number(isKustomization(a)));
  for (const rel of rels) ws.update(pathToFileURL(join(root, rel)).toString(), FILES[rel]);
  return new Map(rels.map((rel) => {
    const uri = pathToFileURL(join(root, rel)).toString();
    return [uri, [...ws.index.objectsOf(uri)]];
  }));
}
const isKustomization = (rel: string) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(rel);

describe("Workspace light files", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "kubeready-ws-"));
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  // [mode, threads, whether workers must have parsed files (undefined: it depends on which thread is faster)]
  const modes: [string, (root: string) => ScanThreads, boolean | undefined][] = [
    ["worker threads", () => ({ count: 2, minFiles: 0, mainThreadParses: false }), true],
    ["a worker, and this thread parsing too", () => ({ count: 1, minFiles: 0, mainThreadParses: true }), undefined],
    ["this thread only", () => ({ script: null }), false],
    ["a worker script that does not exist (falls back to this thread)", (root) => ({ script: join(root, "no-such-worker.js"), minFiles: 0 }), false],
  ];
  for (const [mode, threads, byWorkers] of modes) {
    it(`indexes the same objects as a full parse: ${mode}`, async () => {
      const ws = await scanned(root, threads(root));
      const files = Object.keys(FILES).filter((f) => !isKustomization(f)).length;
      assert.equal(ws.lastScan!.byWorkers + ws.lastScan!.here, files, "every file parsed once");
      if (byWorkers !== undefined) assert.equal(ws.lastScan!.byWorkers > 0, byWorkers, JSON.stringify(ws.lastScan));
      const expected = fullParse(root);
      for (const [uri, objects] of expected) {
        assert.equal(ws.parsed(uri), undefined, `${uri} is held in light form`);
        assert.deepStrictEqual(ws.index.objectsOf(uri).map(indexView), objects.map(indexView), uri);
      }
      assert.equal(ws.index.all().length, [...expected.values()].flat().length);
      // The kustomization's namespace and patch list reached the files beside it.
      const overlay = ws.index.all().filter((o) => o.uri.includes("/overlay/") && o.kind === "Deployment");
      assert.deepStrictEqual(overlay.map((o) => [o.uri.slice(o.uri.lastIndexOf("/") + 1), o.namespace, o.partial]), [["deploy.yaml", "team-a", false], ["patch.yaml", "team-a", true]]);
    });
  }

  it("lists files in the order of the walk, kustomizations first, whichever thread finishes first", async () => {
    const threaded = await scanned(root, { count: 2, minFiles: 0 });
    const inThread = await scanned(root, { script: null });
    const uris = inThread.index.fileUris();
    assert.deepStrictEqual(threaded.index.fileUris(), uris);
    const firstOther = uris.findIndex((u) => !isKustomization(u));
    assert.ok(uris.slice(firstOther).every((u) => !isKustomization(u)), "kustomizations come first");
  });

  it("falls back to this thread when a worker dies after starting", async () => {
    const script = join(root, "dies.js");
    writeFileSync(script, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));");
    try {
      const ws = await scanned(root, { script, count: 2, minFiles: 0 });
      assert.equal(ws.lastScan!.workers, 2);
      assert.equal(ws.lastScan!.byWorkers, 0);
      assert.equal(ws.lastScan!.here, Object.keys(FILES).filter((f) => !isKustomization(f)).length);
      const expected = fullParse(root);
      for (const [uri, objects] of expected) assert.deepStrictEqual(ws.index.objectsOf(uri).map(indexView), objects.map(indexView), uri);
    } finally {
      rmSync(script);
    }
  });

  it("takes the files back from a worker that never answers", async () => {
    const script = join(root, "silent.js");
    writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => {});");
    try {
      const ws = await scanned(root, { script, count: 1, minFiles: 0 });
      assert.ok(ws.lastScan!.takenOver > 0, JSON.stringify(ws.lastScan));
      assert.equal(ws.lastScan!.byWorkers, 0);
      for (const [uri, objects] of fullParse(root)) assert.deepStrictEqual(ws.index.objectsOf(uri).map(indexView), objects.map(indexView), uri);
    } finally {
      rmSync(script);
    }
  });

  it("finds the position of an object in a closed file by re-reading it", async () => {
    const ws = await scanned(root, { script: null });
    const uri = pathToFileURL(join(root, "multi.yaml")).toString();
    const full = parseFile(uri, FILES["multi.yaml"], ws.optionsFor(uri)).objects;
    const light = ws.index.objectsOf(uri);
    for (let i = 0; i < full.length; i++) assert.deepStrictEqual(rangeOf(light[i], ["metadata"]), rangeOf(full[i], ["metadata"]));
  });

  it("gives objects of a closed file that changed on disk a harmless source", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-ws-gone-"));
    try {
      writeFileSync(join(dir, "a.yaml"), DEPLOYMENT("gone"));
      const ws = await scanned(dir, { script: null });
      rmSync(join(dir, "a.yaml"));
      const [o] = ws.index.all();
      assert.deepStrictEqual(rangeOf(o, ["spec", "replicas"]), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parses a scanned file in full when opened, and goes back to light form when closed", async () => {
    const ws = await scanned(root, { script: null });
    const uri = pathToFileURL(join(root, "overlay", "deploy.yaml")).toString();
    const scannedObjects = ws.index.objectsOf(uri).map(indexView);
    // Opened: the editor's text is parsed in full, with the kustomization's namespace.
    const opened = ws.update(uri, FILES["overlay/deploy.yaml"]);
    assert.equal(ws.parsed(uri), opened);
    assert.equal(ws.isLight(uri), false);
    assert.deepStrictEqual(opened.objects.map(indexView), scannedObjects);
    // Edited (not saved): the index follows the editor.
    const edited = ws.update(uri, DEPLOYMENT("renamed"));
    assert.equal(edited.chunks.length, 1);
    assert.deepStrictEqual(ws.index.objectsOf(uri).map((o) => [o.name, o.namespace]), [["renamed", "team-a"]]);
    // Closed: the disk's text again, light.
    assert.equal(await ws.reload(uri), true);
    assert.equal(ws.parsed(uri), undefined);
    assert.equal(ws.isLight(uri), true);
    assert.deepStrictEqual(ws.index.objectsOf(uri).map(indexView), scannedObjects);
    // Reopened: full again.
    assert.ok(ws.update(uri, FILES["overlay/deploy.yaml"]).chunks.length > 0);
    assert.deepStrictEqual(ws.index.objectsOf(uri).map(indexView), scannedObjects);
  });

  it("re-reads the namespace of light files when their kustomization changes", async () => {
    const ws = await scanned(root, { script: null });
    const kustomization = pathToFileURL(join(root, "overlay", "kustomization.yaml")).toString();
    ws.update(kustomization, FILES["overlay/kustomization.yaml"].replace("team-a", "team-b").replace(/patches:[\s\S]*/, ""));
    const overlay = ws.index.all().filter((o) => o.uri.includes("/overlay/") && o.kind === "Deployment").sort((a, b) => a.uri.localeCompare(b.uri));
    // deploy.yaml is listed: the new namespace; patch.yaml is no longer listed at all, so no build deploys it.
    assert.deepStrictEqual(overlay.map((o) => [o.uri.slice(o.uri.lastIndexOf("/") + 1), o.namespace, o.partial]), [["deploy.yaml", "team-b", false], ["patch.yaml", "default", false]]);
    assert.ok(overlay.every((o) => !ws.parsed(o.uri)), "still light");
  });
});

describe("Workspace kustomize builds", () => {
  it("a base in another folder takes the namespace of the overlay that deploys it, and follows its edits", () => {
    const ws = new Workspace();
    const uri = (p: string) => pathToFileURL(join("/repo", p)).toString();
    ws.update(uri("base/deploy.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
    ws.update(uri("base/kustomization.yaml"), "resources: [deploy.yaml]\n");
    ws.update(uri("overlays/prod/kustomization.yaml"), "namespace: prod\nresources: [../../base]\n");
    const web = () => ws.index.all().filter((o) => o.kind === "Deployment").map((o) => o.namespace);
    assert.deepStrictEqual(web(), ["prod"]);
    ws.update(uri("overlays/dev/kustomization.yaml"), "namespace: dev\nresources: [../../base]\n");
    assert.deepStrictEqual(web(), ["dev", "prod"], "judged in each overlay's namespace");
    ws.remove(uri("overlays/dev/kustomization.yaml"));
    ws.update(uri("overlays/prod/kustomization.yaml"), "resources: [../../base]\n");
    assert.deepStrictEqual(web(), ["default"]);
  });
});

describe("Workspace Helm values files (issue 20: Cilium's configuration in a values file)", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "kubeready-ws-values-"));
    mkdirSync(join(root, "cilium"));
    writeFileSync(join(root, "cilium", "kustomization.yaml"), "helmCharts:\n  - name: cilium\n    repo: https://helm.cilium.io\n    valuesFile: values.yaml\n");
    writeFileSync(join(root, "cilium", "values.yaml"), "cluster:\n  name: east\n  id: 7\n");
    writeFileSync(join(root, "cilium", "ip-pool.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pool}\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("reads a values file known only from disk when a rule asks, and the open editor's text once it is opened", async () => {
    const ws = await scanned(root, { script: null });
    const uri = pathToFileURL(join(root, "cilium", "values.yaml")).toString();
    assert.equal(ws.index.valuesFile(uri)?.value.cluster && (ws.index.valuesFile(uri)!.value.cluster as { id: number }).id, 7);
    assert.deepEqual(ws.index.objectsOf(uri), [], "a values file holds no object");
    const before = ws.index.version;
    ws.update(uri, "cluster:\n  name: east\n  id: 8\n");
    assert.ok(ws.index.version > before, "a change to the values file is a change rules can depend on");
    assert.equal((ws.index.valuesFile(uri)!.value.cluster as { id: number }).id, 8);
    ws.remove(uri);
    assert.equal(ws.index.valuesFile(uri), undefined);
  });
});
