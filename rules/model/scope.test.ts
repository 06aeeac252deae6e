// Tests for the workspace index (model/scope.ts): a removed file's objects are let go at once, even under keys nobody
// reads again (issue 14.3); what a memo that reads a Helm values file depends on (issue 20.2).
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import { parseFile } from "../engine.js";
import type { KObject } from "./object.js";
import { WorkspaceIndex } from "./scope.js";

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
