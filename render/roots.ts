// Finds what is deployed: Helm charts (a folder with Chart.yaml) and kustomize roots (kustomizations no other one includes).
import { promises as fs } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { parse } from "yaml";

export const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const YAML_FILE = /\.ya?ml$/i;
/** A resource entry that is fetched, not read from the repository: `https://`, `git@`, `github.com/org/repo`, `?ref=`. */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^git@|^(github\.com|gitlab\.com|bitbucket\.org)\/|[?&]ref=/i;

export interface ChartRoot {
  kind: "helm";
  dir: string;
  /** Chart.yaml. */
  file: string;
  name: string;
  /** Dependencies of Chart.yaml not vendored under charts/ (rendering them would need the network). */
  missingDependencies: string[];
  /** What turns each missing dependency on (Chart.yaml `condition` paths and `tags`), by name: see `disabledMissing`. */
  missingSwitches?: Record<string, { condition?: string; tags?: string[] }>;
  /**
   * Where `helm template` runs when it is not `dir`: a temporary copy of the chart without the missing dependencies that
   * every deployment's values leave disabled (see render/index.ts). Findings still map to `dir`.
   */
  renderDir?: string;
}

/** A patch of a kustomization, for pointing a finding at the patch that set (or should set) a value. */
export interface PatchRef {
  file: string;
  /** The patch's target from the kustomization (kind/name), when it names one. */
  target?: { kind?: string; name?: string };
  /** The folder of the kustomization (an overlay or a component) that applies it. */
  dir?: string;
}

export interface ImageRef {
  /** The kustomization file and the index of its `images:` entry. */
  file: string;
  index: number;
  name: string;
}

export interface KustomizeRoot {
  kind: "kustomize";
  dir: string;
  /** Its kustomization file. */
  file: string;
  /** Remote resources, bases or components anywhere in its tree. */
  remote: { entry: string; file: string }[];
  /** Kustomization folders reached (the root's own, its bases, components). */
  dirs: Set<string>;
  /** Every file rendering reads or that sits in a kustomization folder it reaches: judged through rendering only. */
  files: Set<string>;
  patches: PatchRef[];
  images: ImageRef[];
}

export type RenderRoot = ChartRoot | KustomizeRoot;

async function readText(path: string): Promise<string | undefined> {
  try { return await fs.readFile(path, "utf8"); } catch { return undefined; }
}

async function isDir(path: string): Promise<boolean> {
  try { return (await fs.stat(path)).isDirectory(); } catch { return false; }
}

function parseYaml(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = parse(text, { maxAliasCount: 100 });
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The kustomization file of a folder, if it has one. */
export async function kustomizationIn(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_NAMES) {
    const p = join(dir, name);
    try { if ((await fs.stat(p)).isFile()) return p; } catch { /* next name */ }
  }
  return undefined;
}

interface KustomizationFacts {
  file: string;
  component: boolean;
  /** Folders it includes (resources, bases, components that are folders). */
  includes: string[];
  /** Files it reads (resources, patches, generator files). */
  reads: string[];
  remote: string[];
  patches: PatchRef[];
  images: ImageRef[];
}

const factsCache = new Map<string, { text: string; facts: KustomizationFacts }>();

async function readFacts(dir: string): Promise<KustomizationFacts | undefined> {
  const file = await kustomizationIn(dir);
  if (!file) return undefined;
  const text = await readText(file);
  if (text === undefined) return undefined;
  const hit = factsCache.get(file);
  if (hit && hit.text === text) return hit.facts;
  const k = parseYaml(text) ?? {};
  const facts: KustomizationFacts = { file, component: k.kind === "Component", includes: [], reads: [], remote: [], patches: [], images: [] };
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  for (const field of ["resources", "bases", "components"]) {
    for (const entry of strings(k[field])) {
      if (REMOTE.test(entry)) { facts.remote.push(entry); continue; }
      const abs = resolve(dir, entry);
      if (await isDir(abs)) facts.includes.push(abs); else facts.reads.push(abs);
    }
  }
  // helmCharts: inflated by `kustomize build --enable-helm`, which pulls the chart from its repository.
  if (Array.isArray(k.helmCharts) && k.helmCharts.length) {
    for (const c of k.helmCharts) {
      const name = c && typeof c === "object" ? (c as Record<string, unknown>).name : undefined;
      facts.remote.push(`helmCharts entry ${typeof name === "string" ? name : "(unnamed)"}`);
    }
  }
  for (const field of ["patches", "patchesStrategicMerge", "patchesJson6902"]) {
    const list = k[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry === "string") {
        if (entry.includes("\n")) continue; // an inline patch: it lives in the kustomization itself
        const abs = resolve(dir, entry);
        facts.reads.push(abs);
        facts.patches.push({ file: abs, dir });
      } else if (entry && typeof entry === "object") {
        const e = entry as Record<string, unknown>;
        const target = e.target && typeof e.target === "object" ? (e.target as Record<string, unknown>) : undefined;
        const t = target ? { kind: typeof target.kind === "string" ? target.kind : undefined, name: typeof target.name === "string" ? target.name : undefined } : undefined;
        if (typeof e.path === "string") {
          const abs = resolve(dir, e.path);
          facts.reads.push(abs);
          facts.patches.push({ file: abs, target: t, dir });
        }
      }
    }
  }
  for (const field of ["configMapGenerator", "secretGenerator"]) {
    const list = k[field];
    if (!Array.isArray(list)) continue;
    for (const g of list) {
      const gen = g && typeof g === "object" ? (g as Record<string, unknown>) : {};
      for (const f of [...strings(gen.files), ...strings(gen.envs), ...(typeof gen.env === "string" ? [gen.env] : [])]) {
        facts.reads.push(resolve(dir, f.includes("=") ? f.slice(f.indexOf("=") + 1) : f));
      }
    }
  }
  if (Array.isArray(k.images)) {
    k.images.forEach((img, index) => {
      const name = img && typeof img === "object" ? (img as Record<string, unknown>).name : undefined;
      if (typeof name === "string") facts.images.push({ file, index, name });
    });
  }
  factsCache.set(file, { text, facts });
  return facts;
}

async function chartIn(dir: string): Promise<ChartRoot | undefined> {
  const file = join(dir, "Chart.yaml");
  const text = await readText(file);
  if (text === undefined) return undefined;
  const chart = parseYaml(text) ?? {};
  const name = typeof chart.name === "string" && chart.name ? chart.name : basename(dir);
  const missingDependencies: string[] = [];
  const missingSwitches: Record<string, { condition?: string; tags?: string[] }> = {};
  if (Array.isArray(chart.dependencies)) {
    for (const d of chart.dependencies) {
      const dep = d && typeof d === "object" ? (d as Record<string, unknown>) : {};
      const depName = typeof dep.name === "string" ? dep.name : undefined;
      if (!depName) continue;
      // Vendored as a folder (charts/NAME, or any folder whose Chart.yaml has that name) or as a packaged .tgz.
      if (await isDir(join(dir, "charts", depName))) continue;
      let entries: string[] = [];
      try { entries = await fs.readdir(join(dir, "charts")); } catch { /* no charts/ */ }
      if (entries.some((e) => e.startsWith(`${depName}-`) && e.endsWith(".tgz"))) continue;
      let found = false;
      for (const e of entries) {
        const sub = parseYaml(await readText(join(dir, "charts", e, "Chart.yaml")));
        if (sub?.name === depName) { found = true; break; }
      }
      if (!found) {
        missingDependencies.push(depName);
        const condition = typeof dep.condition === "string" && dep.condition.trim() ? dep.condition.trim() : undefined;
        const tags = Array.isArray(dep.tags) ? dep.tags.filter((t): t is string => typeof t === "string") : undefined;
        missingSwitches[depName] = { ...(condition ? { condition } : {}), ...(tags?.length ? { tags } : {}) };
      }
    }
  }
  return { kind: "helm", dir, file, name, missingDependencies, ...(missingDependencies.length ? { missingSwitches } : {}) };
}

/** Whether `dir` sits inside a parent chart's `charts/` folder (a subchart is rendered with its parent). */
async function isSubchart(dir: string): Promise<boolean> {
  for (let d = dirname(dir); dirname(d) !== d; d = dirname(d)) {
    if (basename(d) === "charts" && (await readText(join(dirname(d), "Chart.yaml"))) !== undefined) return true;
  }
  return false;
}

/**
 * The charts and kustomize roots among `dirs` (folders the caller walked). A kustomization included by another one
 * found there (a base of an overlay, a component) is not a root: it is judged in each overlay that includes it. A
 * kustomization folder inside a chart is the chart's business. Roots come back sorted by folder.
 */
export async function discoverRoots(dirs: Iterable<string>): Promise<RenderRoot[]> {
  const all = [...new Set([...dirs].map((d) => resolve(d)))].sort();
  const charts: ChartRoot[] = [];
  for (const dir of all) {
    const chart = await chartIn(dir);
    if (chart && !(await isSubchart(dir))) charts.push(chart);
  }
  const inChart = (dir: string) => charts.some((c) => dir === c.dir || dir.startsWith(c.dir + sep));
  const kustomizations = new Map<string, KustomizationFacts>();
  for (const dir of all) {
    if (inChart(dir)) continue;
    const facts = await readFacts(dir);
    if (facts) kustomizations.set(dir, facts);
  }
  const included = new Set<string>();
  for (const facts of kustomizations.values()) for (const d of facts.includes) included.add(d);
  const roots: RenderRoot[] = [...charts];
  for (const [dir, facts] of kustomizations) {
    if (included.has(dir) || facts.component) continue;
    roots.push(await kustomizeRoot(dir, facts));
  }
  return roots.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Follows a kustomization's includes (also outside the walked folders) and collects what rendering it reads. */
export async function kustomizeRoot(dir: string, facts?: KustomizationFacts): Promise<KustomizeRoot> {
  const root: KustomizeRoot = { kind: "kustomize", dir, file: facts?.file ?? join(dir, "kustomization.yaml"), remote: [], dirs: new Set(), files: new Set(), patches: [], images: [] };
  const visit = async (d: string, f: KustomizationFacts | undefined) => {
    if (root.dirs.has(d)) return;
    root.dirs.add(d);
    f ??= await readFacts(d);
    if (!f) return;
    root.files.add(f.file);
    for (const r of f.remote) root.remote.push({ entry: r, file: f.file });
    for (const r of f.reads) root.files.add(r);
    root.patches.push(...f.patches);
    root.images.push(...f.images);
    try {
      for (const e of await fs.readdir(d)) if (YAML_FILE.test(e)) root.files.add(join(d, e));
    } catch { /* unreadable folder: rendering reports it */ }
    for (const inc of f.includes) await visit(inc, undefined);
  };
  await visit(dir, facts);
  return root;
}

/** Every file under a chart's folder is judged through rendering (templates, values files, subcharts). */
export async function chartFiles(chart: ChartRoot): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries: import("node:fs").Dirent[];
    try { entries = await fs.readdir(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) { if (e.name !== "node_modules" && e.name !== ".git") await walk(p); } else out.push(p);
    }
  };
  await walk(chart.dir);
  return out.sort();
}
