// WorkspaceIndex: a removed file's objects are let go at once, even under keys nobody reads again (issue 14.3).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseFile } from "../engine.js";
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
