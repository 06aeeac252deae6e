// Tests for the workspace index (model/scope.ts): a removed file's objects are let go at once, even under keys nobody
// reads again (issue 14.3); what a memo that reads a Helm values file depends on (issue 20.2).
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import { parseFile } from "../engine.js";
import type { KObject } from "./object.js";
import { BULK_OBJECTS, WorkspaceIndex } from "./scope.js";

test("a closed file's objects are not held by the index's lists of keys nobody reads again", () => {
  const index = new WorkspaceIndex();
  const big = parseFile("file:///big.yaml", Array.from({ length: 50 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join(""));
  const small = parseFile("file:///small.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep}\n");
  index.setFile(big.uri, big.objects);
  index.setFile(small.uri, small.objects);
  // Reading one name builds the lists of every key.
  assert.equal(index.find("ConfigMap", "default", "c7")?.name, "c7");
  index.removeFile(big.uri);
  const held = [...((index as unknown as { cache: { byKey?: Map<string, unknown[]> } }).cache.byKey ?? new Map()).values()].flat();
  assert.ok(!held.some((o) => big.objects.includes(o as never)), "the removed file's objects are still in the index's lists");
  assert.equal(index.find("ConfigMap", "default", "c7"), undefined);
  assert.equal(index.find("ConfigMap", "default", "keep")?.name, "keep");
  assert.deepEqual(index.ofKind("ConfigMap").map((o) => o.name), ["keep"]);
});

describe("WorkspaceIndex Helm values files", () => {
  const values = (id: number) => ({ uri: "file:///w/values.yaml", kind: "HelmValues", value: { cluster: { id } } }) as unknown as KObject;
  it("a memo that read a values file is recomputed when the file changes, and not when other files do", () => {
    const ix = new WorkspaceIndex();
    ix.setValuesFile("file:///w/values.yaml", values(1));
    let runs = 0;
    const id = () => ix.derived("test.values", (i) => { runs++; return (i.valuesFile?.("file:///w/values.yaml")?.value.cluster as { id: number } | undefined)?.id; });
    assert.equal(id(), 1);
    ix.setFile("file:///w/other.yaml", [{ uri: "file:///w/other.yaml", kind: "ConfigMap", namespace: "a", name: "x" } as unknown as KObject]);
    assert.equal(id(), 1);
    assert.equal(runs, 1, "an unrelated file does not invalidate it");
    ix.setValuesFile("file:///w/values.yaml", () => values(2));
    assert.equal(id(), 2);
    ix.removeFile("file:///w/values.yaml");
    assert.equal(id(), undefined);
    assert.equal(runs, 3);
  });
});

describe("WorkspaceIndex bulk changes (a file of more than BULK_OBJECTS objects)", () => {
  const manyText = (n: number, prefix = "c") => Array.from({ length: n }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${prefix}${i}, namespace: ${i % 2 ? "a" : "b"}}\n`).join("");
  const big = parseFile("file:///w/big.yaml", manyText(BULK_OBJECTS + 10));
  const small = parseFile("file:///w/small.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c3, namespace: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: a}\n");

  /** Every answer the rules can ask for, as names. */
  const answers = (ix: WorkspaceIndex) => ({
    kind: ix.ofKind("ConfigMap").map((o) => o.name),
    ns: ix.inNamespace("ConfigMap", "a").map((o) => o.name),
    all: ix.inNamespaceAll("a").map((o) => o.name),
    named: ix.named("ConfigMap", "a", "c3").map((o) => o.uri),
    secret: ix.find("Secret", "a", "s")?.name,
    folder: ix.holdsObjects("file:///w/"),
    namespaces: ix.namespaces(),
  });

  it("answers as a one-shot index built from the same files, after opening and after closing it", () => {
    const ix = new WorkspaceIndex();
    ix.setFile(small.uri, small.objects);
    answers(ix); // lists and folder counts built before the bulk change
    ix.setFile(big.uri, big.objects);
    const reference = new WorkspaceIndex(false);
    reference.setFile(small.uri, small.objects);
    reference.setFile(big.uri, big.objects);
    assert.deepEqual(answers(ix), answers(reference));
    assert.deepEqual(answers(ix).named, ["file:///w/small.yaml", "file:///w/big.yaml"]);
    ix.removeFile(big.uri);
    const alone = new WorkspaceIndex(false);
    alone.setFile(small.uri, small.objects);
    assert.deepEqual(answers(ix), answers(alone));
    // Small changes after a bulk one still update the lists.
    const edited = parseFile(small.uri, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c4, namespace: a}\n");
    ix.setFile(small.uri, edited.objects);
    assert.deepEqual(ix.inNamespace("ConfigMap", "a").map((o) => o.name), ["c4"]);
    assert.equal(ix.find("ConfigMap", "a", "c3"), undefined);
  });

  it("invalidates what read a name of the file, and keeps what read another kind", () => {
    const ix = new WorkspaceIndex();
    ix.setFile(small.uri, small.objects);
    const byName = ix.track(() => ix.named("ConfigMap", "a", "c5").length);
    const secrets = ix.track(() => ix.ofKind("Secret").length);
    assert.equal(byName.value, 0);
    ix.setFile(big.uri, big.objects);
    assert.equal(ix.isCurrent(byName.deps), false, "a bulk change of ConfigMaps in a must invalidate a read of one of their names");
    assert.equal(ix.isCurrent(secrets.deps), true);
    assert.equal(ix.named("ConfigMap", "a", "c5").length, 1);
    const again = ix.track(() => ix.named("ConfigMap", "a", "c5").length);
    ix.removeFile(big.uri);
    assert.equal(ix.isCurrent(again.deps), false);
  });

  it("prepareInSteps pauses and gives the same lists as building them on first read", () => {
    const ix = new WorkspaceIndex();
    const steps = ix.prepareInSteps(big.objects, 100);
    let pauses = 0;
    while (!steps.next().done) pauses++;
    assert.ok(pauses >= Math.floor(big.objects.length / 100) - 1, `${pauses} pauses`);
    ix.setFile(big.uri, big.objects);
    const reference = new WorkspaceIndex();
    reference.setFile(big.uri, big.objects);
    assert.deepEqual(answers(ix), answers(reference));
  });

  it("holds none of a closed file's objects in its lists", () => {
    const ix = new WorkspaceIndex();
    ix.setFile(small.uri, small.objects);
    ix.setFile(big.uri, big.objects);
    answers(ix);
    ix.removeFile(big.uri);
    answers(ix);
    const held = [...((ix as unknown as { cache: { byKey?: Map<string, unknown[]> } }).cache.byKey ?? new Map()).values()].flat();
    const objects = new Set<unknown>(big.objects);
    assert.ok(!held.some((o) => objects.has(o)), "the removed file's objects are still in the index's lists");
  });
});
