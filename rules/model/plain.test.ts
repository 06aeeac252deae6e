// The syntax-tree walk that replaces yaml's toJS must give toJS's value for every document, or hand the document to toJS.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isCollection, parseAllDocuments, stringify, visit, type Document } from "yaml";
import { applyMutation, CORPUS_DIR, mutation, SEED, SEED_MANIFESTS } from "../../test/fuzz/inputs.js";
import { MAX_ALIAS_COUNT, splitDocuments } from "./document.js";
import { documentValue, NOT_PLAIN, plainValue } from "./plain.js";

/** toJS's value, or what it throws. */
function viaToJS(doc: Document.Parsed): { value: unknown } | { error: string } {
  try {
    // Collection keys: documentValue rejects them as Kubernetes does (below); toJS would stringify them with a warning.
    if (hasCollectionKey(doc)) return { error: "a mapping key is itself a mapping or a list, which Kubernetes' YAML decoder rejects" };
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function hasCollectionKey(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, { Pair(_, pair) { if (isCollection(pair.key)) { found = true; return visit.BREAK; } return undefined; } });
  return found;
}

/** Equal values with keys in the same order (isDeepStrictEqual ignores the order). */
function sameKeyOrder(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== "object" || b === null || typeof b !== "object") return true;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameKeyOrder((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The documents of `text` as the engine parses them (split at `---`, each chunk composed on its own). */
function documentsOf(text: string): Document.Parsed[] {
  return splitDocuments(text).flatMap((chunk) => chunk.docs);
}

/** Checks every document; returns how many the walk handled itself and how many it left to toJS. */
function compare(docs: readonly Document.Parsed[], where: string): { plain: number; delegated: number } {
  let plain = 0, delegated = 0;
  for (const doc of docs) {
    const walked = plainValue(doc);
    const expected = viaToJS(doc);
    if (walked === NOT_PLAIN) {
      delegated++;
      // documentValue then is toJS itself, errors included.
      let got: { value: unknown } | { error: string };
      try { got = { value: documentValue(doc) }; } catch (e) { got = { error: (e as Error).message }; }
      assert.ok(isDeepStrictEqual(got, expected), `${where}: documentValue differs from toJS after delegating`);
      continue;
    }
    plain++;
    assert.ok("value" in expected, `${where}: the walk produced a value where toJS throws ${"error" in expected ? expected.error : ""}`);
    assert.ok(isDeepStrictEqual(walked, expected.value), `${where}: walk ${JSON.stringify(walked)?.slice(0, 300)} vs toJS ${JSON.stringify(expected.value)?.slice(0, 300)}`);
    assert.ok(sameKeyOrder(walked, expected.value), `${where}: keys in another order than toJS's`);
  }
  return { plain, delegated };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/i.test(name)) out.push(p);
  }
  return out;
}

const REPO = join(__dirname, "..", "..");

describe("plain values of YAML documents (the toJS replacement)", () => {
  it("equals toJS on every document of the fixtures, the examples and the corpus, and handles nearly all itself", () => {
    const files = [...yamlFiles(join(REPO, "rules")), ...yamlFiles(join(REPO, "examples")), ...yamlFiles(join(REPO, "test")), ...yamlFiles(CORPUS_DIR)];
    assert.ok(files.length > 100, `only ${files.length} YAML files found`);
    let plain = 0, delegated = 0;
    for (const f of files) {
      const r = compare(documentsOf(readFileSync(f, "utf8")), f);
      plain += r.plain;
      delegated += r.delegated;
    }
    // Manifests rarely use anchors: if the walk delegated most documents, it would be no faster than toJS.
    assert.ok(plain > 20 * delegated, `walked ${plain} documents, delegated ${delegated} to toJS`);
  });

  const cases: { name: string; text: string; plain: boolean }[] = [
    { name: "mappings, sequences and core-schema scalars", text: "a: 1\nb: [x, 2.5, true, null, ~, 0x1F, 0o17, .inf, -.nan, 1e3]\nc: {d: 'q', e: \"w\"}\nf: |\n  block\ng: >-\n  folded\n", plain: true },
    { name: "non-string keys become strings as toJS writes them", text: "1: a\n1.0: b\ntrue: c\nnull: d\n~: e\n0x10: f\n12345678901234567890: g\n", plain: true },
    { name: "an empty key and empty values", text: ": v\nk:\nl: {a, b: }\nm: [a, , b]\n", plain: true },
    { name: "a duplicate key: the later value, at the first key's place", text: "a: 1\nb: 2\na: 3\n", plain: true },
    { name: "__proto__ and other Object.prototype names are own keys", text: "__proto__: {x: 1}\nconstructor: 2\ntoString: 3\nhasOwnProperty: 4\n", plain: true },
    { name: "quoted and unusual strings", text: "a: \"1\"\nb: 'true'\nc: \"\\u00e9\\t\"\nd: 2001-12-14\ne: 0755\n", plain: true },
    { name: "a broken document still gets toJS's value", text: "a: 1\n  b: 2\nc: [1, 2\n", plain: true },
    { name: "an unknown tag is ignored like toJS ignores it", text: "a: !custom {b: 1}\nc: !!str 12\n", plain: true },
    { name: "an anchor (toJS registers it)", text: "a: &x {b: 1}\nc: 2\n", plain: false },
    { name: "an alias", text: "a: &x {b: 1}\nc: *x\n", plain: false },
    { name: "an undefined alias (toJS throws)", text: "a: *nope\n", plain: false },
    { name: "an alias bomb (toJS throws at the budget)", text: "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n", plain: false },
    { name: "a << key", text: "<<: {a: 1}\nb: 2\n", plain: false },
    { name: "a YAML 1.1 merge", text: "%YAML 1.1\n---\nbase: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n", plain: false },
    { name: "YAML 1.1 scalars the 1.1 schema resolves to objects", text: "%YAML 1.1\n---\nwhen: 2001-12-14t21:59:43.10-05:00\n", plain: false },
    { name: "!!set", text: "s: !!set {a, b}\n", plain: false },
    { name: "!!omap", text: "o: !!omap [a: 1, b: 2]\n", plain: false },
    { name: "!!binary", text: "b: !!binary aGVsbG8=\n", plain: false },
    { name: "a collection as a key", text: "? [a, b]\n: 1\n", plain: false },
  ];
  for (const c of cases) {
    it(`${c.plain ? "walks" : "leaves to toJS"}: ${c.name}`, () => {
      // Parsed whole: the engine's split at `---` would leave a `%YAML 1.1` directive in a chunk of its own.
      const docs = parseAllDocuments(c.text, { prettyErrors: false }) as Document.Parsed[];
      const doc = docs[docs.length - 1];
      assert.equal(plainValue(doc) !== NOT_PLAIN, c.plain);
      compare(docs, c.name);
    });
  }

  it("equals toJS on mutated manifests (duplicate keys, tabs, stray anchors, tags, broken indentation)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEED_MANIFESTS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, ms) => {
        compare(documentsOf(ms.reduce(applyMutation, seed)), "mutated manifest");
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("equals toJS on generated values in block and flow style", () => {
    const key = fc.oneof(fc.constantFrom("a", "b", "__proto__", "<<", "1", "true", "", "constructor", "x y", "é"), fc.string({ maxLength: 6 }));
    const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom("0x1F", "1e3", "~", "yes", "2001-12-14", "-.inf"));
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, fc.array(tie("tree"), { maxLength: 4 }), fc.dictionary(key, tie("tree"), { maxKeys: 4 })),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 6 }), fc.boolean(), (value, flow) => {
        compare(documentsOf(stringify(value, { collectionStyle: flow ? "flow" : "block" })), "generated value");
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("collection keys", () => {
  it("are reported as a document Kubernetes rejects, without a process warning on stderr", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const { analyzeText } = await import("../engine.js");
      const findings = analyzeText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? [a, b]\n  : c\n  {x: 1}: y\n");
      assert.ok(findings.every((f) => f.rule === "yaml/syntax"), JSON.stringify(findings));
      assert.ok(findings.some((f) => /mapping key is itself a mapping or a list/.test(f.message)), JSON.stringify(findings));
      await new Promise((r) => setImmediate(r)); // process warnings are emitted on the next tick
      assert.deepEqual(warnings, []);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
