// watchKind against the stand-in: list then watch, resume after a dropped connection, re-list after 410 Gone, backoff, stop.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { type Standin, startStandin } from "../test/standin/server.js";
import type { KubeObject } from "../test/standin/store.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { findKind } from "./kinds.js";
import { backoffDelay, watchKind, type WatchEventType } from "./watch.js";
import type { LiveObject } from "./snapshot.js";
import type { ClusterError } from "./errors.js";

const podKind = findKind("Pod")!;

function pod(name: string, namespace = "shop"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app: name } },
    spec: { containers: [{ name: "main", image: "registry.example.com/x:1.0.0" }] },
    status: { phase: "Pending", qosClass: "BestEffort" },
  };
}

/** Collects watch callbacks and lets a test await the n-th event without sleeping. */
class Recorder {
  events: Array<{ type: WatchEventType; name: string }> = [];
  lists: LiveObject[][] = [];
  errors: Array<{ error: ClusterError; retryInMs: number }> = [];
  private waiters: Array<() => boolean> = [];
  record(): void {
    this.waiters = this.waiters.filter((check) => !check());
  }
  until(check: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const test = () => (check() ? (resolve(), true) : false);
      if (!test()) this.waiters.push(test);
    });
  }
}

function watchPods(standin: Standin, recorder: Recorder, extra: { initialBackoffMs?: number; maxBackoffMs?: number; namespace?: string } = {}) {
  const load = loadKubeconfig({ path: standin.kubeconfigPath });
  assert.ok(load.ok);
  return watchKind(load.kc, {
    kind: podKind,
    initialBackoffMs: 5,
    maxBackoffMs: 50,
    ...extra,
    onEvent(type, object) {
      recorder.events.push({ type, name: object.metadata.name });
      recorder.record();
    },
    onList(objects) {
      recorder.lists.push(objects);
      recorder.record();
    },
    onError(error, retryInMs) {
      recorder.errors.push({ error, retryInMs });
      recorder.record();
    },
  });
}

describe("watchKind", () => {
  let standin: Standin;
  before(async () => (standin = await startStandin({ objects: loadDemoCluster() })));
  after(() => standin.close());

  it("lists first, then delivers changes from the list's resourceVersion", { timeout: 10_000 }, async () => {
    const recorder = new Recorder();
    const watch = watchPods(standin, recorder);
    try {
      await recorder.until(() => recorder.lists.length === 1);
      assert.equal(recorder.lists[0]!.length, standin.store.all(standin.store.installed.find((r) => r.plural === "pods")!).length);
      assert.ok(recorder.lists[0]!.every((o) => o.kind === "Pod" && o.apiVersion === "v1"));
      await standin.waitForWatches(1);
      standin.inject({ type: "ADDED", object: pod("checkout-1") });
      await recorder.until(() => recorder.events.length === 1);
      assert.deepEqual(recorder.events, [{ type: "ADDED", name: "checkout-1" }]);
    } finally {
      watch.stop();
      await watch.done;
    }
  });

  it("resumes a dropped watch from the last resourceVersion and delivers what happened meanwhile, once", { timeout: 10_000 }, async () => {
    const recorder = new Recorder();
    const watch = watchPods(standin, recorder);
    try {
      await recorder.until(() => recorder.lists.length === 1);
      await standin.waitForWatches(1);
      standin.inject({ type: "ADDED", object: pod("before-drop") });
      await recorder.until(() => recorder.events.length === 1);
      standin.requests.length = 0;
      assert.equal(standin.dropWatches(), 1);
      // Changes while the client is disconnected must arrive after the resume.
      standin.inject({ type: "MODIFIED", object: pod("before-drop") });
      standin.inject({ type: "DELETED", object: pod("before-drop") });
      await recorder.until(() => recorder.events.length === 3);
      await standin.waitForWatches(1);
      standin.inject({ type: "ADDED", object: pod("after-drop") });
      await recorder.until(() => recorder.events.length === 4);
      assert.deepEqual(recorder.events.map((e) => `${e.type} ${e.name}`), [
        "ADDED before-drop",
        "MODIFIED before-drop",
        "DELETED before-drop",
        "ADDED after-drop",
      ]);
      assert.equal(recorder.lists.length, 1, "a resume does not re-list");
      const resumed = standin.requests.filter((r) => r.watch);
      assert.ok(resumed.length >= 1);
      assert.ok(resumed.every((r) => Number(r.query.get("resourceVersion")) > 0));
    } finally {
      watch.stop();
      await watch.done;
    }
  });

  it("re-lists when the resourceVersion it resumes from is gone (410)", { timeout: 10_000 }, async () => {
    const recorder = new Recorder();
    const watch = watchPods(standin, recorder, { namespace: "legacy" });
    try {
      await recorder.until(() => recorder.lists.length === 1);
      await standin.waitForWatches(1);
      const before = recorder.lists[0]!.length;
      standin.dropWatches();
      standin.inject({ type: "ADDED", object: pod("while-compacted", "legacy") });
      standin.store.compact();
      await recorder.until(() => recorder.lists.length === 2);
      assert.equal(recorder.lists[1]!.length, before + 1);
      assert.ok(recorder.lists[1]!.some((o) => o.metadata.name === "while-compacted"));
    } finally {
      watch.stop();
      await watch.done;
    }
  });

  it("stop() ends the watch and closes its connection", { timeout: 10_000 }, async () => {
    const recorder = new Recorder();
    const watch = watchPods(standin, recorder);
    await standin.waitForWatches(1);
    watch.stop();
    await watch.done;
    await new Promise<void>((resolve) => {
      const check = () => (standin.openWatches() === 0 ? resolve() : setImmediate(check));
      check();
    });
    assert.equal(standin.openWatches(), 0);
  });
});

describe("watchKind when the API server is unreachable", () => {
  it("keeps retrying with exponential backoff capped at the maximum", { timeout: 10_000 }, async () => {
    const standin = await startStandin({});
    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    await standin.close();
    assert.ok(load.ok);
    const recorder = new Recorder();
    const watch = watchKind(load.kc, {
      kind: podKind,
      initialBackoffMs: 1,
      maxBackoffMs: 8,
      onEvent() {},
      onError(error, retryInMs) {
        recorder.errors.push({ error, retryInMs });
        recorder.record();
      },
    });
    await recorder.until(() => recorder.errors.length >= 6);
    watch.stop();
    await watch.done;
    assert.deepEqual(recorder.errors.slice(0, 6).map((e) => e.retryInMs), [1, 2, 4, 8, 8, 8]);
    assert.ok(recorder.errors.every((e) => e.error.code === "unreachable"));
  });

  it("computes delays as initial * 2^attempt, capped", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, 500, 5_000)), [500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });
});
