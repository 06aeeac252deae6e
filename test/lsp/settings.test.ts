// Per-document configuration through the LSP: .kubeready.yaml at the workspace root, overridden by kubeready.* settings.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { startLspServer, type LspClient } from "./client.js";

const SERVER = join(import.meta.dirname, "..", "..", "dist", "server.js");
const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      securityContext: {readOnlyRootFilesystem: true}\n";

describe("configuration", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build" }, () => {
  const clients: LspClient[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function codesFor(config: string | undefined, settings: unknown): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-settings-"));
    dirs.push(dir);
    if (config !== undefined) writeFileSync(join(dir, ".kubeready.yaml"), config);
    const client = await startLspServer({
      command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(),
      settings, capabilities: { workspace: { configuration: true } }, initializationOptions: { debounceMs: 0 },
    });
    clients.push(client);
    const uri = pathToFileURL(join(dir, "pod.yaml")).toString();
    const wait = client.waitForDiagnostics(uri);
    client.open(uri, POD);
    // A grouped diagnostic stands for several rules: its code and data.rules.
    return (await wait).diagnostics.flatMap((d) => [String(d.code), ...((d.data as { rules?: string[] } | undefined)?.rules ?? [])]);
  }

  it("defaults to restricted", async () => {
    const codes = await codesFor(undefined, null);
    assert.ok(codes.includes("pss/run-as-non-root"), codes.join(", "));
  });

  it(".kubeready.yaml sets the level and turns rules off", async () => {
    const codes = await codesFor("pss:\n  level: baseline\nrules:\n  operations/image-not-pinned: off\n", null);
    assert.ok(!codes.some((c) => c.startsWith("pss/")), codes.join(", "));
    assert.ok(!codes.includes("operations/image-not-pinned"), codes.join(", "));
  });

  it("editor settings override the file", async () => {
    const codes = await codesFor("pss:\n  level: baseline\n", { pss: { level: "restricted", version: null } });
    assert.ok(codes.includes("pss/run-as-non-root"), codes.join(", "));
  });

  it("kubeready.enable: false silences the file", async () => {
    const codes = await codesFor(undefined, { enable: false });
    assert.deepEqual(codes, []);
  });
});
