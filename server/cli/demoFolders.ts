// Demo, test, comparison and dev-only content recognised beyond folder names, each verdict with the reason a reader is told.
//
// A folder walk already leaves out `test/` and `examples/` by name (testData.ts). Real repositories also keep throw-away
// trees under names that say nothing (`bootstrap/apptrees/`), say so in a README ("non-production imitation … only for
// experiments", "should only be used … for comparison purpose"), and keep dev/minikube overlays beside the real ones.
// Findings there are right by the letter and dismissed at once by the person who reads them. The verdicts here are
// never applied to what is really deployed: a folder an Argo CD Application/ApplicationSet or a Flux Kustomization of
// the repository deploys is walked whatever its name or README, and a path named on the command line is never skipped.
import { closeSync, fstatSync, openSync, promises as fs, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { documentStarts } from "../../rules/model/document.js";

/** README file names whose opening speaks for their folder. */
export const README_NAMES = ["README.md", "README", "readme.md", "Readme.md", "README.markdown", "README.txt"];

/**
 * What a README says when its folder is not for production: the author restricts its use to experiments, testing,
 * demonstration or comparison, or calls it a harness. Statements about maturity ("not ready for production use") and
 * mentions of testing in passing ("build your own manifests for testing purposes") are not verdicts.
 */
const README_VERDICT = new RegExp([
  String.raw`\bnon-production (?:imitation|copy|replica|mirror|clone|mock|sandbox|playground)\b`,
  String.raw`\b(?:use (?:it|this|them) |be used |used )?only (?:be used )?(?:for|in) experiment(?:s|ation)\b`,
  String.raw`\bfor experiment(?:s|ation) only\b`,
  String.raw`\bonly\b[^.\n]{0,80}?\bfor (?:compari(?:si|s)?on|testing|test|demo|demonstration|experimental) purposes?\b`,
  String.raw`\bfor (?:compari(?:si|s)?on|testing|demo|demonstration) purposes? only\b`,
  String.raw`\bnot (?:meant|intended|supposed|designed) to be (?:used|deployed|run) (?:in|for) production\b`,
  String.raw`\b(?:do not|don't|never) (?:use|deploy|run) (?:this|these|it|them) (?:in|for|to) production\b`,
  String.raw`\b(?:stress|test|load|chaos) harness\b`,
].join("|"), "i");

/** The opening of a README: up to its second heading (a README's later sections describe sub-folders and options). */
export function readmeOpening(text: string): string {
  const lines = text.split(/\r?\n/);
  let headings = 0;
  const out: string[] = [];
  for (const line of lines) {
    if (/^#{1,6}\s/.test(line) && ++headings > 1) break;
    out.push(line);
    if (out.length > 60) break;
  }
  return out.join("\n").replace(/[`*_]/g, "").replace(/\s+/g, " ");
}

/** The words of a README's opening that mark its folder as not for production, if any. */
export function readmeVerdict(text: string): string | undefined {
  const m = README_VERDICT.exec(readmeOpening(text));
  return m ? m[0] : undefined;
}


/**
 * Whether a folder name marks samples or documentation by one of its words (`sample-manifests`, `olm-samples`,
 * `migration-example`, `hello-world`): the `exampleFolders` names matched word by word. `demo` alone is not enough
 * inside a longer name: a chart named after a demo application (`aks-store-demo`) is what users install.
 */
export function isExampleName(name: string, exampleFolders: ReadonlySet<string>): boolean {
  if (exampleFolders.has(name)) return true;
  if (exampleFolders.size === 0) return false;
  const lower = name.toLowerCase();
  if (lower.replace(/[-_.]/g, "") === "helloworld") return true;
  const words = lower.split(/[-_.]+/).filter(Boolean);
  return words.length > 1 && words.some((w) => exampleFolders.has(w) && w !== "demo" && w !== "demos");
}

/** Overlay names that say "my laptop": local clusters and development environments. */
const DEV_SEGMENTS = new Set(["dev", "development", "local", "localdev", "local-dev", "minikube", "kind", "k3d", "docker-desktop", "microk8s"]);

/** Whether a render root's folder (relative, '/'-separated) is a dev/local overlay by one of its path segments. */
export function isDevRootPath(rel: string): boolean {
  return rel.split("/").some((s) => DEV_SEGMENTS.has(s.toLowerCase()));
}

// ---------- what the repository's GitOps objects deploy ----------

const GITOPS_HINT = /argoproj\.io|kustomize\.toolkit\.fluxcd\.io/;

/**
 * Folders (relative to `repoRoot`, '/'-separated, globs cut at their first wildcard) that an Argo CD Application or
 * ApplicationSet (`source.path`, `sources[].path`, `$values/…` value files, git generator paths) or a Flux
 * Kustomization (`spec.path`) in `text` deploys.
 */
export function gitopsPaths(text: string): string[] {
  const out: string[] = [];
  for (const o of gitopsObjects(text)) {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    if (o.kind === "Kustomization") {
      if (typeof spec.path === "string") out.push(spec.path);
    } else collectArgoPaths(o.kind === "ApplicationSet" ? spec : { template: { spec } }, out);
  }
  return out.map(cleanPath).filter((p): p is string => Boolean(p));
}

/**
 * The Flux Kustomizations and Argo CD Applications/ApplicationSets of `text`, as plain objects. Only documents that can
 * be one are parsed (mayDeploy): install manifests mention argoproj.io in every CRD and RBAC rule.
 */
export function gitopsObjects(text: string): Record<string, unknown>[] {
  if (!GITOPS_HINT.test(text)) return [];
  const out: Record<string, unknown>[] = [];
  const starts = documentStarts(text);
  for (let k = 0; k < starts.length; k++) {
    const chunk = text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : text.length);
    if (!mayDeploy(chunk)) continue;
    let docs;
    try { docs = parseAllDocuments(chunk, { logLevel: "silent" }); } catch { continue; }
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      let v: unknown;
      try { v = doc.toJS({ maxAliasCount: 100 }); } catch { continue; }
      if (!v || typeof v !== "object") continue;
      const o = v as Record<string, unknown>;
      const api = String(o.apiVersion ?? "");
      if (api.startsWith("kustomize.toolkit.fluxcd.io/") && o.kind === "Kustomization") out.push(o);
      else if (api.startsWith("argoproj.io/") && (o.kind === "Application" || o.kind === "ApplicationSet")) out.push(o);
    }
  }
  return out;
}

/** Kinds of the objects gitopsPaths reads. */
const GITOPS_KINDS = new Set(["Application", "ApplicationSet", "Kustomization"]);
/** A `kind:` key at the start of a line: the top-level mapping's kind in a block-style manifest. */
const TOP_LEVEL_KIND = /^(?:kind|"kind"|'kind')[ \t]*:[ \t]*(.*)$/gm;
const PLAIN_KIND = /^(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?$/;

/**
 * Whether a document (text between `---` lines) can be an object gitopsPaths reads. A repository's install manifests
 * mention argoproj.io in every CRD and RBAC rule (Argo CD's own install.yaml: 2 MB in 60 documents), and parsing all of
 * them was a fifth of a corpus lint; a document whose one top-level `kind:` line names another kind is left unparsed.
 * Anything less plain (no such line, two of them, a tag, an alias, flow style) is parsed.
 */
function mayDeploy(doc: string): boolean {
  if (!GITOPS_HINT.test(doc)) return false;
  let kind: string | undefined, count = 0;
  for (const m of doc.matchAll(TOP_LEVEL_KIND)) { kind = m[1]; if (++count > 1) return true; }
  if (kind === undefined) return true;
  const plain = PLAIN_KIND.exec(kind.trimEnd());
  return !plain || GITOPS_KINDS.has(plain[2]);
}

function collectArgoPaths(node: unknown, out: string[], depth = 0): void {
  if (depth > 12 || !node || typeof node !== "object") return;
  if (Array.isArray(node)) { for (const n of node) collectArgoPaths(n, out, depth + 1); return; }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === "path" && typeof v === "string") out.push(v);
    else if (k === "valueFiles" && Array.isArray(v)) for (const f of v) { if (typeof f === "string" && f.startsWith("$")) out.push(f.replace(/^\$[^/]+\//, "").replace(/\/[^/]*$/, "")); }
    else collectArgoPaths(v, out, depth + 1);
  }
}

/** A deployed path as a folder prefix: templates and globs cut at the first segment that holds one. */
function cleanPath(p: string): string | undefined {
  const segs: string[] = [];
  for (const s of p.replace(/^\.\/+/, "").split("/")) {
    if (s === "" || s === ".") continue;
    if (/[*?[{]|\$\{/.test(s)) { segs.push("\0"); break; }
    segs.push(s);
  }
  if (segs.length === 0 || segs[0] === "\0" || segs[0] === "..") return undefined;
  return segs.join("/");
}

/** Whether `folder` (relative, '/'-separated) is deployed by one of `deployed` (folder prefixes; "\0" is any one segment). */
export function isDeployedFolder(folder: string, deployed: readonly string[], within = true): boolean {
  const f = folder.split("/");
  return deployed.some((d) => {
    const p = d.split("/");
    // The folder holds what is deployed, or (with `within`) what is deployed holds the folder.
    if (!within && p.length < f.length) return false;
    const n = Math.min(p.length, f.length);
    for (let i = 0; i < n; i++) if (p[i] !== "\0" && p[i] !== f[i]) return false;
    return true;
  });
}

/**
 * Reads the YAML files of a walk and returns the folders their GitOps objects deploy (relative to the repository). The
 * bytes read go into `read` (when given), so the lint's own read of each file reuses them (files.ts, readInputFile).
 */
export async function deployedFolders(files: readonly string[], read?: Map<string, Buffer>): Promise<string[]> {
  const out = new Set<string>();
  for (const f of files) {
    let bytes: Buffer | number;
    try { bytes = readUpTo(f, 2_000_000); } catch { continue; }
    if (!Buffer.isBuffer(bytes)) continue;
    read?.set(f, bytes);
    for (const p of gitopsPaths(bytes.toString("utf8"))) out.add(p);
  }
  return [...out].sort();
}

/**
 * A file's bytes, or its size when larger than `maxBytes` (then unread). Synchronous on purpose: over a tree in the page
 * cache a promise-based read (open, stat, read and close, each a trip through libuv's thread pool and back) cost the
 * main thread more CPU than the synchronous read of the same file, about a tenth of a corpus lint for two reads a file.
 */
export function readUpTo(path: string, maxBytes: number): Buffer | number {
  const fd = openSync(path, "r");
  try {
    const { size } = fstatSync(fd);
    return size > maxBytes ? size : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The repository a path belongs to: the nearest folder above it holding `.git` (else the path itself). */
export async function repositoryRoot(dir: string): Promise<string> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    try { await fs.stat(join(d, ".git")); return d; } catch { /* go up */ }
    if (dirname(d) === d) return resolve(dir);
  }
}

/** '/'-separated path of `abs` relative to `root`. */
export function relPosix(root: string, abs: string): string {
  return relative(root, abs).split(sep).join("/");
}

// ---------- rendered findings only seen in demo deployments ----------

export interface DemoRoot {
  /** The root's label (its folder relative to the working directory). */
  label: string;
  reason: string;
  /**
   * For a dev overlay outside example folders: its folder (absolute). What it says about its own files (its namespace,
   * its own patches) is a fact of a dev environment and stays; only findings on the bases it shares are set aside.
   */
  ownDir?: string;
}

/**
 * Render roots judged demo: a root inside a folder whose README sets it aside, a root that reaches such a folder
 * (an overlay built on a comparison-only component produces comparison-only objects), and a dev/local/minikube/kind
 * overlay when a non-dev root shares one of its bases or components (what is really deployed is judged there).
 */
export function demoRoots(roots: readonly { label: string; dir: string; dirs?: ReadonlySet<string> }[], demoDirs: ReadonlyMap<string, string>, exampleFolders: ReadonlySet<string> = new Set()): DemoRoot[] {
  const norm = (p: string) => resolve(p);
  const demoOf = (dir: string): string | undefined => {
    for (const [d, why] of demoDirs) if (dir === d || dir.startsWith(d + sep)) return why;
    return undefined;
  };
  const out = new Map<string, string>();
  const ownDirs = new Map<string, string>();
  for (const r of roots) {
    const own = demoOf(norm(r.dir));
    if (own) { out.set(r.label, own); continue; }
    for (const d of r.dirs ?? []) {
      const why = demoOf(norm(d));
      if (why) { out.set(r.label, `built on ${why}`); break; }
    }
  }
  const dev = roots.filter((r) => !out.has(r.label) && isDevRootPath(r.label));
  const others = roots.filter((r) => !out.has(r.label) && !isDevRootPath(r.label));
  for (const r of dev) {
    const mine = new Set([...(r.dirs ?? [])].map(norm).filter((d) => d !== norm(r.dir)));
    const sibling = others.find((o) => [...(o.dirs ?? [])].some((d) => norm(d) !== norm(o.dir) && mine.has(norm(d))));
    if (!sibling) continue;
    out.set(r.label, `a dev/local overlay (${sibling.label} deploys the same base)`);
    if (!r.label.split("/").some((s) => exampleFolders.has(s))) ownDirs.set(r.label, norm(r.dir));
  }
  return [...out].map(([label, reason]) => ({ label, reason, ...(ownDirs.has(label) ? { ownDir: ownDirs.get(label) } : {}) }));
}

/** The root label a deployment label belongs to ("charts/web with values-prod.yaml" → "charts/web"). */
export function rootLabelOf(deployment: string): string {
  return deployment.split(" with ")[0];
}

/**
 * Splits rendered findings into those seen in at least one real deployment and those seen only in demo ones (dropped,
 * counted per root for the run's line). A finding without deployments (a root's own note) follows its root.
 */
export function withoutDemoRenders<T extends { deployments: string[]; uri: string }>(findings: readonly T[], demo: readonly DemoRoot[]): { kept: T[]; dropped: number } {
  if (demo.length === 0) return { kept: [...findings], dropped: 0 };
  const byLabel = new Map(demo.map((d) => [d.label, d]));
  const kept: T[] = [];
  let dropped = 0;
  for (const f of findings) {
    const path = pathOfUri(f.uri);
    const demoOnly = f.deployments.length > 0 && f.deployments.every((d) => {
      const r = byLabel.get(rootLabelOf(d));
      return r !== undefined && (r.ownDir === undefined || !(path === r.ownDir || path.startsWith(r.ownDir + sep)));
    });
    if (demoOnly) dropped++;
    else kept.push(f);
  }
  return { kept, dropped };
}

function pathOfUri(uri: string): string {
  try { return resolve(fileURLToPath(uri)); } catch { return uri; }
}

/**
 * What the render step needs to set demo deployments aside: the folders whose README sets them aside (absolute, with
 * the words), and whether a folder is deployed by a GitOps object of the repository (then it is never a demo).
 */
export async function demoContext(fileSet: { demoFolders: readonly { abs: string; words: string }[]; deployedPaths?: readonly string[] }, inputs: readonly { text: string }[], cwd: string): Promise<{ dirs: Map<string, string>; deployed: (dir: string) => boolean }> {
  const dirs = new Map(fileSet.demoFolders.map((d) => [resolve(d.abs), `a folder whose README says "${d.words}"`]));
  const paths = new Set(fileSet.deployedPaths ?? []);
  if (!fileSet.deployedPaths) for (const i of inputs) for (const p of gitopsPaths(i.text)) paths.add(p);
  const repo = await repositoryRoot(cwd);
  const list = [...paths];
  return { dirs, deployed: (dir) => list.length > 0 && isDeployedFolder(relPosix(repo, dir), list, false) };
}
