// Finds what `kubeready lint` analyses: YAML files under the given paths, the .kubeready.yaml, and kustomization context.
import { promises as fs } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { DEFAULT_CONFIG, parseConfig, type ConfigProblem, type KubereadyConfig } from "../../rules/config.js";
import { KUSTOMIZATION_FILES, readKustomization } from "../../rules/model/kustomize.js";
import { ExcludeList } from "./glob.js";
import { GitIgnore } from "./gitignore.js";

export const CONFIG_FILE = ".kubeready.yaml";
const SKIP_DIRS = new Set(["node_modules", ".git"]);
const YAML_FILE = /\.ya?ml$/i;

/** A '/'-separated path relative to `from` (what users, JSON and SARIF see). */
export function toPosixRelative(from: string, to: string): string {
  const rel = relative(from, to);
  return (rel === "" ? "." : rel).split(sep).join("/");
}

export interface LoadedConfig {
  config: KubereadyConfig;
  /** The file it came from; undefined when the defaults apply. */
  path?: string;
  problems: ConfigProblem[];
  /** An explicit --config that cannot be read or has problems: the run stops with exit code 2. */
  fatal: boolean;
}

async function readText(path: string): Promise<string | undefined> {
  try { return await fs.readFile(path, "utf8"); } catch { return undefined; }
}

async function isFile(path: string): Promise<boolean> {
  try { return (await fs.stat(path)).isFile(); } catch { return false; }
}

/** The nearest `.kubeready.yaml` in `dir` or a folder above it. */
export async function findConfigUpwards(dir: string): Promise<string | undefined> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const candidate = join(d, CONFIG_FILE);
    if (await isFile(candidate)) return candidate;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * `--config FILE`, else the nearest .kubeready.yaml above the working directory, else the nearest above the
 * first given path that has one (for `kubeready lint ../other-repo`). One configuration applies to the whole run.
 */
export async function loadConfig(cwd: string, explicit: string | undefined, paths: readonly string[]): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    const text = await readText(path);
    if (text === undefined) return { config: DEFAULT_CONFIG, path, problems: [{ message: `cannot read configuration file ${explicit}` }], fatal: true };
    const { config, problems } = parseConfig(text);
    return { config, path, problems, fatal: problems.length > 0 };
  }
  let path = await findConfigUpwards(cwd);
  for (const p of paths) {
    if (path) break;
    if (p === "-") continue;
    const abs = resolve(cwd, p);
    path = await findConfigUpwards((await isFile(abs)) ? dirname(abs) : abs);
  }
  if (!path) return { config: DEFAULT_CONFIG, problems: [], fatal: false };
  const text = await readText(path);
  if (text === undefined) return { config: DEFAULT_CONFIG, path, problems: [{ message: `cannot read ${path}; using the defaults` }], fatal: false };
  const { config, problems } = parseConfig(text);
  return { config, path, problems, fatal: false };
}

export interface FileSet {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Every folder walked, plus the folder of each named file: where kustomization files may sit. */
  dirs: Set<string>;
  /** Paths that could not be read or do not exist. */
  errors: string[];
  /** Named files skipped because an exclude pattern matches them. */
  excluded: { path: string; pattern: string }[];
}

/**
 * Expands the given paths: folders are searched recursively for *.yaml and *.yml (skipping node_modules,
 * .git, excluded paths and .kubeready.yaml itself); a named file is taken whatever its extension, unless an exclude pattern matches it.
 */
export async function collectFiles(cwd: string, paths: readonly string[], exclude: ExcludeList, excludeBase: string, options: { gitignore?: boolean } = {}): Promise<FileSet> {
  const set: FileSet = { files: [], dirs: new Set(), errors: [], excluded: [] };
  // Folders are searched as git sees them: what .gitignore ignores is skipped (a file named on the command line is not).
  const git = options.gitignore ? await GitIgnore.forPath(resolve(cwd, paths[0] ?? ".")) : undefined;
  const files = new Set<string>();
  const visited = new Set<string>();
  const excludedBy = (abs: string) => exclude.match(toPosixRelative(excludeBase, abs));

  async function walk(dir: string): Promise<void> {
    let real: string;
    try { real = await fs.realpath(dir); } catch { real = dir; }
    if (visited.has(real)) return; // a symlink loop or a folder named twice
    visited.add(real);
    set.dirs.add(dir);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      set.errors.push(`cannot read folder ${toPosixRelative(cwd, dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFileEntry = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(abs);
          isDir = st.isDirectory();
          isFileEntry = st.isFile();
        } catch { continue; } // a dangling link is not an input error
      }
      if (isDir) {
        if (!SKIP_DIRS.has(entry.name) && !excludedBy(abs) && !(await git?.ignores(abs, true))) subdirs.push(abs);
      } else if (isFileEntry && YAML_FILE.test(entry.name) && entry.name !== CONFIG_FILE && !excludedBy(abs) && !(await git?.ignores(abs, false))) {
        files.add(abs);
      }
    }
    await Promise.all(subdirs.map(walk));
  }

  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      set.errors.push(code === "ENOENT" ? `no such file or folder: ${p}` : `cannot read ${p}: ${code ?? (e as Error).message}`);
      continue;
    }
    if (st.isDirectory()) await walk(abs);
    else {
      const pattern = excludedBy(abs);
      if (pattern) { set.excluded.push({ path: p, pattern }); continue; }
      files.add(abs);
      set.dirs.add(dirname(abs));
    }
  }
  set.files = [...files].sort();
  return set;
}

export interface KustomizeContext {
  /** The namespace a kustomization in the file's own folder sets. */
  namespaceOf(file: string): string | undefined;
  /** Whether a kustomization lists the file as a patch (a partial object). */
  isPatch(file: string): boolean;
}

/** Reads the kustomization file (if any) of each folder; patch paths are resolved against their kustomization's folder. */
export async function readKustomizations(dirs: Iterable<string>): Promise<KustomizeContext> {
  const namespaces = new Map<string, string>();
  const patches = new Set<string>();
  await Promise.all([...dirs].map(async (dir) => {
    for (const name of KUSTOMIZATION_FILES) {
      const text = await readText(join(dir, name));
      if (text === undefined) continue;
      const info = readKustomization(text);
      if (info.namespace) namespaces.set(dir, info.namespace);
      for (const p of info.patches) patches.add(resolve(dir, p));
      return; // kustomize refuses a folder with more than one; the first one wins here
    }
  }));
  return {
    namespaceOf: (file) => namespaces.get(dirname(file)),
    isPatch: (file) => patches.has(file),
  };
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
