// Rendering for the editor: after a save, in the background, cancelled by newer edits, cached by the hash of its inputs.
import { promises as fs, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { KubereadyConfig } from "../rules/config.js";
import type { Finding } from "../rules/engine.js";
import { describeResult, discoverRoots, RenderCache, renderOptionsFrom, renderRoots, type RenderRoot, type RenderRun } from "./index.js";
import type { ReadFile } from "./judge.js";

export interface RenderServiceOptions {
  /** Workspace folders searched for charts and kustomize roots. */
  folders: () => readonly string[];
  /** The configuration (.kubeready.yaml with the editor's settings) rendering runs under. */
  config: () => KubereadyConfig;
  /** Called when a run finished (not when it was cancelled): republish diagnostics. */
  onDone: (run: RenderRun, lines: string[]) => void;
  /** Quiet time after a save before rendering starts (saves in a row render once). */
  delayMs?: number;
  env?: Record<string, string | undefined>;
}

/** The rendered view of one file: replaces its in-process object findings only while its text is what was rendered. */
export interface RenderedView {
  /** The file's objects were judged through rendering: its in-process object findings are replaced. */
  covered: boolean;
  findings: Finding[];
}

const SKIP = new Set(["node_modules", ".git", "dist", "out"]);
/** Folders walked for roots at most: a huge monorepo is sampled, not frozen on. */
const MAX_DIRS = 20_000;

export class RenderService {
  private roots: RenderRoot[] = [];
  private cache = new RenderCache();
  private current?: AbortController;
  private timer?: NodeJS.Timeout;
  private last?: RenderRun;
  /** What each covered file held when it was rendered: a file edited since shows the in-process view. */
  private rendered = new Map<string, string>();
  private byFile = new Map<string, Finding[]>();
  /** Bumped after every finished run (analysis caches compare it). */
  version = 0;
  running: Promise<void> = Promise.resolve();

  constructor(private readonly options: RenderServiceOptions) {}

  /** Finds the roots of the workspace (again: after a Chart.yaml or kustomization changed). */
  async discover(): Promise<RenderRoot[]> {
    const dirs: string[] = [];
    const walk = async (d: string): Promise<void> => {
      if (dirs.length >= MAX_DIRS) return;
      dirs.push(d);
      let entries: import("node:fs").Dirent[];
      try { entries = await fs.readdir(d, { withFileTypes: true }); } catch { return; }
      for (const e of entries) if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith(".")) await walk(join(d, e.name));
    };
    for (const f of this.options.folders()) await walk(f);
    this.roots = await discoverRoots(dirs);
    return this.roots;
  }

  /** Whether a saved file can change what a root renders (so a save of a plain manifest renders nothing). */
  affects(path: string): boolean {
    return this.roots.some((r) => path === r.dir || path.startsWith(r.dir + sep) || (r.kind === "kustomize" && r.files.has(path)));
  }

  /** A newer edit: whatever is rendering now is stale. */
  cancel(): void {
    clearTimeout(this.timer);
    this.current?.abort();
  }

  /** Renders after `delayMs` of quiet; a newer call cancels the pending or running one. */
  schedule(rediscover = false): void {
    this.cancel();
    this.timer = setTimeout(() => { this.running = this.run(rediscover); }, this.options.delayMs ?? 300);
  }

  /** Renders every root now (the cache makes unchanged roots free). */
  async run(rediscover = false): Promise<void> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    if (rediscover || this.roots.length === 0) await this.discover();
    if (controller.signal.aborted) return;
    const config = this.options.config();
    const folder = this.options.folders()[0] ?? process.cwd();
    const options = renderOptionsFrom(config, folder);
    if (!options.enabled || this.roots.length === 0) { this.publish({ findings: [], covered: new Set(), results: [] }, new Map(), []); return; }
    const seen = new Map<string, string>();
    const readFile: ReadFile = (p) => {
      if (seen.has(p)) return seen.get(p);
      let text: string | undefined;
      try { text = readFileSync(p, "utf8"); } catch { text = undefined; }
      if (text !== undefined) seen.set(p, text);
      return text;
    };
    const started = performance.now();
    const display = (p: string) => relative(folder, p).split(sep).join("/") || ".";
    const run = await renderRoots(this.roots, { options, config, display, signal: controller.signal, readFile, cache: this.cache, env: this.options.env });
    if (controller.signal.aborted) return;
    const lines = run.results.map(describeResult);
    lines.push(`rendering took ${Math.round(performance.now() - started)} ms in all`);
    this.publish(run, seen, lines);
  }

  private publish(run: RenderRun, seen: Map<string, string>, lines: string[]): void {
    this.last = run;
    this.rendered = new Map([...run.covered].map((p) => [p, seen.get(p) ?? ""]));
    this.byFile = new Map();
    for (const f of run.findings) {
      let path: string;
      try { path = fileURLToPath(f.uri); } catch { continue; }
      const list = this.byFile.get(path);
      if (list) list.push(f); else this.byFile.set(path, [f]);
    }
    this.version++;
    this.options.onDone(run, lines);
  }

  /**
   * The rendered view of a document with the editor's `text`, or undefined when rendering has nothing to say about it
   * (not part of a chart or overlay, not rendered yet, or edited since: the in-process view stands meanwhile).
   */
  viewOf(uri: string, text: string): RenderedView | undefined {
    if (!this.last) return undefined;
    let path: string;
    try { path = fileURLToPath(uri); } catch { return undefined; }
    const findings = this.byFile.get(path) ?? [];
    const at = this.rendered.get(path);
    if (at !== undefined) return at === text ? { covered: true, findings } : undefined;
    return findings.length ? { covered: false, findings } : undefined;
  }

  /** Status for the editor: one line per root. */
  get status(): string[] {
    return this.last?.results.map(describeResult) ?? [];
  }
}
