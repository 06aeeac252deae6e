// The editor's rendered view: overlays rendered in the background after start and save; edits show the in-process view.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { fixtureCopy, skipWithout, toolEnv } from "../../render/testkit.js";
import { startLspServer, type Diagnostic, type LspClient } from "./client.js";

const SERVER = join(import.meta.dirname, "..", "..", "dist", "server.js");
const skip = !existsSync(SERVER) ? "dist/server.js missing: run npm run build" : skipWithout("kustomize");
if (skip) console.log(`# editor render test skipped: ${skip}`);

describe("language server: rendered overlays", { skip }, () => {
  let dir: string;
  let client: LspClient;
  const status: string[][] = [];
  before(async () => {
    dir = fixtureCopy("kustomize");
    process.env.PATH = toolEnv().PATH;
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
    client.connection.onNotification("kubeready/renderStatus", (p: { lines: string[] }) => { status.push(p.lines); });
  });
  after(async () => { await client?.shutdown(); });

  const rofs = (d: Diagnostic[]) => d.find((x) => x.code === "hardening/read-only-root-filesystem");

  it("shows the base's finding for the overlays it affects, then the in-process view while edited, then the rendered one after save", async () => {
    const file = join(dir, "base/deployment.yaml");
    const uri = pathToFileURL(file).toString();
    const text = readFileSync(file, "utf8");
    const rendered = client.waitForDiagnostics(uri, (p) => /\(in overlays\/staging\)/.test(String(rofs(p.diagnostics)?.message ?? "")), 60_000);
    client.open(uri, text);
    const first = await rendered;
    assert.equal(rofs(first.diagnostics)!.range.start.line, text.split("\n").findIndex((l) => l.includes("securityContext:")));
    assert.ok(status.flat().some((l) => /overlays\/prod: (kustomize|kubectl) v[\d.]+, \d+ objects/.test(l)), JSON.stringify(status));

    // Typing: the rendered result is stale, the in-process view stands (no overlay names), never a render per keystroke.
    const edited = `# edited\n${text}`;
    const inProcess = client.waitForDiagnostics(uri, (p) => p.version === 2);
    client.change(uri, 2, [{ text: edited }]);
    const during = await inProcess;
    assert.ok(rofs(during.diagnostics));
    assert.doesNotMatch(String(rofs(during.diagnostics)!.message), /\(in overlays/);

    // Saved: rendered again, on the shifted line.
    writeFileSync(file, edited);
    const again = client.waitForDiagnostics(uri, (p) => /\(in overlays\/staging\)/.test(String(rofs(p.diagnostics)?.message ?? "")), 60_000);
    client.connection.sendNotification("textDocument/didSave", { textDocument: { uri } });
    const after = await again;
    assert.equal(rofs(after.diagnostics)!.range.start.line, rofs(first.diagnostics)!.range.start.line + 1);
  });
});
