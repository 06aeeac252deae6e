// Drives a standalone yaml-language-server over stdio, configured offline with our Kubernetes schema: the benchmark baseline.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";
import type { Diagnostic, TextDocumentContentChangeEvent } from "vscode-languageserver-protocol";

/** yaml-language-server 1.x waits this long after a change before validating (a constant, not a setting). */
export const YLS_VALIDATION_DELAY_MS = 200;

export interface YamlLanguageServerOptions {
  /** JSON schema file associated with every `*.yaml`/`*.yml`; default: schemas/generated/kubernetes.json. */
  schemaFile?: string;
  /** Node binary; default: this process's. yaml-language-server 2.x needs Node >= 22.13. */
  nodePath?: string;
  /** The server's bin script; default: the installed yaml-language-server (1.25.0, runs on Node 20). */
  serverBin?: string;
  /** Workspace folder sent in `initialize`; default: the current directory. */
  rootPath?: string;
  /** Preload blockNetwork.cjs into the server so that any connection attempt fails (default true). */
  blockNetwork?: boolean;
}

export interface PublishedDiagnostics {
  uri: string;
  diagnostics: Diagnostic[];
  /** performance.now() when the notification was read. */
  receivedAt: number;
}

export interface YamlLanguageServerClient {
  readonly pid: number;
  /** The server's name and version as it reported them in `initialize`. */
  readonly serverInfo: string;
  open(uri: string, text: string): Promise<void>;
  /** Sends one `didChange` (incremental ranges or a full text) and returns performance.now() when it was written. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number>;
  /**
   * Resolves with the next publishDiagnostics for `uri` that arrives after this call (and matches `accept`, when given).
   * Rejects after `timeoutMs` (default 60 s). The server sends no document version, so the caller matches on content.
   */
  waitForDiagnostics(uri: string, options?: { accept?: (d: Diagnostic[]) => boolean; timeoutMs?: number }): Promise<PublishedDiagnostics>;
  /** Connections or lookups the server attempted and blockNetwork.cjs refused (expected: none). */
  networkAttempts(): string[];
  /** VmRSS of the server process in bytes (Linux), for memory comparisons. */
  residentMemoryBytes(): number;
  shutdown(): Promise<void>;
}

const repositoryRoot = resolve(__dirname, "..", "..");

function defaultServerBin(): string {
  return join(dirname(require.resolve("yaml-language-server/package.json")), "bin", "yaml-language-server");
}

/** The settings a VS Code user would set for an offline Kubernetes setup: our schema, no schema store, no CRD store. */
export function offlineYamlSettings(schemaFile: string): Record<string, unknown> {
  return {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemas: { [pathToFileURL(schemaFile).toString()]: ["*.yaml", "*.yml"] },
      schemaStore: { enable: false, url: "" },
      kubernetesCRDStore: { enable: false },
      maxItemsComputed: 5000,
    },
    http: { proxy: "", proxyStrictSSL: false },
    "[yaml]": {},
    editor: {},
  };
}

export async function startYamlLanguageServer(options: YamlLanguageServerOptions = {}): Promise<YamlLanguageServerClient> {
  const schemaFile = resolve(options.schemaFile ?? join(repositoryRoot, "schemas", "generated", "kubernetes.json"));
  readFileSync(schemaFile); // fail early, with the path, when the schema was not built
  const settings = offlineYamlSettings(schemaFile);
  const preload = options.blockNetwork === false ? [] : ["--require", join(__dirname, "blockNetwork.cjs")];
  const child: ChildProcess = spawn(options.nodePath ?? process.execPath, [...preload, options.serverBin ?? defaultServerBin(), "--stdio"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  const attempts: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    for (const m of text.matchAll(/kubeready-blocked-network: (.*)/g)) attempts.push(m[1]);
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  const connection: ProtocolConnection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );

  type Waiter = { uri: string; accept?: (d: Diagnostic[]) => boolean; resolve: (p: PublishedDiagnostics) => void };
  let waiters: Waiter[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (params: { uri: string; diagnostics: Diagnostic[] }) => {
    const published = { uri: params.uri, diagnostics: params.diagnostics, receivedAt: performance.now() };
    const ready = waiters.filter((w) => w.uri === params.uri && (!w.accept || w.accept(params.diagnostics)));
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(published);
  });
  connection.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section ? settings[item.section] ?? null : null)),
  );
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.onNotification("telemetry/event", () => undefined);
  connection.listen();

  const rootPath = resolve(options.rootPath ?? process.cwd());
  const init = (await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(rootPath).toString(),
    workspaceFolders: [{ uri: pathToFileURL(rootPath).toString(), name: "bench" }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        publishDiagnostics: { relatedInformation: true },
        completion: { completionItem: { snippetSupport: true } },
      },
    },
  })) as { serverInfo?: { name?: string; version?: string } };
  await connection.sendNotification("initialized", {});
  await connection.sendNotification("workspace/didChangeConfiguration", { settings });

  const versions = new Map<string, number>();
  return {
    pid: child.pid ?? -1,
    serverInfo: `${init.serverInfo?.name ?? "yaml-language-server"} ${init.serverInfo?.version ?? process.env.YAML_LANGUAGE_SERVER_VERSION ?? ""}`.trim(),
    async open(uri, text) {
      versions.set(uri, 1);
      await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    },
    async change(uri, changes) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      const sentAt = performance.now();
      await connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
      return sentAt;
    },
    waitForDiagnostics(uri, { accept, timeoutMs = 60_000 } = {}) {
      return new Promise<PublishedDiagnostics>((resolvePublished, reject) => {
        const waiter: Waiter = { uri, accept, resolve: (p) => { clearTimeout(timer); resolvePublished(p); } };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${stderr}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    networkAttempts: () => [...attempts],
    residentMemoryBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+) kB/.exec(status);
      return kb ? Number(kb[1]) * 1024 : NaN;
    },
    async shutdown() {
      try {
        await Promise.race([connection.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification("exit");
      } catch { /* the server may already be gone */ }
      const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 2000))]);
      if (code === "timeout") child.kill("SIGKILL");
      connection.dispose();
    },
  };
}
