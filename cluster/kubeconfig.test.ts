// Kubeconfig loading, merging, context listing and switching, and the debounced kubeconfig watcher.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { renderKubeconfig, writeKubeconfig } from "../test/standin/kubeconfig.js";
import { kubeconfigPaths, listContexts, loadKubeconfig, useContext, watchKubeconfig, type KubeconfigLoad } from "./kubeconfig.js";

describe("kubeconfig", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "kubeready-kubeconfig-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const prod = { name: "prod", server: "https://10.0.0.1:6443", token: "t-prod", namespace: "shop" };
  const staging = { name: "staging", server: "https://10.0.0.2:6443", token: "t-staging" };

  it("loads an explicit file and lists its contexts with the current one marked", () => {
    const path = writeKubeconfig(join(dir, "two"), [prod, staging], "staging");
    const load = loadKubeconfig({ path });
    assert.ok(load.ok);
    assert.deepEqual(listContexts(load.kc), [
      { name: "prod", cluster: "prod", user: "prod-user", namespace: "shop", server: "https://10.0.0.1:6443", current: false },
      { name: "staging", cluster: "staging", user: "staging-user", server: "https://10.0.0.2:6443", current: true },
    ]);
  });

  it("switches context in memory without touching the file", () => {
    const path = writeKubeconfig(join(dir, "switch"), [prod, staging], "staging");
    const load = loadKubeconfig({ path });
    assert.ok(load.ok);
    const switched = useContext(load.kc, "prod");
    assert.equal(switched?.getCurrentContext(), "prod");
    assert.equal(switched?.getCurrentCluster()?.server, "https://10.0.0.1:6443");
    assert.equal(load.kc.getCurrentContext(), "staging");
    assert.equal(useContext(load.kc, "nope"), undefined);
    const again = loadKubeconfig({ path });
    assert.ok(again.ok && again.kc.getCurrentContext() === "staging");
  });

  it("honours --context and says so when the context does not exist", () => {
    const path = writeKubeconfig(join(dir, "ctx"), [prod, staging], "staging");
    const load = loadKubeconfig({ path, context: "prod" });
    assert.ok(load.ok && load.kc.getCurrentContext() === "prod");
    const missing = loadKubeconfig({ path, context: "dev" });
    assert.ok(!missing.ok);
    assert.match(missing.error.message, /no context named "dev"/);
  });

  it("merges every KUBECONFIG file, skipping missing ones, first current-context wins", () => {
    const a = writeKubeconfig(join(dir, "a"), [prod], "prod");
    const b = writeKubeconfig(join(dir, "b"), [staging], "staging");
    const env = { KUBECONFIG: [join(dir, "missing"), a, b].join(delimiter) };
    assert.deepEqual(kubeconfigPaths(undefined, env), [join(dir, "missing"), a, b]);
    const load = loadKubeconfig({ env });
    assert.ok(load.ok);
    assert.deepEqual(listContexts(load.kc).map((c) => [c.name, c.current]), [["prod", true], ["staging", false]]);
  });

  it("returns an error instead of throwing when there is no kubeconfig or it is broken", () => {
    const none = loadKubeconfig({ env: { KUBECONFIG: join(dir, "nothing-here") } });
    assert.ok(!none.ok);
    assert.match(none.error.message, /No kubeconfig found/);
    writeFileSync(join(dir, "broken"), "clusters: [ {");
    const broken = loadKubeconfig({ path: join(dir, "broken") });
    assert.ok(!broken.ok);
    assert.match(broken.error.message, /Cannot read kubeconfig/);
  });

  it("reports a change of current context once, after the file is replaced as kubectl does", { timeout: 10_000 }, async () => {
    const path = writeKubeconfig(join(dir, "watched"), [prod, staging], "prod");
    const changes: KubeconfigLoad[] = [];
    let notify: () => void = () => undefined;
    const watcher = watchKubeconfig((load) => {
      changes.push(load);
      notify();
    }, { path, debounceMs: 30 });
    try {
      const changed = new Promise<void>((resolve) => (notify = resolve));
      writeFileSync(join(dir, "watched.tmp"), renderKubeconfig([prod, staging], "staging"));
      renameSync(join(dir, "watched.tmp"), path);
      await changed;
      assert.equal(changes.length, 1);
      assert.ok(changes[0]!.ok && changes[0]!.kc.getCurrentContext() === "staging");
    } finally {
      watcher.close();
    }
  });
});
