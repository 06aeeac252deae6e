// Tests for the workspace index's Helm values files (model/scope.ts): what a memo that reads one depends on.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KObject } from "./object.js";
import { WorkspaceIndex } from "./scope.js";

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
