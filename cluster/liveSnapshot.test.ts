// LiveSnapshot against the stand-in: a change in the cluster reaches the snapshot through the watches, debounced.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { startStandin } from "../test/standin/server.js";
import type { KubeObject } from "../test/standin/store.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { applyWatchEvent, LiveSnapshot } from "./liveSnapshot.js";
import { type ClusterSnapshot, fetchSnapshot, type LiveObject } from "./snapshot.js";

describe("applyWatchEvent", () => {
  const pod = (rv: string): LiveObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", resourceVersion: rv } });
  it("adds, replaces on a new resourceVersion, ignores repeats, deletes", () => {
    const objects = new Map<string, LiveObject>();
    assert.equal(applyWatchEvent(objects, "ADDED", pod("1")), true);
    assert.equal(applyWatchEvent(objects, "ADDED", pod("1")), false);
    assert.equal(applyWatchEvent(objects, "MODIFIED", pod("2")), true);
    assert.equal(objects.get("ns/p")?.metadata.resourceVersion, "2");
    assert.equal(applyWatchEvent(objects, "DELETED", pod("3")), true);
    assert.equal(objects.size, 0);
  });
});

describe("LiveSnapshot", () => {
  it("reports a PDB that stops allowing disruptions, once, after the debounce", { timeout: 10_000 }, async () => {
    const demo = loadDemoCluster();
    const standin = await startStandin({ objects: demo });
    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    assert.ok(load.ok);
    const base = await fetchSnapshot(load.kc);
    const changes: ClusterSnapshot[] = [];
    let notify: () => void = () => undefined;
    const live = new LiveSnapshot(load.kc, base, { debounceMs: 200, onChange: (s) => (changes.push(s), notify()) });
    try {
      live.start();
      await standin.waitForWatches(Object.keys(base.resourceVersions).length);
      const pdb = demo.find((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "frontend") as KubeObject;
      const changed = new Promise<void>((resolve) => (notify = resolve));
      standin.inject({ type: "MODIFIED", object: { ...pdb, status: { ...(pdb.status as object), disruptionsAllowed: 0, currentHealthy: 2 } } });
      standin.inject({ type: "DELETED", object: demo.find((o) => o.kind === "Pod" && o.metadata.name === "cart-redis-0") as KubeObject });
      await changed;
      assert.equal(changes.length, 1, "two events, one debounced change");
      const after = changes[0]!;
      const frontend = after.objects.find((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "frontend")!;
      assert.equal((frontend.status as { disruptionsAllowed: number }).disruptionsAllowed, 0);
      assert.equal(after.objects.some((o) => o.metadata.name === "cart-redis-0"), false);
      assert.equal(after.objects.length, base.objects.length - 1);
    } finally {
      await live.stop();
      await standin.close();
    }
  });
});
