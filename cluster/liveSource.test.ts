// A live object's syntax tree, built while its YAML is written, is the one the parser makes of that YAML: same nodes, ranges, findings and fixes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Document, isMap, isPair, isScalar, isSeq, parseDocument } from "yaml";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { analyzeFiles, type Finding, parseFile } from "../rules/engine.js";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { analyzeSnapshot, clusterRules, liveObjectUri, liveObjectYaml } from "./analyze.js";
import { liveFile } from "./liveSource.js";
import { offsetRange } from "../rules/model/position.js";
import { blockYamlLayout, blockYamlTree, layoutOffsetRange, syntaxOf, toBlockYaml } from "./liveYaml.js";
import type { ClusterSnapshot, LiveObject } from "./snapshot.js";

/** The parts of a yaml node tree positions, values and fixes are read from, as plain data to compare. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isPair(node)) return { key: shape(node.key), value: shape(node.value) };
  if (isMap(node) || isSeq(node)) {
    return { class: isMap(node) ? "map" : "seq", flow: node.flow === true, range: node.range, items: node.items.map(shape) };
  }
  if (isScalar(node)) return { class: "scalar", value: node.value, type: node.type, source: node.source, format: node.format, range: node.range };
  return { class: "other" };
}

function parsedShape(text: string): unknown {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: true, strict: false, prettyErrors: false });
  assert.deepEqual(doc.errors, [], "the writer's YAML parses without errors");
  return shape(doc.contents);
}

const NOW = "2026-06-01T00:00:00Z";

/** The demo cluster as an API server returns it: uid, resourceVersion, managedFields, last-applied. */
const liveDemo: LiveObject[] = loadDemoCluster(new Date(NOW)).map((o, i) => ({
  ...o,
  metadata: {
    ...o.metadata,
    uid: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    resourceVersion: String(1000 + i),
    creationTimestamp: "2026-05-01T00:00:00Z",
    managedFields: [{ manager: "kubectl", operation: "Apply", fieldsV1: { "f:metadata": {} } }],
    annotations: { ...(o.metadata.annotations as Record<string, string> | undefined), "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(o) },
  },
}));

const snapshot: ClusterSnapshot = { context: "demo", server: "https://demo", objects: liveDemo, errors: [], resourceVersions: {} };

/** What the extension did before: every live object's YAML parsed like a file. */
function findingsByParsing(s: ClusterSnapshot): Finding[] {
  const files = s.objects.map((o) => ({ uri: liveObjectUri(s.context, o), text: liveObjectYaml(o) }));
  return analyzeFiles(files, DEFAULT_CONFIG, clusterRules).findings;
}

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "binary" }),
    fc.constantFrom("true", "no", "null", "1.0", "0x1F", "e12", "a: b", "- x", "#c", "{{ .Values.x }}", "", " x", "__proto__", "é"),
    fc.integer(),
    fc.constantFrom(-0, 1e21, 1.5e-7, 2 ** 60, -123.25, Number.MAX_VALUE, NaN, Infinity),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("__proto__", "10", "e", "y", "a b")), tie("value"), { maxKeys: 4 }),
}));

describe("blockYamlTree", () => {
  it("writes exactly toBlockYaml's text, and the tree and value the yaml parser reads from it", () => {
    for (const o of liveDemo) {
      const built = blockYamlTree(o);
      assert.equal(built.text, toBlockYaml(o));
      assert.deepEqual(shape(built.contents), parsedShape(built.text), `${o.kind} ${o.metadata.name}`);
      assert.deepEqual(built.value, parseDocument(built.text).toJS());
    }
  });

  it("agrees with the parser on arbitrary JSON objects: strings that need quotes, odd numbers, empty collections, nesting", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), json.value, { minKeys: 1, maxKeys: 5 }), (o) => {
        const built = blockYamlTree(o);
        assert.equal(built.text, toBlockYaml(o));
        assert.deepEqual(shape(built.contents), parsedShape(built.text));
        assert.deepEqual(built.value, parseDocument(built.text).toJS());
        const lineStarts = [0];
        for (let i = built.text.indexOf("\n"); i >= 0; i = built.text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
        assert.deepEqual(built.lineStarts, lineStarts);
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });
});

/** Paths into a value: every path that exists, and ones that stop early (missing keys, indexes past the end, a key on a list, an index on a map). */
function probePaths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at, [...at, "name"], [...at, "missing"], [...at, 0], [...at, 7], [...at, -1], [...at, 1.5], [...at, "0"], [...at, "missing", "deeper"]);
  if (Array.isArray(v)) v.forEach((x, i) => probePaths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const k of Object.keys(v)) probePaths((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

describe("liveObjectYaml", () => {
  it("shows apiVersion, kind and metadata first, without managedFields and last-applied, and changes nothing it was given", () => {
    const applied = "kubectl.kubernetes.io/last-applied-configuration";
    const objects: LiveObject[] = [
      // As intake keeps it: apiVersion and kind added last, no managedFields.
      JSON.parse('{"metadata":{"name":"a","namespace":"ns","annotations":{"team":"x"}},"spec":{"__proto__":{"p":1},"z":1},"status":{"phase":"Running"},"apiVersion":"v1","kind":"Pod"}'),
      // As a watch event or a test sends it: managedFields, last-applied beside another annotation, and alone.
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b", managedFields: [{ manager: "m" }], annotations: { [applied]: "{}", team: "y" } }, data: { k: "v" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", annotations: { [applied]: "{}" } } },
    ];
    const before = objects.map((o) => JSON.stringify(o));
    assert.deepEqual(objects.map(liveObjectYaml), [
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: ns\n  annotations:\n    team: x\nspec:\n  __proto__:\n    p: 1\n  z: 1\nstatus:\n  phase: Running\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  annotations:\n    team: \"y\"\ndata:\n  k: v\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
    ]);
    assert.deepEqual(objects.map((o) => JSON.stringify(o)), before, "the live objects are left as they were");
  });
});

describe("layoutOffsetRange", () => {
  const anchors = ["key", "value", "pair"] as const;
  /** offsetRange on the document the yaml parser reads from the written text: what a position must be. */
  const byParsing = (text: string) => parseDocument(text, { keepSourceTokens: false }) as unknown as Parameters<typeof offsetRange>[0];

  it("places every path of the demo cluster's objects, and paths that stop early, where offsetRange on the parsed text does", () => {
    let compared = 0;
    for (const o of liveDemo) {
      const written = blockYamlLayout(o);
      const parsed = byParsing(written.text);
      for (const path of probePaths(o)) {
        for (const anchor of anchors) {
          assert.deepEqual(layoutOffsetRange(written, path, anchor), offsetRange(parsed, path, anchor), `${o.kind} ${o.metadata.name} ${JSON.stringify(path)} (${anchor})`);
          compared++;
        }
      }
    }
    assert.ok(compared > 5000, `${compared} positions compared`);
  });

  it("agrees with offsetRange on the parsed text for arbitrary JSON objects and paths", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("name", "spec", "containers")), json.value, { minKeys: 1, maxKeys: 5 }), (o) => {
        const written = blockYamlLayout(o);
        const parsed = byParsing(written.text);
        for (const path of probePaths(o).slice(0, 400)) {
          for (const anchor of anchors) assert.deepEqual(layoutOffsetRange(written, path, anchor), offsetRange(parsed, path, anchor), `${JSON.stringify(path)} (${anchor})`);
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it("is what the tree the layout makes gives (the tree fixes walk)", () => {
    for (const o of liveDemo) {
      const written = blockYamlLayout(o);
      const doc = new Document() as Parameters<typeof offsetRange>[0];
      doc.contents = syntaxOf(written) as typeof doc.contents;
      for (const path of probePaths(o)) for (const anchor of anchors) assert.deepEqual(layoutOffsetRange(written, path, anchor), offsetRange(doc, path, anchor));
    }
  });
});

describe("liveFile", () => {
  it("gives parseFile's objects for every live object of the demo cluster", () => {
    for (const o of liveDemo) {
      const uri = liveObjectUri("demo", o);
      const built = liveFile(uri, o, { defaultNamespace: "default" });
      const parsed = parseFile(uri, liveObjectYaml(o), { defaultNamespace: "default" });
      assert.equal(built.text, parsed.text);
      assert.deepEqual(built.problems, parsed.problems);
      const identity = (k: (typeof built.objects)[number]) => ({ ...k, source: undefined });
      assert.deepEqual(built.objects.map(identity), parsed.objects.map(identity), `${o.kind} ${o.metadata.name}`);
      assert.deepEqual(built.chunks[0]!.lineCounter.lineStarts, parsed.chunks[0]!.lineCounter.lineStarts);
    }
  });

  it("leaves what it does not mirror to the parser: Go templates, List kinds, over-long keys", () => {
    const meta = (name: string) => ({ name, namespace: "shop", uid: "u", resourceVersion: "1" });
    const cases: LiveObject[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta("helm-values"), data: { "values.yaml": "image: {{ .Values.image }}" } },
      { apiVersion: "example.com/v1", kind: "WidgetList", metadata: meta("widgets"), items: [{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }] },
      { apiVersion: "v1", kind: "ConfigMap", metadata: meta("long-key"), data: { ["k".repeat(1100)]: "v" } },
    ];
    for (const o of cases) {
      const uri = liveObjectUri("demo", o);
      const built = liveFile(uri, o);
      const parsed = parseFile(uri, liveObjectYaml(o));
      assert.equal(built.chunks[0]!.docs[0], parsed.chunks[0]!.docs[0], `${o.metadata.name}: the parser's own (cached) document`);
      assert.deepEqual(built.objects.map((k) => k.name), parsed.objects.map((k) => k.name));
    }
  });
});

describe("analyzeSnapshot without parsing", () => {
  it("finds what parsing every live object's YAML finds, with the same fixes", () => {
    const fast = analyzeSnapshot(snapshot).findings;
    const slow = findingsByParsing(snapshot);
    assert.ok(fast.length > 50, `the demo cluster has findings (${fast.length})`);
    const plain = (f: Finding) => ({ ...f, fixes: undefined });
    assert.deepEqual(fast.map(plain), slow.map(plain));
    const fixes = (f: Finding) => (f.fixes?.() ?? []).map((x) => ({ title: x.title, safe: x.safe, edits: x.edits }));
    let compared = 0;
    fast.forEach((f, i) => {
      assert.deepEqual(fixes(f), fixes(slow[i]!), `fixes of ${f.key}`);
      compared += fixes(f).length;
    });
    assert.ok(compared > 50, `fixes were compared (${compared})`);
  });
});
