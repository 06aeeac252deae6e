// Round trip through the standalone yaml-language-server driver: our offline schema is applied, changes are seen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureKubernetesSchema } from "../../server/schema/ensureKubernetesSchema.js";
import { startYamlLanguageServer } from "./yamlLanguageServer.js";

test("the network guard preloaded into the server refuses connections and reports them", { timeout: 30_000 }, async () => {
  const { spawnSync } = await import("node:child_process");
  const { join } = await import("node:path");
  const run = spawnSync(process.execPath, ["--require", join(__dirname, "blockNetwork.cjs"), "-e", "require('node:net').connect(443, 'example.invalid').on('error', () => {})"], { encoding: "utf8" });
  assert.match(run.stderr, /kubeready-blocked-network: connect/);
});

test("yaml-language-server validates with our schema and re-validates after an incremental change", { timeout: 60_000 }, async () => {
  ensureKubernetesSchema();
  const server = await startYamlLanguageServer();
  try {
    const uri = "file:///tmp/kubeready-yls-test/pod.yaml";
    const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: b, bogus: 1}\n";
    const first = server.waitForDiagnostics(uri);
    await server.open(uri, text);
    assert.deepEqual((await first).diagnostics.map((d) => d.message), ["Property bogus is not allowed."]);

    const fixed = server.waitForDiagnostics(uri, { accept: (d) => d.length === 0 });
    const at = text.indexOf(", bogus: 1");
    const line = 5;
    const character = at - text.lastIndexOf("\n", at) - 1;
    await server.change(uri, [{ range: { start: { line, character }, end: { line, character: character + ", bogus: 1".length } }, text: "" }]);
    assert.deepEqual((await fixed).diagnostics, []);
    assert.ok(server.residentMemoryBytes() > 0);
    assert.deepEqual(server.networkAttempts(), []);
  } finally {
    await server.shutdown();
  }
});
