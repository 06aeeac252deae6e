// The server's view of the workspace: parsed files (open or on disk), their namespaces, and the shared object index.
import { promises as fs, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseFile, parseFileInSteps, type FileOptions, type ParsedFile } from "../../rules/engine.js";
import type { DocumentCache } from "../../rules/model/document.js";
import { deploymentsByFile, KUSTOMIZATION_FILES, readKustomization, type FileDeployment, type KustomizationInfo } from "../../rules/model/kustomize.js";
import { isChartTemplatePath } from "../chartTemplate.js";
import { isHelmValuesName } from "../../rules/model/notManifest.js";
import { lightEntriesOf, lightObjects, ownStrings, sourcesFromText, type LightEntry } from "../../rules/model/light.js";
import type { KObject, ObjectSource } from "../../rules/model/object.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import type { Pacer } from "./slices.js";
import { MIN_FILES_FOR_WORKERS, ScanPool, type ScanFile, type ScanStats, type ScanThreads } from "./scan-pool.js";

const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn", "dist", "out", ".terraform", "vendor"]);
/** Files bigger than this are not indexed from disk (an open editor still gets them analysed up to the engine limit). */
const MAX_SCAN_BYTES = 2 * 1024 * 1024;
const MAX_SCAN_FILES = 20000;

export function isYamlUri(uri: string): boolean {
  return /\.ya?ml$/i.test(uri);
}

export function uriToPath(uri: string): string | undefined {
  try { return uri.startsWith("file:") ? fileURLToPath(uri) : undefined; } catch { return undefined; }
}

/**
 * A file the editor does not have open: only what the index needs (its objects' values and identity). No text and
 * no syntax trees are kept; positions are re-read from disk on the rare occasion something asks for one.
 */
interface LightFile {
  readonly entries: readonly LightEntry[];
  objects: readonly KObject[];
  sources?: (i: number) => ObjectSource;
}

export class Workspace {
  readonly index = new WorkspaceIndex();
  /** Files parsed in full: open in the editor (or handed to `update`). */
  private files = new Map<string, ParsedFile>();
  /** Files known from disk only. */
  private light = new Map<string, LightFile>();
  /** Every kustomization file known (by '/'-separated path) and the builds they make of each file. */
  private kustomizations = new Map<string, KustomizationInfo>();
  private deployments = new Map<string, FileDeployment>();
  private defaultNamespace = "default";
  excludes: RegExp[] = [];
  /** How the scan parses: worker threads by default (see scan-pool.ts). */
  scanThreads: ScanThreads = {};
  /** Where the last scan parsed its files (for the log line and tests). */
  lastScan: ScanStats | undefined;

  setDefaultNamespace(ns: string): void { this.defaultNamespace = ns || "default"; }

  /** The full parse of a file; undefined for files known only from disk, which must be parsed with `update` first. */
  parsed(uri: string): ParsedFile | undefined { return this.files.get(uri); }

  /** Whether a file is held in light form (known from disk, not open). */
  isLight(uri: string): boolean { return this.light.has(uri); }

  /** Re-parses a file's text (re-using its unchanged documents) and updates the index. Returns the new state. */
  update(uri: string, text: string, cache?: DocumentCache): ParsedFile {
    const options = this.optionsFor(uri);
    const previous = this.files.get(uri);
    return this.commit(uri, text, parseFile(uri, text, options, previous, cache));
  }

  /**
   * `update` for a large text: parsed in slices by `pacer` (server/lsp/slices.ts), the index updated at the end.
   * Undefined when the pacer gave up (a newer text arrived meanwhile); nothing changed then.
   */
  async updateInSlices(uri: string, text: string, pacer: Pacer, cache?: DocumentCache): Promise<ParsedFile | undefined> {
    const parsed = await pacer.run(parseFileInSteps(uri, text, this.optionsFor(uri), this.files.get(uri), cache));
    // The index's objects-by-key map of the file, built in slices too: built on the first read after `commit`, it was
    // one synchronous pass over every object.
    if (!parsed || !(await pacer.run(this.index.prepareInSteps(parsed.objects)))) return undefined;
    return this.commit(uri, text, parsed);
  }

  private commit(uri: string, text: string, parsed: ParsedFile): ParsedFile {
    this.files.set(uri, parsed);
    this.light.delete(uri);
    this.index.setFile(uri, parsed.objects);
    this.index.setValuesFile(uri, parsed.values);
    if (isKustomization(uri)) this.onKustomizationChanged(uri, text);
    return parsed;
  }

  /** Holds a file read from disk in light form (the editor's text, when it opens the file, is parsed with `update`). */
  private updateLight(uri: string, text: string): void {
    const path = uriToPath(uri);
    this.setLight(uri, ownStrings(lightEntriesOf(text, path !== undefined && isChartTemplatePath(path))));
    if (isKustomization(uri)) this.onKustomizationChanged(uri, text);
  }

  private setLight(uri: string, entries: readonly LightEntry[]): void {
    const options = { uri, ...this.optionsFor(uri) };
    const file: LightFile = { entries, objects: [] };
    file.objects = lightObjects(entries, options, (i) => (file.sources ??= sourcesFromText(readText(uri), file.objects, options))(i));
    this.files.delete(uri);
    this.light.set(uri, file);
    this.index.setFile(uri, file.objects);
    // A values file is parsed only when a rule reads it (a chart's configuration named by a kustomization, say).
    this.index.setValuesFile(uri, isHelmValuesName(uri) ? () => { const text = readText(uri); try { return text === undefined ? undefined : parseFile(uri, text, options).values; } catch { return undefined; } } : undefined);
  }

  remove(uri: string): void {
    this.files.delete(uri);
    this.light.delete(uri);
    this.index.removeFile(uri);
    if (isKustomization(uri)) this.onKustomizationChanged(uri, undefined);
  }

  /** Namespace(s) and patch status from every kustomization whose build reaches the file (parents, bases, components). */
  optionsFor(uri: string): FileOptions {
    const path = uriToPath(uri);
    if (!path) return { defaultNamespace: this.defaultNamespace };
    const d = this.deployments.get(toSlash(path));
    return { defaultNamespace: this.defaultNamespace, contexts: d?.contexts ?? [], partial: d?.partial ?? false, chartTemplate: isChartTemplatePath(path) };
  }

  private onKustomizationChanged(uri: string, text: string | undefined): void {
    const path = uriToPath(uri);
    if (!path) return;
    const key = toSlash(path);
    if (text === undefined) this.kustomizations.delete(key); else this.kustomizations.set(key, readKustomization(text));
    const before = this.deployments;
    this.deployments = deploymentsByFile(this.kustomizations);
    // Files whose builds changed (namespace, patch status, images) get new objects: re-parse open ones with their
    // text, rebuild the objects of the others from their values.
    const changed = new Set<string>();
    for (const f of new Set([...before.keys(), ...this.deployments.keys()])) {
      if (deploymentKey(before.get(f)) !== deploymentKey(this.deployments.get(f))) changed.add(f);
    }
    if (changed.size === 0) return;
    const affected = (u: string) => { const fp = uriToPath(u); return fp !== undefined && changed.has(toSlash(fp)) && !isKustomization(u); };
    for (const [u, p] of this.files) if (affected(u)) this.update(u, p.text);
    for (const [u, l] of this.light) if (affected(u)) this.setLight(u, l.entries);
  }

  /**
   * Loads every YAML file under the folders in light form, parsed on worker threads; `isOpen` files are left to the
   * editor's text. Kustomizations come first, in this thread, so the files beside them get their namespace and
   * patch status on the first pass.
   */
  async scan(folders: string[], isOpen: (uri: string) => boolean, onProgress?: (done: number, total: number) => void): Promise<number> {
    const paths: string[] = [];
    // The workers start loading as soon as there are enough files for them, while the rest is being listed.
    let pool: ScanPool | undefined;
    const enough = this.scanThreads.minFiles ?? MIN_FILES_FOR_WORKERS;
    const listed = () => { if (!pool && paths.length >= enough) pool = new ScanPool(this.scanThreads, paths.length); };
    try {
      for (const folder of folders) await walk(folder, folder, paths, this.excludes, listed);
      const found = Math.min(paths.length, MAX_SCAN_FILES);
      pool ??= new ScanPool(this.scanThreads, found);
      let done = 0;
      const progress = () => { if (++done % 100 === 0) onProgress?.(done, found); };
      const kustomizations: ScanFile[] = [], rest: ScanFile[] = [];
      const uris = new Map<string, string>();
      // Sizes, synchronously: a few microseconds a file, where a round trip through the thread pool costs more.
      for (const path of paths.slice(0, MAX_SCAN_FILES)) {
        const uri = pathToFileURL(path).toString();
        let size = Infinity;
        if (!isOpen(uri)) try { size = statSync(path).size; } catch { /* vanished: skipped */ }
        if (size > MAX_SCAN_BYTES) { progress(); continue; }
        uris.set(path, uri);
        (KUSTOMIZATION_FILES.includes(basename(path)) ? kustomizations : rest).push({ path, size });
      }
      // The index lists files in the order of the walk, kustomizations first, whatever order the workers finish in:
      // rules that pick the first of several matches must not depend on thread timing.
      const order = new Map(paths.map((p, i) => [p, i]));
      const byWalk = (a: ScanFile, b: ScanFile) => order.get(a.path)! - order.get(b.path)!;
      for (const f of [...kustomizations.sort(byWalk), ...[...rest].sort(byWalk)]) {
        const uri = uris.get(f.path)!;
        if (!this.index.hasFile(uri)) this.index.setFile(uri, []);
      }
      pool.dispatch(rest);
      // Small files, read at once: nothing else runs until every folder's namespace and patch list is known.
      for (const { path } of kustomizations) {
        const uri = uris.get(path)!;
        try { this.updateLight(uri, readFileSync(path, "utf8")); } catch { this.forgetUnread(uri); }
        progress();
      }
      const strings = new Map<string, string>();
      this.lastScan = await pool.parse((path, entries) => {
        const uri = uris.get(path)!;
        // Opened while it was being parsed: the editor's text wins.
        if (isOpen(uri)) { /* analysed from the editor's text */ } else if (entries) this.setLight(uri, ownStrings(entries, strings));
        else this.forgetUnread(uri);
        progress();
      });
      return found;
    } finally {
      pool?.close();
    }
  }

  /** A file the scan listed but could not read: out of the index, unless something else put it there meanwhile. */
  private forgetUnread(uri: string): void {
    if (!this.files.has(uri) && !this.light.has(uri)) this.index.removeFile(uri);
  }

  /** Re-reads one file from disk (after a watcher event, or when the editor closes it) into light form. */
  async reload(uri: string): Promise<boolean> {
    const p = uriToPath(uri);
    if (!p) return false;
    try {
      const st = await fs.stat(p);
      if (st.size > MAX_SCAN_BYTES) { this.remove(uri); return true; }
      this.updateLight(uri, await fs.readFile(p, "utf8"));
    } catch {
      this.remove(uri);
    }
    return true;
  }
}

function toSlash(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

function deploymentKey(d: FileDeployment | undefined): string {
  return d ? JSON.stringify(d) : "";
}

/** The text on disk, for positions in a light file; undefined when it is gone. */
function readText(uri: string): string | undefined {
  const p = uriToPath(uri);
  try { return p ? readFileSync(p, "utf8") : undefined; } catch { return undefined; }
}

export function isKustomizationUri(uri: string): boolean {
  return isKustomization(uri);
}

function isKustomization(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf("/") + 1);
  return KUSTOMIZATION_FILES.includes(name);
}

async function walk(root: string, dir: string, out: string[], excludes: RegExp[], listed: () => void): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    if (out.length >= MAX_SCAN_FILES) return;
    const p = join(dir, e.name);
    const rel = relative(root, p).split(sep).join("/");
    if (excludes.some((x) => x.test(rel))) continue;
    if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) await walk(root, p, out, excludes, listed); }
    else if (e.isFile() && (/\.ya?ml$/i.test(e.name) || e.name === "Kustomization")) out.push(p);
  }
  listed();
}

/** Turns `**\/foo/**`-style globs into regular expressions over forward-slash relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") { re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*"; i += glob[i + 2] === "/" ? 2 : 1; }
      else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
