// Folders a GitOps repository keeps but deploys nowhere: an old base no cluster includes, a helper script's dummy output.
//
// In a Flux or Argo CD repository what runs is what the GitOps objects reach: a Flux Kustomization's `spec.path`, an
// Argo CD Application's `source.path`, and through each folder's kustomization its resources, bases and components.
// A folder of manifests that none of them reaches is dead code to the person who owns the repository; judging it
// object by object (a CSI node plugin nobody installs drew 18 findings in held-out 3) buries what is deployed. Such a
// folder is left out and said once, like the demo folders (demoFolders.ts). Conservative on purpose, everything stays
// judged when:
// - the linted files hold no Flux Kustomization or Argo CD Application/ApplicationSet path into the repository, or one
//   of them is templated beyond what can be resolved (an ApplicationSet whose `{{path}}` has no generator paths);
// - a folder is reached through a kustomization or lies under a deployed folder without one (Flux generates a
//   kustomization of everything below it; Argo CD may recurse);
// - it is a Helm chart (installed by helm, not by path), it holds the GitOps objects themselves, or a README, Makefile,
//   script or skaffold/Tilt file names it after `kubectl apply`, `kustomize build` and the like;
// - it was named on the command line, or `--include-unused` is given.
import { promises as fs } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { parseAllDocuments } from "yaml";
import { isRemoteEntry, KUSTOMIZATION_FILES } from "../../rules/model/kustomize.js";
import { gitopsObjects, isExampleName, repositoryRoot } from "./demoFolders.js";

const GITOPS_HINT = /argoproj\.io|kustomize\.toolkit\.fluxcd\.io/;
/** Kinds whose files are the entry points themselves: never set aside. */
const GITOPS_KINDS = /^kind:[ \t]*["']?(Kustomization|GitRepository|OCIRepository|Application|ApplicationSet|AppProject)["']?[ \t]*$/m;

/** A path a GitOps object deploys, as written, with the source it is read from and the file that says so. */
export interface EntryPath { path: string; source: string; from: string }

/**
 * The paths the Flux Kustomizations (`spec.path`, `spec.components`) and Argo CD Applications/ApplicationSets
 * (`source.path`, `sources[].path`, generator paths) of `text` deploy, each with its source (`flux:Kind/name` of the
 * sourceRef, `argo:<repoURL>`). `unknown` is set when one cannot be resolved at all (an ApplicationSet template path
 * that is wholly a template while no generator names a path).
 */
export function entryPathsIn(text: string): { paths: { path: string; source: string }[]; unknown: boolean } {
  const out = { paths: [] as { path: string; source: string }[], unknown: false };
  for (const o of gitopsObjects(text)) {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    if (o.kind === "Kustomization") {
      const ref = (spec.sourceRef ?? {}) as Record<string, unknown>;
      const source = `flux:${String(ref.kind ?? "GitRepository")}/${String(ref.name ?? "")}`;
      // No path: the source's root.
      const base = typeof spec.path === "string" ? spec.path : ".";
      out.paths.push({ path: base, source });
      if (Array.isArray(spec.components)) for (const c of spec.components) if (typeof c === "string") out.paths.push({ path: `${base.replace(/\/+$/, "")}/${c}`, source });
    } else {
      const template: { path: string; source: string }[] = [];
      const others: { path: string; source: string }[] = [];
      if (o.kind === "Application") collectPaths(spec, template, "");
      else {
        collectPaths((spec as { template?: unknown }).template, template, "");
        collectPaths(spec.generators, others, "");
      }
      for (const p of template) {
        if (literalPrefix(p.path) !== "" || p.path.trim() === "." || p.path.trim() === "./") out.paths.push(p);
        else if (others.length === 0) out.unknown = true;
      }
      out.paths.push(...others);
    }
  }
  return out;
}

function collectPaths(node: unknown, out: { path: string; source: string }[], repoURL: string, depth = 0): void {
  if (depth > 14 || !node || typeof node !== "object") return;
  if (Array.isArray(node)) { for (const n of node) collectPaths(n, out, repoURL, depth + 1); return; }
  const o = node as Record<string, unknown>;
  const here = typeof o.repoURL === "string" ? o.repoURL : repoURL;
  for (const [k, v] of Object.entries(o)) {
    if (k === "path" && typeof v === "string") out.push({ path: v, source: `argo:${here.replace(/\.git$/, "").replace(/\/+$/, "").toLowerCase()}` });
    else if (k !== "valueFiles" && k !== "helm" && k !== "plugin") collectPaths(v, out, here, depth + 1);
  }
}

/** The part of a path before its first templated or wildcard segment ('/'-separated, no leading "./"). */
export function literalPrefix(p: string): string {
  const segs: string[] = [];
  for (const s of p.trim().replace(/\\/g, "/").split("/")) {
    if (s === "" || s === ".") continue;
    if (/[*?[{]|\$\{|\$\(/.test(s)) break;
    segs.push(s);
  }
  return segs.join("/");
}

/** Path tokens a README, Makefile, script or skaffold/Tilt file names after a command that deploys a folder or file. */
export function mentionedPaths(text: string): string[] {
  const out: string[] = [];
  const command = /(?:kubectl|oc|kustomize|k)\s+(?:apply|create|replace|kustomize|build|delete)\b([^\n`|;&]*)/g;
  for (const m of text.matchAll(command)) {
    for (const tok of m[1].split(/\s+/)) {
      const t = tok.replace(/^(?:--filename=|--kustomize=|-[fk]=?)/, "").replace(/^["'(]+|["'),]+$/g, "");
      if (!t || t.startsWith("-") || /^[a-z]+:\/\//i.test(t) || t.includes("$") || t === "." || t === "-") continue;
      if (/[/.]/.test(t)) out.push(t);
    }
  }
  // skaffold.yaml (manifests.rawYaml / kustomize.paths) and Tiltfiles (k8s_yaml('…'), kustomize('…')): every quoted path.
  for (const m of text.matchAll(/(?:k8s_yaml|kustomize|helm)\(\s*["']([^"']+)["']/g)) out.push(m[1]);
  return out;
}

const MENTION_FILE = /^(?:readme(?:\.[a-z]+)?|makefile|gnumakefile|[^/]*\.mk|[^/]*\.sh|[^/]*\.bash|taskfile\.ya?ml|justfile|skaffold\.ya?ml|tiltfile|[^/]*\.md)$/i;
/** A file that holds a Kubernetes object (not a values file, a kustomization or a CI workflow). */
const MANIFEST = /^apiVersion:[ \t]*\S+[\s\S]*?^kind:[ \t]*\S|^kind:[ \t]*\S+[\s\S]*?^apiVersion:[ \t]*\S/m;
const SKIP = new Set(["node_modules", ".git", "vendor", ".terraform"]);

/** Files that may name a deployed path, under `root` (a bounded walk: the top of a repository holds them). */
async function mentionFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  let budget = 6000;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (--budget < 0) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < 6 && !SKIP.has(e.name) && (!e.name.startsWith(".") || e.name === ".github")) await walk(p, depth + 1);
      } else if (e.isFile() && (MENTION_FILE.test(e.name) || (dir.includes(`${sep}.github${sep}`) && /\.ya?ml$/.test(e.name)))) out.push(p);
    }
  };
  await walk(root, 0);
  return out;
}

async function exists(p: string): Promise<"dir" | "file" | undefined> {
  try { const st = await fs.stat(p); return st.isDirectory() ? "dir" : st.isFile() ? "file" : undefined; } catch { return undefined; }
}

async function kustomizationOf(dir: string): Promise<string | undefined> {
  for (const k of KUSTOMIZATION_FILES) if ((await exists(join(dir, k))) === "file") return join(dir, k);
  return undefined;
}

/** Every local path a kustomization file names: resources, bases, components, patches, generator files, Helm values. */
export function kustomizationEntries(text: string): string[] {
  const out: string[] = [];
  let docs;
  try { docs = parseAllDocuments(text, { logLevel: "silent" }); } catch { return out; }
  const add = (v: unknown) => {
    if (typeof v !== "string" || !v) return;
    const path = v.includes("=") ? v.slice(v.indexOf("=") + 1) : v; // configMapGenerator files: key=path
    if (!isRemoteEntry(path)) out.push(path);
  };
  const walk = (node: unknown, key: string, depth: number): void => {
    if (depth > 8 || node === null || node === undefined) return;
    if (Array.isArray(node)) { for (const n of node) walk(n, key, depth + 1); return; }
    if (typeof node === "object") { for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, k, depth + 1); return; }
    if (["resources", "bases", "components", "patchesStrategicMerge", "path", "files", "envs", "env", "crds", "valuesFile", "additionalValuesFiles", "configurations", "generators", "transformers", "validators", "chartHome"].includes(key)) add(node);
  };
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    try { walk(doc.toJS({ maxAliasCount: 100 }), "", 0); } catch { /* unreadable: names nothing */ }
  }
  return out;
}

/** What the entry points reach: files, and folders reached whole (everything below them). */
class Reach {
  readonly files = new Set<string>();
  readonly trees = new Set<string>();
  private readonly visited = new Set<string>();

  covers(abs: string): boolean {
    if (this.files.has(abs)) return true;
    for (let d = dirname(abs); ; d = dirname(d)) {
      if (this.trees.has(d)) return true;
      if (dirname(d) === d) return false;
    }
  }

  /** A deployed path: a kustomization is followed; a folder without one is deployed whole (Flux generates one of all). */
  async enter(abs: string): Promise<void> {
    const kind = await exists(abs);
    if (kind === "file") { this.files.add(abs); return; }
    if (kind !== "dir" || this.visited.has(abs)) return;
    this.visited.add(abs);
    const k = await kustomizationOf(abs);
    if (!k) { this.trees.add(abs); return; }
    this.files.add(k);
    let text = "";
    try { text = await fs.readFile(k, "utf8"); } catch { this.trees.add(abs); return; }
    for (const e of kustomizationEntries(text)) await this.enter(resolve(abs, e));
  }
}

export interface UnusedFolder {
  /** The folder, relative to the working directory ('/'-separated). */
  path: string;
  /** Absolute. */
  abs: string;
  /** YAML files left out. */
  files: number;
}

export interface UnusedResult {
  /** Absolute paths of the files left out. */
  files: Set<string>;
  folders: UnusedFolder[];
  /** What the repository deploys from (for the note): "2 Flux Kustomizations" and the like. */
  entries: number;
}

/**
 * The walked files no GitOps entry point of the repository reaches, grouped by the outermost folder that holds
 * nothing reached. `files`: every linted file (absolute) with its text; `named`: the paths named on the command line
 * (absolute); `repo`: the repository root.
 */
export async function findUnused(files: readonly { abs: string; text: string }[], named: readonly string[], repo: string, cwd: string, sampleFolders: ReadonlySet<string> = new Set()): Promise<UnusedResult> {
  const none: UnusedResult = { files: new Set(), folders: [], entries: 0 };
  const entries: EntryPath[] = [];
  const entryFiles = new Set<string>();
  for (const f of files) {
    // GitOps objects in an example or test folder (an operator's sample Flux install) do not make the repository a GitOps one.
    if (relative(repo, f.abs).split(sep).slice(0, -1).some((s) => isExampleName(s, sampleFolders))) continue;
    const found = entryPathsIn(f.text);
    if (found.unknown) return none;
    if (found.paths.length || GITOPS_KINDS.test(f.text) && GITOPS_HINT.test(f.text)) entryFiles.add(f.abs);
    for (const p of found.paths) entries.push({ ...p, from: f.abs });
  }
  if (entries.length === 0) return none;

  const reach = new Reach();
  const resolved: { e: EntryPath; hit?: string; templated: boolean }[] = [];
  for (const e of entries) {
    const prefix = literalPrefix(e.path);
    const templated = prefix !== e.path.trim().replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/+$/, "").replace(/(^|\/)\.(?=\/|$)/g, "");
    // Relative to the repository root; a source rooted in a sub-folder (a monorepo's flux/ folder) is tried too.
    const candidates = [repo];
    for (let d = dirname(e.from); d.startsWith(repo + sep); d = dirname(d)) candidates.push(d);
    let hit: string | undefined;
    for (const c of candidates) if (await exists(resolve(c, prefix))) { hit = resolve(c, prefix); break; }
    resolved.push({ e, hit, templated });
  }
  // A source with a path found here is this repository; a path of such a source that is not here, or a source that
  // remaps paths (a Flux ExternalArtifact), leaves what is deployed unknown: nothing is set aside. A source none of
  // whose paths are here is another repository (an upstream project's CRDs, a team's own repository): it deploys
  // nothing of this one.
  const ours = new Set(resolved.filter((r) => r.hit).map((r) => r.e.source));
  for (const r of resolved) {
    if (r.hit) continue;
    if (ours.has(r.e.source) || /^flux:(ExternalArtifact|ArtifactGenerator)\//.test(r.e.source) || r.e.source === "argo:") {
      return { ...none, entries: entries.length };
    }
  }
  for (const { hit, templated } of resolved) {
    if (!hit) continue;
    if (templated || hit === repo) reach.trees.add(hit); // a glob or a template: everything below its literal part
    else await reach.enter(hit);
  }
  // A README, Makefile or script that deploys a path by hand makes it an entry point too.
  for (const m of await mentionFiles(repo)) {
    let text: string;
    try { const st = await fs.stat(m); if (st.size > 512 * 1024) continue; text = await fs.readFile(m, "utf8"); } catch { continue; }
    for (const p of mentionedPaths(text)) {
      for (const base of [dirname(m), repo]) {
        const abs = resolve(base, p);
        if (abs.startsWith(repo) && await exists(abs)) { await reach.enter(abs); break; }
      }
    }
  }
  const namedAbs = named.map((p) => resolve(cwd, p));
  const textOf = new Map(files.map((f) => [f.abs, f.text]));
  const unused: string[] = [];
  const kept: string[] = [];
  const reached: string[] = [];
  for (const f of files) {
    const covered = reach.covers(f.abs);
    if (covered) reached.push(f.abs);
    const isUnused = !covered && !entryFiles.has(f.abs) && !(await inChart(f.abs, repo)) && !namedAbs.some((n) => n === f.abs);
    (isUnused ? unused : kept).push(f.abs);
  }
  if (unused.length === 0) return { ...none, entries: entries.length };
  // The repository is organised around its entry points only when they reach most of its manifests (at least five, and
  // three times as many as they leave out): an operator or an app that keeps one sample Application or ApplicationSet
  // beside its install manifests is not a GitOps repository.
  const manifests = (list: string[]) => list.filter((a) => !isKustomizationName(a) && MANIFEST.test(textOf.get(a) ?? "")).length;
  const unusedManifests = manifests(unused);
  const reachedManifests = manifests(reached);
  if (reachedManifests < 5 || unusedManifests * 3 > reachedManifests) return { ...none, entries: entries.length };
  // The outermost folder above each unused file that holds no kept file and lies strictly below a named folder
  // (a folder named on the command line is linted whole, whatever it holds).
  const keptDirs = new Set<string>();
  for (const k of kept) for (let d = dirname(k); ; d = dirname(d)) { if (keptDirs.has(d)) break; keptDirs.add(d); if (dirname(d) === d) break; }
  const folderOf = new Map<string, string>();
  const set = new Set<string>();
  for (const u of unused) {
    const floor = namedAbs.filter((n) => u.startsWith(n + sep)).sort((a, b) => b.length - a.length)[0];
    if (!floor) continue;
    let d = dirname(u);
    if (d === floor || keptDirs.has(d)) {
      // The file sits beside deployed ones (or directly in the named folder): not a folder of its own, stays judged.
      continue;
    }
    while (dirname(d) !== floor && !keptDirs.has(dirname(d)) && dirname(d).startsWith(floor + sep)) d = dirname(d);
    folderOf.set(u, d);
    set.add(u);
  }
  const counts = new Map<string, number>();
  for (const d of folderOf.values()) counts.set(d, (counts.get(d) ?? 0) + 1);
  const folders = [...counts].map(([abs, n]) => ({ abs, path: relative(cwd, abs).split(sep).join("/") || ".", files: n })).sort((a, b) => a.path.localeCompare(b.path));
  return { files: set, folders, entries: entries.length };
}

async function inChart(abs: string, repo: string): Promise<boolean> {
  for (let d = dirname(abs); d.startsWith(repo); d = dirname(d)) {
    if ((await exists(join(d, "Chart.yaml"))) === "file") return true;
    if (d === repo || dirname(d) === d) break;
  }
  return false;
}

/** The run's information lines: one per folder left out. */
export function unusedLines(result: UnusedResult): string[] {
  return result.folders.map((f) => `not linted as not deployed: ${f.path} (${f.files} YAML file${f.files === 1 ? "" : "s"}) is reached by no Flux Kustomization, Argo CD Application or kustomization that the repository's GitOps objects deploy, and no README or script applies it. Lint it with --include-unused, or name it on the command line.`);
}

/** Whether `name` is the basename of a kustomization file (used by callers that filter inputs). */
export function isKustomizationName(p: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(p));
}

/**
 * Takes out of `inputs` the files of folders no GitOps entry point reaches (see findUnused) and returns what was left
 * out, for the run's notes and for the render step (those folders are not rendered either).
 */
export async function takeUnusedFiles<T extends { uri: string; text: string; display: string }>(inputs: T[], pathOf: (input: T) => string, named: readonly string[], cwd: string, displayOf: Map<string, string>, sampleFolders: ReadonlySet<string>): Promise<UnusedResult> {
  const repo = await repositoryRoot(cwd);
  const result = await findUnused(inputs.map((i) => ({ abs: pathOf(i), text: i.text })), named, repo, cwd, sampleFolders);
  if (result.files.size === 0) return result;
  for (let i = inputs.length - 1; i >= 0; i--) {
    if (!result.files.has(pathOf(inputs[i]))) continue;
    displayOf.delete(inputs[i].uri);
    inputs.splice(i, 1);
  }
  return result;
}

/** Walked folders minus those inside a folder left out: a kustomization there is not rendered either. */
export function withoutUnusedFolders(dirs: Iterable<string>, result: UnusedResult): string[] {
  if (result.folders.length === 0) return [...dirs];
  return [...dirs].filter((d) => !result.folders.some((f) => d === f.abs || d.startsWith(f.abs + sep)));
}
