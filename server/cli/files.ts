// Finds what `kubeready lint` analyses: YAML files under the given paths, the .kubeready.yaml, and kustomization context.
import { promises as fs, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { DEFAULT_CONFIG, parseConfig, type ConfigProblem, type KubereadyConfig } from "../../rules/config.js";
import { deploymentsByFile, KUSTOMIZATION_FILES, listedPaths, readKustomization, type FileDeployment, type KustomizationInfo } from "../../rules/model/kustomize.js";
import { ExcludeList } from "./glob.js";
import { GitIgnore } from "./gitignore.js";
import { countYamlFiles, isTestFolder } from "./testData.js";
import { deployedFolders, isDeployedFolder, readUpTo, isExampleName, README_NAMES, readmeVerdict, relPosix, repositoryRoot } from "./demoFolders.js";

export const CONFIG_FILE = ".kubeready.yaml";
const SKIP_DIRS = new Set(["node_modules", ".git"]);
const YAML_FILE = /\.ya?ml$/i;
/** Marks a walk below a documentation/example folder that was named on the command line. */
const ASKED = "\0asked";

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

/**
 * The nearest `.kubeready.yaml` in `dir` or a folder above it. `searched` holds the folders already known to have none
 * (the second search of a run stops where the first one passed). Synchronous and without an exception for a miss: a
 * one-file lint looks in every folder up to the root, and nothing else runs meanwhile.
 */
export async function findConfigUpwards(dir: string, searched = new Set<string>()): Promise<string | undefined> {
  for (let d = resolve(dir); !searched.has(d); d = dirname(d)) {
    searched.add(d);
    const candidate = join(d, CONFIG_FILE);
    try { if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate; } catch { /* unreadable: not there */ }
    if (dirname(d) === d) return undefined;
  }
  return undefined;
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
  const searched = new Set<string>();
  let path = await findConfigUpwards(cwd, searched);
  for (const p of paths) {
    if (path) break;
    if (p === "-") continue;
    const abs = resolve(cwd, p);
    path = await findConfigUpwards((await isFile(abs)) ? dirname(abs) : abs, searched);
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
  /** Test-data folders the walk skipped (`testFolders`), relative to cwd, with how many YAML files they hold. */
  testFolders: { path: string; files: number }[];
  /** Files found under a documentation/example folder (`exampleFolders`), with that folder (absolute). */
  exampleFiles: Map<string, string>;
  /** Folders the walk skipped because their README says they are not for production, with its words. */
  demoFolders: { path: string; files: number; words: string; abs: string }[];
  /** Test or demo folders walked after all because a GitOps object of the repository deploys them. */
  deployed: string[];
  /** Folders the repository's GitOps objects deploy (relative to the repository; read only when a folder was held). */
  deployedPaths?: string[];
  /** Bytes of files the walk read already (to find what GitOps objects deploy), until the lint reads them (readInputFile). */
  read?: Map<string, Buffer>;
  /** Terraform files (`*.tf`) found while walking: their `templatefile()` calls name files Terraform renders (terraform.ts). */
  terraformFiles?: string[];
}

/** An input file's bytes (read once: the walk's read is taken over), or its size when larger than `maxBytes`. */
export function readInputFile(set: FileSet, abs: string, maxBytes: number): Buffer | number {
  const bytes = set.read?.get(abs);
  if (bytes === undefined) return readUpTo(abs, maxBytes);
  set.read!.delete(abs);
  return bytes.length > maxBytes ? bytes.length : bytes;
}

/**
 * Expands the given paths: folders are searched recursively for *.yaml and *.yml (skipping node_modules,
 * .git, excluded paths and .kubeready.yaml itself); a named file is taken whatever its extension, unless an exclude pattern matches it.
 */
export async function collectFiles(cwd: string, paths: readonly string[], exclude: ExcludeList, excludeBase: string, options: { gitignore?: boolean; testFolders?: readonly string[]; exampleFolders?: readonly string[]; readmeVerdicts?: boolean } = {}): Promise<FileSet> {
  const set: FileSet = { files: [], dirs: new Set(), errors: [], excluded: [], testFolders: [], exampleFiles: new Map(), demoFolders: [], deployed: [] };
  // Folders left out while walking, until the GitOps objects found elsewhere say whether they are deployed after all.
  const held: { abs: string; example?: string; kind: "test" | "demo"; words?: string }[] = [];
  const testFolders = new Set(options.testFolders ?? []);
  const exampleFolders = new Set(options.exampleFolders ?? []);
  // Folders are searched as git sees them: what .gitignore ignores is skipped (a file named on the command line is not).
  const git = options.gitignore ? await GitIgnore.forPath(resolve(cwd, paths[0] ?? ".")) : undefined;
  const files = new Set<string>();
  const visited = new Set<string>();
  const excludedBy = (abs: string) => exclude.match(toPosixRelative(excludeBase, abs));

  // `example`: the outermost documentation/example folder below the named path that holds `dir`, if any.
  // `named`: a path named on the command line (or a held folder walked after all): its README decides nothing.
  async function walk(dir: string, example?: string, named = false): Promise<void> {
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
    // A README that says its folder is not for production (demoFolders.ts) speaks for everything under it.
    const readme = named || example === ASKED || !options.readmeVerdicts ? undefined : entries.find((e) => README_NAMES.includes(e.name) && !e.isDirectory());
    if (readme) {
      let words: string | undefined;
      try { words = readmeVerdict((await fs.readFile(join(dir, readme.name), "utf8")).slice(0, 20_000)); } catch { /* unreadable: no verdict */ }
      if (words) {
        held.push({ abs: dir, example, kind: "demo", words });
        set.dirs.delete(dir);
        visited.delete(real);
        return;
      }
    }
    const subdirs: [string, string | undefined][] = [];
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
        if (SKIP_DIRS.has(entry.name) || excludedBy(abs) || (await git?.ignores(abs, true))) continue;
        // Test data found while walking is left out (and counted); a folder named on the command line never is.
        if (await isTestFolder(abs, entry.name, testFolders)) held.push({ abs, example, kind: "test" });
        else subdirs.push([abs, example ?? (isExampleName(entry.name, exampleFolders) ? abs : undefined)]);
      } else if (isFileEntry && YAML_FILE.test(entry.name) && entry.name !== CONFIG_FILE && !excludedBy(abs) && !(await git?.ignores(abs, false))) {
        files.add(abs);
        // Read, then left out unless it installs something (server/cli/testData.ts): the walk cannot tell yet.
        if (example && example !== ASKED) set.exampleFiles.set(abs, example);
      } else if (isFileEntry && entry.name.endsWith(".tf")) (set.terraformFiles ??= []).push(abs);
    }
    await Promise.all(subdirs.map(([d, e]) => walk(d, e)));
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
    // A folder named inside documentation or examples (`kubeready lint docs/snippets`) is linted whole: asked for.
    if (st.isDirectory()) await walk(abs, toPosixRelative(cwd, abs).split("/").some((seg) => exampleFolders.has(seg)) ? ASKED : undefined, true);
    else {
      const pattern = excludedBy(abs);
      if (pattern) { set.excluded.push({ path: p, pattern }); continue; }
      files.add(abs);
      set.dirs.add(dirname(abs));
    }
  }
  // What an Argo CD Application/ApplicationSet or Flux Kustomization of the repository deploys is never test data:
  // `apps/web/deployments/test` named by an ApplicationSet's git generator is an environment.
  if (held.length) {
    const repo = await repositoryRoot(cwd);
    const scanned = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const fresh = [...files].filter((f) => !scanned.has(f));
      fresh.forEach((f) => scanned.add(f));
      set.deployedPaths = [...new Set([...(set.deployedPaths ?? []), ...(await deployedFolders(fresh, set.read ??= new Map()))])].sort();
      const rescue = held.filter((h) => isDeployedFolder(relPosix(repo, h.abs), set.deployedPaths ?? []));
      if (rescue.length === 0) break;
      for (const h of rescue) { held.splice(held.indexOf(h), 1); set.deployed.push(toPosixRelative(cwd, h.abs)); }
      await Promise.all(rescue.map((h) => walk(h.abs, h.example, true)));
    }
    for (const h of held) {
      const path = toPosixRelative(cwd, h.abs);
      const n = await countYamlFiles(h.abs);
      if (h.kind === "test") set.testFolders.push({ path, files: n });
      else set.demoFolders.push({ path, files: n, words: h.words ?? "", abs: h.abs });
    }
  }
  set.files = [...files].sort();
  set.testFolders.sort((a, b) => a.path.localeCompare(b.path));
  set.demoFolders.sort((a, b) => a.path.localeCompare(b.path));
  set.deployed.sort();
  return set;
}

export interface KustomizeContext {
  /** The kustomize builds that deploy a file (empty when none does) and whether one lists it as a patch. */
  deploymentOf(file: string): FileDeployment | undefined;
  /** Files the builds reach outside the given paths (a base beside the overlay being linted), absolute, sorted. */
  reached: string[];
}

/**
 * Reads the kustomizations of the walked folders and, through their `resources:`, `bases:` and `components:`, those of
 * every folder they reach (`kubeready lint overlays/dev` lints the base it deploys too). Files those kustomizations
 * list outside the given paths are returned in `reached`, to be analysed with the rest.
 */
export async function readKustomizations(fileSet: FileSet): Promise<KustomizeContext> {
  const infos = new Map<string, KustomizationInfo>(); // by '/'-separated absolute path of the kustomization file
  const readFolders = new Set<string>();
  const known = new Set(fileSet.files.map(toSlash));
  const reached = new Set<string>();
  let pending = [...fileSet.dirs].map(toSlash);
  for (let round = 0; pending.length && round < 64; round++) {
    const next: string[] = [];
    await Promise.all(pending.map(async (dir) => {
      if (readFolders.has(dir)) return;
      readFolders.add(dir);
      for (const name of KUSTOMIZATION_FILES) {
        const file = `${dir}/${name}`;
        const text = await readText(file);
        if (text === undefined) continue;
        const info = readKustomization(text);
        infos.set(file, info);
        const { folders, files } = listedPaths(file, info);
        next.push(...folders);
        for (const f of files) if (!known.has(f) && YAML_FILE.test(f) && await isFile(f)) { known.add(f); reached.add(f); }
        return; // kustomize refuses a folder with more than one; the first one wins here
      }
    }));
    pending = next.filter((d) => !readFolders.has(d));
  }
  const deployments = deploymentsByFile(infos);
  return {
    deploymentOf: (file) => deployments.get(toSlash(file)),
    reached: [...reached].sort(),
  };
}

function toSlash(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
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
