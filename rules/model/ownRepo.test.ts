// pathInOwnRepository reads only whether candidate folders hold objects: edits elsewhere leave it current, and a
// folder gaining its first object or losing its last changes it (WorkspaceIndex.holdsObjects).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFile } from "../engine.js";
import { pathInOwnRepository } from "./ownRepo.js";
import { WorkspaceIndex } from "./scope.js";

const APP = "file:///repo/argocd/apps.yaml";
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: infra}\ndata: {}\n`;
const objects = (uri: string, text: string) => parseFile(uri, text).objects;

describe("pathInOwnRepository on an incremental index", () => {
  it("depends on the candidate folders only", () => {
    const index = new WorkspaceIndex();
    index.setFile(APP, objects(APP, "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd}\nspec: {}\n"));
    index.setFile("file:///repo/apps/infra/cm.yaml", objects("file:///repo/apps/infra/cm.yaml", cm("one")));
    index.setFile("file:///repo/other/cm.yaml", objects("file:///repo/other/cm.yaml", cm("other")));
    const first = index.track(() => pathInOwnRepository(index, APP, "apps/infra"));
    assert.equal(first.value, true);
    assert.equal(index.track(() => pathInOwnRepository(index, APP, "./apps/missing/")).value, false);

    // Typing in another file, or in the folder's own file while it keeps an object: nothing it read changed.
    index.setFile("file:///repo/other/cm.yaml", objects("file:///repo/other/cm.yaml", cm("renamed")));
    assert.ok(index.isCurrent(first.deps), "an edit elsewhere must not invalidate the answer");
    index.setFile("file:///repo/apps/infra/cm.yaml", objects("file:///repo/apps/infra/cm.yaml", `${cm("one")}---\n${cm("two")}`));
    index.setFile("file:///repo/apps/infra/cm.yaml", objects("file:///repo/apps/infra/cm.yaml", `${cm("two")}---\n${cm("one")}`));
    assert.ok(index.isCurrent(first.deps), "the folder still holds objects");
    assert.equal(pathInOwnRepository(index, APP, "apps/infra"), true);

    // The folder's last object goes: the answer flips, and what read it is stale.
    index.setFile("file:///repo/apps/infra/cm.yaml", []);
    assert.equal(index.isCurrent(first.deps), false);
    const second = index.track(() => pathInOwnRepository(index, APP, "apps/infra"));
    assert.equal(second.value, false);
    index.setFile("file:///repo/apps/infra/nested/cm.yaml", objects("file:///repo/apps/infra/nested/cm.yaml", cm("deep")));
    assert.equal(index.isCurrent(second.deps), false);
    assert.equal(pathInOwnRepository(index, APP, "apps/infra"), true);
    index.removeFile("file:///repo/apps/infra/nested/cm.yaml");
    assert.equal(pathInOwnRepository(index, APP, "apps/infra"), false);
  });

  it("gives the same answers on a one-shot index", () => {
    const index = new WorkspaceIndex(false);
    index.setFile("file:///repo/apps/infra/cm.yaml", objects("file:///repo/apps/infra/cm.yaml", cm("one")));
    assert.equal(pathInOwnRepository(index, APP, "apps/infra"), true);
    assert.equal(pathInOwnRepository(index, APP, "apps"), true);
    assert.equal(pathInOwnRepository(index, APP, "apps/inf"), false);
    index.setFile("file:///repo/apps/infra/cm.yaml", []);
    assert.equal(pathInOwnRepository(index, APP, "apps/infra"), false);
  });
});
