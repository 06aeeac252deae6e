// While a file of 50,000 documents is analysed, the server still answers requests about other files (it yields between slices).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { startLspServer, type LspClient } from "./client.js";

const SERVER = join(import.meta.dirname, "..", "..", "dist", "server.js");
const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: c:1\n";

describe("a huge file does not stop the server", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build" }, () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-huge-"));
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers hover on another file before the huge file's analysis is published", async () => {
    const small = pathToFileURL(join(dir, "pod.yaml")).toString();
    const first = client.waitForDiagnostics(small, (p) => p.diagnostics.length > 0);
    client.open(small, POD);
    // The container has no securityContext: one grouped hardening finding (its data lists every rule).
    const finding = (await first).diagnostics.find((d) => d.code === "hardening/read-only-root-filesystem" || JSON.stringify(d.data ?? {}).includes("hardening/read-only-root-filesystem"));
    assert.ok(finding);

    const huge = pathToFileURL(join(dir, "huge.yaml")).toString();
    let text = "";
    for (let i = 0; i < 50_000; i++) text += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: v}\n`;
    let hugePublished = false;
    void client.waitForDiagnostics(huge, () => true, 120_000).then(() => { hugePublished = true; }, () => undefined);
    client.open(huge, text);
    // Let the server start on the huge file, then ask about the small one.
    await new Promise((r) => setTimeout(r, 500));
    const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: small }, position: finding.range.start })) as { contents: { value: string } } | null;
    assert.ok(hover && /allow-privilege-escalation|read-only-root-filesystem/.test(hover.contents.value), JSON.stringify(hover));
    assert.equal(hugePublished, false, "the hover was answered only after the whole huge file was analysed");
  });
});
