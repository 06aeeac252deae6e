// Live objects read without YAML (leanLiveFile) are the objects, findings, positions and fixes that parsing each live object's YAML gives.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { analyzeFiles, type Finding, parseFile } from "../rules/engine.js";
import { type KObject, rangeOf } from "../rules/model/object.js";
import type { Path } from "../rules/model/position.js";
import { generateLargeCluster, loadDemoCluster } from "../test/standin/fixtures.js";
import { analyzeSnapshot, clusterRules, liveObjectUri, liveObjectYaml, reviewFindings } from "./analyze.js";
import { leanLiveFile } from "./liveSource.js";
import type { ClusterSnapshot, LiveObject } from "./snapshot.js";

const NOW = "2026-06-01T00:00:00Z";
let serial = 0;

/** What an API server adds to every object it stores. */
function served(o: LiveObject): LiveObject {
  serial++;
  return { ...o, metadata: { ...o.metadata, uid: `uid-${serial}`, resourceVersion: String(serial), creationTimestamp: "2026-05-01T00:00:00Z" } };
}

const meta = (name: string, namespace = "edge") => ({ name, namespace });

/** Objects at the edges of what the lean path mirrors, and of what it hands to the parser. */
const edgeCases: LiveObject[] = [
  // A Go template in a value: the parser decides (the engine's template handling).
  { apiVersion: "v1", kind: "ConfigMap", metadata: meta("helm-values"), data: { "values.yaml": "image: {{ .Values.image }}" } },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { ...meta("template-key"), labels: { "{{ x }}": "y" } } },
  // A List kind, whose items the engine splits.
  { apiVersion: "example.com/v1", kind: "WidgetList", metadata: meta("widgets"), items: [{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }] },
  // A key longer than YAML's implicit keys.
  { apiVersion: "v1", kind: "ConfigMap", metadata: meta("long-key"), data: { ["k".repeat(1100)]: "v" } },
  // Strategic-merge directives make a document a patch (partial): in a value, in a key.
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { ...meta("patch-value"), annotations: { note: "$patch: delete" } }, spec: { template: { spec: { containers: [{ name: "a", image: "nginx" }] } } } },
  { apiVersion: "apps/v1", kind: "Deployment", metadata: meta("patch-key"), spec: { template: { spec: { "$setElementOrder/containers": [{ name: "a" }], containers: [{ name: "a", image: "nginx" }] } } } },
  // Values the YAML text cannot carry as they are: -0, NaN, ±Infinity, undefined (the value is then the parse's).
  { apiVersion: "apps/v1", kind: "Deployment", metadata: { ...meta("odd-numbers"), labels: { app: "odd", gone: undefined as unknown as string } }, spec: { replicas: -0, minReadySeconds: Number.NaN, progressDeadlineSeconds: Number.POSITIVE_INFINITY, selector: { matchLabels: { app: "odd" } }, template: { metadata: { labels: { app: "odd" } }, spec: { containers: [{ name: "a", image: "nginx:1.27", args: ["x", undefined] }] } } } },
  // Keys and strings that need quotes, unicode, a `__proto__` key as JSON.parse makes it.
  { apiVersion: "v1", kind: "ConfigMap", metadata: { ...meta("quoting"), labels: JSON.parse('{"__proto__": "p", "a b": "c: d", "10": "y", "e": "no"}') }, data: { "é": "ü\n\"quoted\"\t", "#c": "- x", "": "" } },
  // Empty collections, nulls, no namespace, generateName beside name.
  { apiVersion: "v1", kind: "Pod", metadata: { name: "no-namespace", generateName: "no-" }, spec: { containers: [], volumes: null }, status: {} },
  // Large, with characters that are escaped: the size bound is checked on the text itself.
  { apiVersion: "v1", kind: "ConfigMap", metadata: meta("big-quoted"), data: { blob: '"\\'.repeat(700_000) } },
  // Over the file size limit: the engine's information finding, as for a file.
  { apiVersion: "v1", kind: "ConfigMap", metadata: meta("huge"), data: { blob: "x".repeat(9 * 1024 * 1024) } },
  // Status fields the status rules read.
  { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta("blocked"), spec: { minAvailable: 1, selector: { matchLabels: { app: "odd" } } }, status: { disruptionsAllowed: 0, expectedPods: 1, currentHealthy: 1, desiredHealthy: 1 } },
];

const varied: LiveObject[] = [...loadDemoCluster(new Date(NOW)), ...edgeCases].map(served);

/** What the extension did first: every live object's YAML parsed like a file. */
function findingsByParsing(s: ClusterSnapshot): Finding[] {
  const files = s.objects.map((o) => ({ uri: liveObjectUri(s.context, o), text: liveObjectYaml(o) }));
  return analyzeFiles(files, DEFAULT_CONFIG, clusterRules).findings;
}

const snapshotOf = (objects: LiveObject[], errors: ClusterSnapshot["errors"] = []): ClusterSnapshot => ({ context: "lean", server: "https://lean", objects, errors, resourceVersions: {} });
const plain = (f: Finding) => ({ ...f, fixes: undefined });
const fixesOf = (f: Finding) => (f.fixes?.() ?? []).map((x) => ({ title: x.title, safe: x.safe, edits: x.edits }));
const identity = (k: KObject) => ({ ...k, source: undefined });

/** Every path into a value, for comparing positions. */
function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length > 0) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === "object") for (const k of Object.keys(v)) pathsOf((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

describe("leanLiveFile", () => {
  it("makes the objects parsing the live object's YAML makes, with the same positions", () => {
    let positions = 0;
    for (const o of varied) {
      const uri = liveObjectUri("lean", o);
      const lean = leanLiveFile(uri, o, { defaultNamespace: "default" });
      const parsed = parseFile(uri, liveObjectYaml(o), { defaultNamespace: "default" });
      const what = `${o.kind} ${o.metadata.name}`;
      assert.deepEqual(lean.problems, parsed.problems, what);
      assert.deepEqual(lean.objects.map(identity), parsed.objects.map(identity), what);
      assert.equal(lean.text, parsed.text, what);
      for (const [i, k] of lean.objects.entries()) {
        for (const path of pathsOf(k.value).slice(0, 300)) {
          for (const anchor of ["key", "value", "pair"] as const) {
            assert.deepEqual(rangeOf(k, path, anchor), rangeOf(parsed.objects[i]!, path, anchor), `${what} ${path.join(".")} (${anchor})`);
            positions++;
          }
        }
      }
    }
    assert.ok(positions > 1000, `positions were compared (${positions})`);
  });

  it("marks exactly the objects with strategic-merge directives as partial", () => {
    const partial = varied.filter((o) => leanLiveFile(liveObjectUri("lean", o), o).objects.some((k) => k.partial)).map((o) => o.metadata.name);
    assert.deepEqual(partial.filter((n) => n.startsWith("patch-")), ["patch-value", "patch-key"]);
  });
});

describe("analyzeSnapshot on live objects read without YAML", () => {
  it("finds what parsing every live object's YAML finds, with the same fixes, past the syntax trees it keeps", () => {
    // More objects with findings than syntax trees are kept, so fixes are computed from trees built again.
    const large = generateLargeCluster({ namespaces: 8, podsPerNamespace: 40, podsPerDeployment: 2 }).map(served);
    const snapshot = snapshotOf([...varied, ...large]);
    const lean = analyzeSnapshot(snapshot).findings;
    const parsed = findingsByParsing(snapshot);
    assert.ok(new Set(lean.map((f) => f.uri)).size > 300, "findings on more objects than trees are kept");
    assert.deepEqual(lean.map(plain), parsed.map(plain));
    let compared = 0;
    // Fixes asked for in reverse order, long after the analysis: every tree is built again.
    for (let i = lean.length - 1; i >= 0; i--) {
      assert.deepEqual(fixesOf(lean[i]!), fixesOf(parsed[i]!), `fixes of ${lean[i]!.key}`);
      compared += fixesOf(lean[i]!).length;
    }
    assert.ok(compared > 300, `fixes were compared (${compared})`);
  });

  it("agrees with parsing on arbitrary live objects", () => {
    const scalar = fc.oneof(fc.string(), fc.constantFrom("true", "no", "1.0", "e12", "{{ x }}", "$patch", "a: b", "-", ""), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
      list: fc.array(tie("any"), { maxLength: 3 }),
      map: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("containers", "image", "securityContext", "resources", "replicas", "selector", "name")), tie("any"), { maxKeys: 4 }),
    }));
    const container = fc.record({ name: fc.constantFrom("app", "side"), image: fc.constantFrom("nginx", "nginx:1.27", "ghcr.io/x/y@sha256:" + "a".repeat(64)), securityContext: value.map, resources: value.map }, { requiredKeys: ["name"] });
    const object = fc.record({
      kind: fc.constantFrom("Pod", "Deployment", "StatefulSet", "ConfigMap", "Service", "PodDisruptionBudget", "Namespace", "Widget"),
      name: fc.constantFrom("a", "b", "c"),
      labels: fc.dictionary(fc.constantFrom("app", "tier", "x y"), fc.constantFrom("a", "b", "")),
      spec: value.map,
      containers: fc.array(container, { maxLength: 2 }),
      status: fc.option(value.map),
    });
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 4 }), (specs) => {
        const objects = specs.map((s, i): LiveObject => served({
          apiVersion: s.kind === "Deployment" || s.kind === "StatefulSet" ? "apps/v1" : s.kind === "PodDisruptionBudget" ? "policy/v1" : s.kind === "Widget" ? "example.com/v1" : "v1",
          kind: s.kind,
          metadata: { name: `${s.name}${i}`, ...(s.kind === "Namespace" ? {} : { namespace: "ns" }), labels: s.labels },
          spec: s.kind === "Pod" ? { ...s.spec, containers: s.containers } : { ...s.spec, template: { metadata: { labels: s.labels }, spec: { containers: s.containers } } },
          ...(s.status ? { status: s.status } : {}),
        }));
        const snapshot = snapshotOf(objects);
        assert.deepEqual(analyzeSnapshot(snapshot).findings.map(plain), findingsByParsing(snapshot).map(plain));
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });

  it("skipping what repeats a controller gives exactly the review of a full analysis", () => {
    const large = generateLargeCluster({ namespaces: 6, podsPerNamespace: 12 }).map(served);
    // A ReplicaSet the pods' owner, and a Job of a CronJob, beside the generated pods.
    const owned: LiveObject[] = [
      served({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "edge", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", controller: true }] }, spec: { template: { spec: { containers: [{ name: "a", image: "nginx" }] } } } }),
      served({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "nightly-1", namespace: "edge", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "nightly", controller: true }] }, spec: { template: { spec: { containers: [{ name: "a", image: "busybox" }] } } } }),
    ];
    for (const errors of [[], [{ code: "forbidden" as const, message: "no ReplicaSets", kind: "ReplicaSet" }], [{ code: "forbidden" as const, message: "no Deployments here", kind: "Deployment", namespace: "edge" }]]) {
      const snapshot = snapshotOf([...varied, ...large, ...owned], errors);
      const review = reviewFindings(analyzeSnapshot(snapshot)).map(plain);
      const skipped = analyzeSnapshot(snapshot, DEFAULT_CONFIG, clusterRules, { skipControllerRepeats: true });
      assert.deepEqual(reviewFindings(skipped).map(plain), review, `errors: ${JSON.stringify(errors)}`);
      assert.deepEqual(skipped.findings.map(plain), review, "nothing left to leave out");
      assert.ok(review.some((f) => f.object?.kind === "Pod"), "controller-made pods keep their own findings");
    }
  });
});
