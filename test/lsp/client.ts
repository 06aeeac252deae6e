// A minimal LSP client over stdio for tests and benchmarks: spawns a server, sends requests, collects diagnostics.
import { spawn, type ChildProcess } from "node:child_process";
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type Diagnostic, type PublishDiagnosticsParams, type InitializeParams,
} from "vscode-languageserver-protocol/node";

export interface LspClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Latest published diagnostics per uri. */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Resolves with the next publication for `uri` matching the predicate (default: any). */
  waitForDiagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): void;
  close(uri: string): void;
  shutdown(): Promise<void>;
  stderr(): string;
}

export interface StartOptions {
  command: string;
  args: string[];
  rootUri?: string | null;
  initializationOptions?: unknown;
  /** Capabilities beyond the defaults (push diagnostics, workspace configuration off). */
  capabilities?: InitializeParams["capabilities"];
  settings?: unknown;
  cwd?: string;
}

export async function startLspServer(opts: StartOptions): Promise<LspClient> {
  const child = spawn(opts.command, opts.args, { stdio: ["pipe", "pipe", "pipe"], cwd: opts.cwd });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err += d.toString(); if (err.length > 100_000) err = err.slice(-50_000); });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && w.pred(p)) { waiters.splice(i, 1); w.resolve(p); }
    }
  });
  connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => opts.settings ?? null));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onRequest("workspace/diagnostic/refresh", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: opts.rootUri ?? null,
    workspaceFolders: opts.rootUri ? [{ uri: opts.rootUri, name: "root" }] : null,
    capabilities: opts.capabilities ?? { workspace: { configuration: opts.settings !== undefined } },
    initializationOptions: opts.initializationOptions,
  } as InitializeParams);
  connection.sendNotification("initialized", {});
  return {
    connection, process: child, diagnostics,
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        // unref: a wait nobody awaits any more (the test is over) must not keep the test process alive until it times out.
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)), timeoutMs);
        timer.unref();
        waiters.push({ uri, pred: predicate, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
    open(uri, text, version = 1) {
      connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
    },
    change(uri, version, changes) {
      connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
    },
    close(uri) {
      connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    },
    async shutdown() {
      try {
        await Promise.race([connection.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
        connection.sendNotification("exit");
      } catch { /* already gone */ }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => { child.kill("SIGKILL"); resolve(); }, 3000);
        child.once("exit", () => { clearTimeout(t); resolve(); });
      });
      connection.dispose();
    },
    stderr: () => err,
  };
}

export type { Diagnostic };
