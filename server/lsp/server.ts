// The kubeready language server: incremental sync, pull or push diagnostics, quick fixes, fix-all, workspace index.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  CodeActionKind, DidChangeConfigurationNotification, DocumentDiagnosticReportKind, FileChangeType, TextDocumentSyncKind,
  TextDocuments, type CodeAction, type Connection, type Diagnostic, type InitializeParams, type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Fix } from "../../rules/api.js";
import type { Finding } from "../../rules/engine.js";
import { DocumentCache, MAX_FILE_BYTES } from "../../rules/model/document.js";
import { fixAll, minimalEdit } from "../../rules/fixall.js";
import { RULES_BY_ID, unknownRuleSettings } from "../../rules/index.js";
import { settingsFromSection } from "../settings.js";
import { ConfigResolver, type EditorSettings, type ResolvedSettings } from "./config.js";
import { FIX_ALL_KIND, SOURCE, toCodeAction, toDiagnostic, type DiagnosticData } from "./convert.js";
import { provideCompletions } from "./completion.js";
import { hoverFor } from "./hover.js";
import { orderQuickFixes } from "./codeActionOrder.js";
import { ignoringStaleChanges } from "./staleChanges.js";
import { checkInSlices, hasManyDocuments, Pacer, SLICED_FROM_DOCUMENTS } from "./slices.js";
import { SchemaLayer } from "./schema.js";
import { MemoryRelease } from "./memory.js";
import { RenderService } from "../../render/service.js";
import { keptOnRenderedFile } from "../../render/index.js";
import { pathToFileURL } from "node:url";
import { globToRegExp, isKustomizationUri, isYamlUri, uriToPath, Workspace } from "./workspace.js";

interface Analysis { version: number; indexVersion: number; renderVersion: number; config: unknown; findings: Finding[]; byKey: Map<string, Finding>; diagnostics: Diagnostic[] }

/** An analysis cheaper than this runs as soon as the change arrives (see `schedule`). */
const CHEAP_ANALYSIS_MS = 10;

export interface ServerOptions { debounceMs?: number; crossFileDebounceMs?: number; schema?: SchemaLayer; render?: boolean; memory?: MemoryRelease }

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const ws = new Workspace();
  const configs = new ConfigResolver();
  const analyses = new Map<string, Analysis>();
  const settingsCache = new Map<string, Promise<EditorSettings | null>>();
  const timers = new Map<string, { cancel(): void }>();
  let pull = false;
  let configurationSupport = false;
  /** The client applies snippet edits (LSP 3.18): placeholder fixes become snippets with tab stops. */
  let snippetEdits = false;
  let folders: string[] = [];
  let redHatYaml = false;
  let debounceMs = options.debounceMs ?? 15;
  /** How long the last analysis of each document took: a cheap one runs at once, an expensive one waits `debounceMs`. */
  const costs = new Map<string, number>();
  let configLoaded!: () => void;
  const configReady = new Promise<void>((resolve) => { configLoaded = resolve; });
  const crossFileDebounceMs = options.crossFileDebounceMs ?? 200;
  let crossFileTimer: NodeJS.Timeout | undefined;
  const schema = options.schema ?? SchemaLayer.forBundle((m) => connection.console.warn(m));
  const memory = options.memory ?? new MemoryRelease();
  // Charts and overlays rendered by the real tools after a save (render/service.ts); never per keystroke.
  let renderEnabled = options.render !== false;
  let renderConfig = configs.base;
  const render = new RenderService({
    folders: () => folders, config: () => renderConfig,
    onDone: (_run, lines) => {
      for (const l of lines) connection.console.info(`kubeready: render: ${l}`);
      void connection.sendNotification("kubeready/renderStatus", { lines });
      refreshAll();
    },
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pull = !!params.capabilities.textDocument?.diagnostic;
    configurationSupport = !!params.capabilities.workspace?.configuration;
    snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    const init = (params.initializationOptions ?? {}) as { redHatYaml?: boolean; debounceMs?: number; forcePush?: boolean; render?: boolean };
    if (init.render === false) renderEnabled = false;
    redHatYaml = init.redHatYaml === true;
    if (typeof init.debounceMs === "number") debounceMs = init.debounceMs;
    if (init.forcePush) pull = false;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    if (folders.length === 0 && params.rootUri) { const p = uriToPath(params.rootUri); if (p) folders = [p]; }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { resolveProvider: false },
        ...(pull ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: "kubeready", version: "0.1.0" },
    };
  });

  connection.onInitialized(async () => {
    if (configurationSupport) void connection.client.register(DidChangeConfigurationNotification.type, { section: "kubeready" });
    try { await loadConfigFile(); } finally { configLoaded(); }
    try {
      const started = Date.now();
      const n = await ws.scan(folders, (uri) => documents.get(uri) !== undefined);
      const scan = ws.lastScan;
      const threads = scan?.workers ? ` (${scan.byWorkers} parsed on ${scan.workers} worker thread${scan.workers > 1 ? "s" : ""})` : "";
      connection.console.info(`kubeready: indexed ${n} YAML files in ${Date.now() - started} ms${threads}`);
    } catch (e) {
      connection.console.error(`kubeready: workspace scan failed: ${(e as Error).message}`);
    }
    refreshAll();
    renderConfig = configs.resolve(folders[0] ? await settingsFor(pathToFileURL(folders[0]).href) : null, redHatYaml).config;
    if (renderEnabled) render.schedule(true);
  });

  async function loadConfigFile(): Promise<void> {
    let text: string | undefined;
    for (const folder of folders) {
      try { text = await readFile(join(folder, ".kubeready.yaml"), "utf8"); break; } catch { /* none here */ }
    }
    configs.setConfigFile(text);
    renderConfig = configs.base;
    ws.setDefaultNamespace(configs.base.defaultNamespace);
    ws.excludes = configs.base.exclude.map(globToRegExp);
    const base = configs.resolve(null, redHatYaml);
    for (const p of [...base.problems, ...unknownRuleSettings(base.config)]) connection.console.warn(`kubeready: .kubeready.yaml: ${p}`);
  }

  function settingsFor(uri: string): Promise<EditorSettings | null> {
    if (!configurationSupport) return Promise.resolve(null);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: "kubeready" }).then((v) => (v ? settingsFromSection(v) : null), () => null);
      settingsCache.set(uri, s);
    }
    return s;
  }

  async function resolvedFor(uri: string): Promise<ResolvedSettings> {
    return configs.resolve(await settingsFor(uri), redHatYaml);
  }

  /** Analyses in progress: a second request for the same version (a hover during a sliced analysis) waits for the first. */
  const inflight = new Map<string, { version: number; done: Promise<Analysis | undefined> }>();

  /** Analyses the document as it is now; returns undefined when a newer version arrived meanwhile. */
  function analyze(doc: TextDocument): Promise<Analysis | undefined> {
    const running = inflight.get(doc.uri);
    if (running && running.version === doc.version) return running.done;
    const done = analyzeNow(doc).finally(() => { if (inflight.get(doc.uri)?.done === done) inflight.delete(doc.uri); });
    inflight.set(doc.uri, { version: doc.version, done });
    return done;
  }

  async function analyzeNow(doc: TextDocument): Promise<Analysis | undefined> {
    // A document opened with the initialize handshake must not be judged by the defaults before .kubeready.yaml is read.
    await configReady;
    const settings = await resolvedFor(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return undefined;
    const prev = analyses.get(doc.uri);
    if (prev && prev.version === doc.version && prev.indexVersion === ws.index.version && prev.renderVersion === render.version && prev.config === settings.config) return prev;
    if (!settings.enable) {
      const a: Analysis = { version: doc.version, indexVersion: ws.index.version, renderVersion: render.version, config: settings.config, findings: [], byKey: new Map(), diagnostics: [] };
      analyses.set(doc.uri, a);
      return a;
    }
    const started = performance.now();
    // A file known only from the scan (light form) has no parse yet: the editor's text is parsed in full here.
    const before = ws.parsed(doc.uri);
    let parsed = before;
    const stillWanted = () => documents.get(doc.uri)?.version === doc.version;
    const pacer = new Pacer(stillWanted);
    if (!before || before.text !== doc.getText()) {
      const previousObjects = before?.objects ?? ws.index.objectsOf(doc.uri);
      // A file of many documents is parsed in slices, so other files are answered meanwhile; opened whole, into a cache
      // of its own (the shared one holds 20,000 small documents), which is garbage once the file is closed.
      if (before ? before.chunks.length >= SLICED_FROM_DOCUMENTS : hasManyDocuments(doc.getText())) {
        const next = await ws.updateInSlices(doc.uri, doc.getText(), pacer, before ? undefined : new DocumentCache(Infinity));
        if (!next) return undefined;
        parsed = next;
      } else parsed = ws.update(doc.uri, doc.getText());
      // A kustomization changes how the files beside it are read (namespace, patches) even when it has no objects.
      if (objectsChanged(previousObjects, parsed.objects) || isKustomizationUri(doc.uri)) scheduleCrossFile(doc.uri);
    }
    const indexVersion = ws.index.version;
    const checked = await checkInSlices(parsed!, ws.index, settings.config, stillWanted, pacer);
    if (!checked) return undefined;
    let findings = checked;
    // A file of a rendered chart or overlay shows what is deployed once rendered; until then (or while edited) the in-process view.
    const rendered = render.viewOf(doc.uri, doc.getText());
    if (rendered) findings = [...(rendered.covered ? findings.filter(keptOnRenderedFile) : findings), ...rendered.findings];
    const byKey = new Map<string, Finding>();
    for (const f of findings) byKey.set(f.key, f);
    const diagnostics = findings.map(toDiagnostic);
    if (settings.schemaEnabled) {
      schema.updateCrds(ws.index);
      const found = await schema.diagnostics(doc, parsed!, ws.optionsFor(doc.uri).partial === true || parsed!.objects.some((o) => o.partial), parsed!.chunks.length >= SLICED_FROM_DOCUMENTS ? pacer : undefined);
      if (!found || !stillWanted()) return undefined;
      for (const d of found) diagnostics.push(d);
    }
    const a: Analysis = { version: doc.version, indexVersion, renderVersion: render.version, config: settings.config, findings, byKey, diagnostics };
    analyses.set(doc.uri, a);
    costs.set(doc.uri, performance.now() - started);
    return a;
  }

  async function publish(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc || !isYamlUri(uri) && doc.languageId !== "yaml") return;
    const a = await analyze(doc);
    if (!a) return; // superseded by a newer version; its own timer publishes
    const now = documents.get(uri);
    if (!now || now.version !== a.version) return;
    void connection.sendDiagnostics({ uri, version: a.version, diagnostics: a.diagnostics });
  }

  /**
   * Analyses a document after a change. The debounce only pays off when an analysis costs more than typing does:
   * when the last one was cheap (an incremental keystroke is usually 1–5 ms) it runs at once, and keystrokes that
   * arrive together are still coalesced, because they are all applied before the timer fires.
   */
  function schedule(uri: string, delay = (costs.get(uri) ?? Infinity) < CHEAP_ANALYSIS_MS ? 0 : debounceMs): void {
    timers.get(uri)?.cancel();
    const run = () => {
      timers.delete(uri);
      if (pull) {
        // Keep the index current even when the client pulls later: cross-file rules in other files need it.
        const doc = documents.get(uri);
        if (doc) void analyze(doc);
      } else void publish(uri);
    };
    // setTimeout(0) waits at least 1 ms; setImmediate runs right after the messages already read are handled.
    if (delay <= 0) { const i = setImmediate(run); timers.set(uri, { cancel: () => clearImmediate(i) }); }
    else { const t = setTimeout(run, delay); timers.set(uri, { cancel: () => clearTimeout(t) }); }
  }

  function scheduleCrossFile(changed: string): void {
    if (crossFileTimer) clearTimeout(crossFileTimer);
    crossFileTimer = setTimeout(() => {
      crossFileTimer = undefined;
      if (pull) { void connection.languages.diagnostics.refresh().catch(() => undefined); return; }
      for (const d of documents.all()) if (d.uri !== changed) void publish(d.uri);
    }, crossFileDebounceMs);
  }

  function refreshAll(): void {
    if (pull) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const d of documents.all()) schedule(d.uri, 0);
  }

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => {
    schedule(e.document.uri);
    // A newer edit makes a running render stale; the next save renders again.
    const path = uriToPath(e.document.uri);
    if (path && render.affects(path)) render.cancel();
  });
  documents.onDidSave((e) => {
    const path = uriToPath(e.document.uri);
    if (!renderEnabled || !path) return;
    const rootFile = /(^|\/)(Chart\.yaml|kustomization\.ya?ml|Kustomization)$/.test(path);
    if (rootFile || render.affects(path)) render.schedule(rootFile);
  });
  documents.onDidClose(async (e) => {
    const uri = e.document.uri;
    const huge = (ws.parsed(uri)?.chunks.length ?? 0) >= SLICED_FROM_DOCUMENTS;
    analyses.delete(uri);
    costs.delete(uri);
    settingsCache.delete(uri);
    if (!pull) void connection.sendDiagnostics({ uri, diagnostics: [] });
    // The file on disk (if any) is what the workspace holds once the editor lets go of it, in light form again.
    const onDisk = uriToPath(uri) !== undefined && (await ws.reload(uri));
    if (!onDisk) ws.remove(uri);
    scheduleCrossFile(uri);
    if (huge) memory.schedule();
  });

  connection.onDidChangeConfiguration(async () => {
    settingsCache.clear();
    refreshAll();
    renderConfig = configs.resolve(folders[0] ? await settingsFor(pathToFileURL(folders[0]).href) : null, redHatYaml).config;
    if (renderEnabled) render.schedule();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let touched = false;
    for (const change of params.changes) {
      if (change.uri.endsWith("/.kubeready.yaml")) { await loadConfigFile(); touched = true; continue; }
      if (!isYamlUri(change.uri) && !change.uri.endsWith("/Kustomization")) continue;
      if (documents.get(change.uri)) continue; // the editor's text wins over the disk
      if (change.type === FileChangeType.Deleted) ws.remove(change.uri);
      else await ws.reload(change.uri);
      touched = true;
    }
    if (touched) scheduleCrossFile("");
    if (renderEnabled && params.changes.some((c) => { const p = uriToPath(c.uri); return !!p && !documents.get(c.uri) && (render.affects(p) || /(Chart\.yaml|kustomization\.ya?ml|Kustomization)$/.test(p)); })) render.schedule(true);
  });

  // Registered in both modes; a client calls it only when it announced pull support.
  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    let a = await analyze(doc);
    // A newer version arrived while settings were fetched: analyse that one instead of returning stale results.
    for (let i = 0; !a && i < 3; i++) { const d = documents.get(doc.uri); if (!d) break; a = await analyze(d); }
    return { kind: DocumentDiagnosticReportKind.Full, items: a?.diagnostics ?? [] };
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const a = await analyze(doc);
    if (!a) return [];
    const versions = (uri: string) => documents.get(uri)?.version ?? null;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    const wantsQuickFix = !only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k));
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== "") ?? false;
    if (wantsQuickFix) {
      const perDiagnostic: { diagnostic: Diagnostic; fixes: Fix[] }[] = [];
      for (const d of params.context.diagnostics) {
        if (d.source !== SOURCE) continue;
        const data = d.data as DiagnosticData | undefined;
        const f = data ? a.byKey.get(data.key) : undefined;
        if (f?.fixes) perDiagnostic.push({ diagnostic: d, fixes: f.fixes() });
      }
      for (const o of orderQuickFixes(perDiagnostic)) actions.push(toCodeAction(o.fix, o.diagnostic, versions, o.preferred, snippetEdits));
    }
    if (wantsFixAll || (!only && a.findings.some((f) => f.fixable === "safe"))) {
      const fixed = computeFixAll(doc, a);
      if (fixed) actions.push(fixed);
    }
    return actions;
  });

  function computeFixAll(doc: TextDocument, a: Analysis): CodeAction | undefined {
    if (!a.findings.some((f) => f.fixable === "safe")) return undefined;
    const others = ws.index.all().filter((o) => o.uri !== doc.uri);
    const settingsConfig = a.config as Parameters<typeof fixAll>[4];
    const result = fixAll(doc.uri, doc.getText(), ws.optionsFor(doc.uri), others, settingsConfig);
    const edit = minimalEdit(doc.getText(), result.text);
    if (!edit || result.applied === 0) return undefined;
    return {
      title: `Fix all safe kubeready problems (${result.applied})`,
      kind: FIX_ALL_KIND,
      edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [edit] }] },
    };
  }

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const a = await analyze(doc);
    if (!a) return null;
    const ours = hoverFor(a.findings, params.position, RULES_BY_ID);
    const settings = await resolvedFor(doc.uri);
    // Past the engine's size limit there is no parse to find the document under the cursor, and yaml-language-server's
    // hover over the whole text took 20 s on 10 MB.
    const fromSchema = settings.schemaEnabled && doc.getText().length <= MAX_FILE_BYTES ? await schema.hover(doc, params.position, ws.parsed(doc.uri)) : null;
    if (!fromSchema) return ours;
    if (!ours) return fromSchema;
    const text = (h: typeof ours) => (typeof h.contents === "object" && "value" in h.contents ? h.contents.value : String(h.contents));
    return { contents: { kind: "markdown", value: `${text(ours)}\n\n---\n\n${text(fromSchema)}` } };
  });

  // Context-aware completions (server/lsp/completion.ts): new objects for the workload above, hardened blocks, selector labels.
  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    await analyze(doc); // brings the workspace's parse and index up to this version
    const parsed = ws.parsed(doc.uri);
    const settings = await resolvedFor(doc.uri);
    if (!settings.enable || !parsed || parsed.text !== doc.getText()) return [];
    const ours = provideCompletions(ws.index, parsed, doc.getText(), params.position, settings.config, ws.optionsFor(doc.uri))
      .map((i) => ({ ...i, data: { ...(i.data as object | undefined), source: "kubeready" } }));
    if (!settings.schemaEnabled) return ours;
    // Field names and enum values from the schema come after kubeready's context-aware items.
    const fromSchema = await schema.complete(doc, params.position, parsed);
    const now = documents.get(doc.uri);
    if (!fromSchema || !now || now.version !== doc.version) return ours;
    const taken = new Set(ours.map((i) => i.label));
    return { isIncomplete: fromSchema.isIncomplete, items: [...ours.map((i) => ({ ...i, sortText: `0_${i.sortText ?? i.label}` })), ...fromSchema.items.filter((i) => !taken.has(i.label))] };
  });

  // The server's own memory, for the bench (bench/many-documents.ts reads it after a huge file is closed).
  connection.onRequest("kubeready/memoryUsage", () => process.memoryUsage());

  documents.listen(ignoringStaleChanges(connection, documents, (m) => connection.console.warn(m)));
  connection.listen();
}

/** Objects differ in a way other files can see (anything but comments and layout). */
function objectsChanged(a: readonly { value: unknown }[], b: readonly { value: unknown }[]): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    try {
      if (JSON.stringify(a[i].value) !== JSON.stringify(b[i].value)) return true;
    } catch {
      return true; // a value that cannot be serialised (an alias to itself): assume it changed
    }
  }
  return false;
}
