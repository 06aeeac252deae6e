// The server's view of the workspace: parsed files (open or on disk), their namespaces, and the shared object index.
import { promises as fs } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseFile, type FileOptions, type ParsedFile } from "../../rules/engine.js";
import { KUSTOMIZATION_FILES, readKustomization, type KustomizationInfo } from "../../rules/model/kustomize.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";

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

export class Workspace {
  readonly index = new WorkspaceIndex();
  private files = new Map<string, ParsedFile>();
  private kustomizations = new Map<string, KustomizationInfo | null>();
  private defaultNamespace = "default";
  excludes: RegExp[] = [];

  setDefaultNamespace(ns: string): void { this.defaultNamespace = ns || "default"; }

  parsed(uri: string): ParsedFile | undefined { return this.files.get(uri); }

  /** Re-parses a file's text (re-using its unchanged documents) and updates the index. Returns the new state. */
  update(uri: string, text: string): ParsedFile {
    const options = this.optionsFor(uri);
    const previous = this.files.get(uri);
    const parsed = parseFile(uri, text, options, previous);
    this.files.set(uri, parsed);
    this.index.setFile(uri, parsed.objects);
    if (isKustomization(uri)) this.onKustomizationChanged(uri, text);
    return parsed;
  }

  remove(uri: string): void {
    this.files.delete(uri);
    this.index.removeFile(uri);
    if (isKustomization(uri)) this.onKustomizationChanged(uri, undefined);
  }

  /** Namespace and patch status from a kustomization.yaml in the same folder. */
  optionsFor(uri: string): FileOptions {
    const path = uriToPath(uri);
    if (!path) return { defaultNamespace: this.defaultNamespace };
    const k = this.kustomizationOf(dirname(path));
    return {
      defaultNamespace: k?.namespace ?? this.defaultNamespace,
      partial: k ? k.patches.has(basename(path)) : false,
    };
  }

  private kustomizationOf(dir: string): KustomizationInfo | null {
    return this.kustomizations.get(dir) ?? null;
  }

  private onKustomizationChanged(uri: string, text: string | undefined): void {
    const path = uriToPath(uri);
    if (!path) return;
    const dir = dirname(path);
    this.kustomizations.set(dir, text === undefined ? null : readKustomization(text));
    // Files of that folder may have changed namespace or patch status: re-parse them with their cached text.
    for (const [u, p] of this.files) {
      const fp = uriToPath(u);
      if (fp && dirname(fp) === dir && !isKustomization(u)) this.update(u, p.text);
    }
  }

  /** Loads every YAML file under the folders (bounded concurrency); `isOpen` files are left to the editor's text. */
  async scan(folders: string[], isOpen: (uri: string) => boolean, onProgress?: (done: number, total: number) => void): Promise<number> {
    const paths: string[] = [];
    for (const folder of folders) await walk(folder, folder, paths, this.excludes);
    // Kustomizations first, so the files beside them get their namespace on the first parse.
    const kfirst = [...paths.filter((p) => KUSTOMIZATION_FILES.includes(basename(p))), ...paths.filter((p) => !KUSTOMIZATION_FILES.includes(basename(p)))];
    let done = 0;
    const queue = kfirst.slice(0, MAX_SCAN_FILES);
    const worker = async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        const uri = pathToFileURL(p).toString();
        if (!isOpen(uri)) {
          try {
            const st = await fs.stat(p);
            if (st.size <= MAX_SCAN_BYTES) this.update(uri, await fs.readFile(p, "utf8"));
          } catch { /* vanished or unreadable: skip */ }
        }
        if (++done % 100 === 0) onProgress?.(done, kfirst.length);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return kfirst.length;
  }

  /** Re-reads one file from disk after a watcher event. */
  async reload(uri: string): Promise<boolean> {
    const p = uriToPath(uri);
    if (!p) return false;
    try {
      const st = await fs.stat(p);
      if (st.size > MAX_SCAN_BYTES) { this.remove(uri); return true; }
      this.update(uri, await fs.readFile(p, "utf8"));
    } catch {
      this.remove(uri);
    }
    return true;
  }
}

function isKustomization(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf("/") + 1);
  return KUSTOMIZATION_FILES.includes(name);
}

async function walk(root: string, dir: string, out: string[], excludes: RegExp[]): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    if (out.length >= MAX_SCAN_FILES) return;
    const p = join(dir, e.name);
    const rel = relative(root, p).split(sep).join("/");
    if (excludes.some((x) => x.test(rel))) continue;
    if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) await walk(root, p, out, excludes); }
    else if (e.isFile() && (/\.ya?ml$/i.test(e.name) || e.name === "Kustomization")) out.push(p);
  }
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
