// `kubeready-language-server --stdio` driven the way Neovim, Helix, Zed, Emacs or JetBrains do: a process started from
// the package's bin, plain JSON-RPC with Content-Length framing (no vscode library on this side), minimal client
// capabilities, no workspace configuration support.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "kubeready-language-server.js");
const BUILT = existsSync(join(ROOT, "dist", "server.js"));

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata:
  name: priv
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      securityContext:
        privileged: true
`;

interface Message { id?: number; method?: string; params?: any; result?: any; error?: any }

class RawClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, (m: Message) => void>();
  readonly notifications: Message[] = [];
  private listeners: ((m: Message) => void)[] = [];
  constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      for (;;) {
        const head = this.buffer.indexOf("\r\n\r\n");
        if (head < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, head).toString())?.[1]);
        if (this.buffer.length < head + 4 + length) return;
        const msg = JSON.parse(this.buffer.subarray(head + 4, head + 4 + length).toString("utf8")) as Message;
        this.buffer = this.buffer.subarray(head + 4 + length);
        this.dispatch(msg);
      }
    });
  }
  private dispatch(msg: Message): void {
    if (msg.id !== undefined && msg.method === undefined) { this.pending.get(msg.id)?.(msg); this.pending.delete(msg.id); return; }
    // A request from the server (workspace/configuration, client/registerCapability...): answer as a plain editor does.
    if (msg.id !== undefined && msg.method) { this.send({ id: msg.id, result: msg.method === "workspace/configuration" ? (msg.params.items as unknown[]).map(() => null) : null }); return; }
    this.notifications.push(msg);
    for (const l of this.listeners) l(msg);
  }
  send(msg: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...msg }), "utf8");
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }
  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => { this.pending.set(id, resolve); this.send({ id, method, params }); });
  }
  notify(method: string, params: unknown): void { this.send({ method, params }); }
  waitFor(pred: (m: Message) => boolean, timeoutMs = 60_000): Promise<Message> {
    const found = this.notifications.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("timed out waiting for a notification")), timeoutMs);
      this.listeners.push((m) => { if (pred(m)) { clearTimeout(t); resolve(m); } });
    });
  }
}

describe("kubeready-language-server as an external client sees it", { skip: !BUILT && "dist/server.js missing: run npm run build" }, () => {
  let dir: string;
  let client: RawClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-standalone-"));
    // No transport argument: --stdio is the default.
    client = new RawClient(spawn(process.execPath, [BIN], { stdio: ["pipe", "pipe", "pipe"], cwd: dir }));
  });
  after(() => {
    client?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("initializes with minimal capabilities and publishes diagnostics with offline rule links", async () => {
    const init = await client.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, clientInfo: { name: "raw-test-client" } });
    assert.equal(init.error, undefined);
    assert.ok(init.result.capabilities.hoverProvider, "hover");
    assert.ok(init.result.capabilities.codeActionProvider, "code actions");
    client.notify("initialized", {});
    const uri = pathToFileURL(join(dir, "pod.yaml")).href;
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: PRIVILEGED } });
    const published = await client.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.diagnostics.length > 0);
    const priv = published.params.diagnostics.find((d: { code: string }) => d.code === "pss/privileged");
    assert.ok(priv, JSON.stringify(published.params.diagnostics.map((d: { code: string }) => d.code)));
    assert.equal(priv.range.start.line, 9);
    // The rule link opens the page shipped with the server (docs/rules/), not a web page.
    const href = String(priv.codeDescription.href);
    assert.match(href, /^file:.*\/docs\/rules\/pss-privileged\.md$/);
    assert.ok(existsSync(fileURLToPath(href)), href);

    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: { line: 9, character: 20 } });
    assert.match(hover.result.contents.value, /pss\/privileged/);
    assert.match(hover.result.contents.value, /\(file:[^)]*pss-privileged\.md\)/);

    const actions = await client.request("textDocument/codeAction", { textDocument: { uri }, range: priv.range, context: { diagnostics: [priv] } });
    assert.ok((actions.result as { title: string }[]).some((a) => /Remove privileged: true/.test(a.title)));

    const down = await client.request("shutdown", null);
    assert.equal(down.error, undefined);
    const exited = new Promise<number | null>((resolve) => client.child.on("exit", (code) => resolve(code)));
    client.notify("exit", null);
    assert.equal(await exited, 0);
  });
});
