// The render layer's entry: renders every chart and kustomize root with the real tools, judges each deployment, merges.
import { createHash } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { KubereadyConfig } from "../rules/config.js";
import { FILE_RULE, SYNTAX_RULE, type Finding } from "../rules/engine.js";
import type { Range } from "../rules/model/position.js";
import { fileUri, isInside, judgeDeployment, relativeTo, type Deployment, type ReadFile, type RenderedFinding } from "./judge.js";
import type { RenderOptions } from "./options.js";
import { allMissingDisabled, chartCopyWithout, removeCopy } from "./disabledDeps.js";
import { renderHelm, renderKustomize, type RenderOutput } from "./renderers.js";
import { chartFiles, type ChartRoot, type KustomizeRoot, type RenderRoot } from "./roots.js";
import { findTool, installHint, type Tool } from "./tools.js";

export { discoverRoots, kustomizeRoot, type RenderRoot } from "./roots.js";
export { renderOptionsFrom, type RenderOptions } from "./options.js";
export type { RenderedFinding } from "./judge.js";

/** Pseudo-rules of the render layer (documented in docs/rules/render-*.md). */
export const RENDER_TOOL_MISSING = "render/tool-missing";
export const RENDER_OFFLINE = "render/not-rendered";
export const RENDER_FAILED = "render/failed";

/**
 * Whether an in-process finding on a file that was judged through rendering still stands: only broken YAML and
 * unreadable files; object findings (and notes such as "template skipped") give way to the rendered ones.
 */
export function keptOnRenderedFile(f: Pick<Finding, "rule">): boolean {
  return f.rule === SYNTAX_RULE || f.rule === FILE_RULE;
}

/** Renders running at once. */
const RENDER_CONCURRENCY = 2;

export type RootStatus = "rendered" | "tool-missing" | "offline" | "failed" | "cancelled";

export interface RootResult {
  root: RenderRoot;
  label: string;
  status: RootStatus;
  tool?: Tool;
  /** Time of the renders of this root (all its environments), 0 when every one came from the cache. */
  ms: number;
  cached: boolean;
  /** Objects rendered (over all environments). */
  objects: number;
  /** Files judged through rendering: their raw objects must not be judged again. Empty unless rendered. */
  covered: string[];
}

export interface RenderRun {
  findings: RenderedFinding[];
  /** Absolute paths of files whose objects were judged through rendering. */
  covered: Set<string>;
  results: RootResult[];
}

/** Rendered output by hash of everything it depends on (tool, arguments, every input file's content). */
export class RenderCache {
  private map = new Map<string, RenderOutput>();
  constructor(private readonly capacity = 64) {}
  get(key: string): RenderOutput | undefined {
    const hit = this.map.get(key);
    if (hit) { this.map.delete(key); this.map.set(key, hit); }
    return hit;
  }
  set(key: string, value: RenderOutput): void {
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
  clear(): void { this.map.clear(); }
}

export interface RenderContext {
  options: RenderOptions;
  config: KubereadyConfig;
  /** How a folder is shown to people (relative to the working directory or workspace folder). */
  display: (absPath: string) => string;
  signal?: AbortSignal;
  /** The editor's unsaved text wins over the disk; defaults to reading the disk. */
  readFile?: ReadFile;
  cache?: RenderCache;
  /** PATH and the like for finding tools (tests point it elsewhere). */
  env?: Record<string, string | undefined>;
}

const readDisk: ReadFile = (p) => { try { return readFileSync(p, "utf8"); } catch { return undefined; } };

/** The files whose content decides a root's rendering. */
async function inputsOf(root: RenderRoot): Promise<string[]> {
  return root.kind === "helm" ? chartFiles(root) : [...root.files].sort();
}

function hashInputs(parts: string[], files: string[], readFile: ReadFile): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  for (const f of files) h.update(f).update("\0").update(readFile(f) ?? "\u0001missing").update("\0");
  return h.digest("hex");
}

function rootFinding(root: RenderRoot, rule: string, severity: Finding["severity"], message: string, label: string, file = root.file, range?: Range): RenderedFinding {
  const r = range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const uri = fileUri(file);
  return { rule, severity, message, uri, range: r, key: `${rule}|${uri}|${r.start.line}`, fixable: "none", deployments: [label] };
}

/** The line of a text that mentions `needle`, as a range over the needle (for pointing at a remote entry). */
function lineOf(text: string | undefined, needle: string): Range | undefined {
  if (!text) return undefined;
  const at = text.indexOf(needle);
  if (at < 0) return undefined;
  const line = text.slice(0, at).split("\n").length - 1;
  const character = at - (text.lastIndexOf("\n", at - 1) + 1);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

async function toolFor(root: RenderRoot, ctx: RenderContext): Promise<Tool | undefined> {
  const o = ctx.options;
  if (root.kind === "helm") return findTool("helm", { explicit: o.helm, base: o.base, env: ctx.env });
  return (await findTool("kustomize", { explicit: o.kustomize, base: o.base, env: ctx.env }))
    ?? (await findTool("kubectl", { explicit: o.kubectl, base: o.base, env: ctx.env }));
}

/** The environments of a chart: one per configured values file (after the chart's own values.yaml), else one. */
export function deploymentsOf(root: RenderRoot, ctx: RenderContext, label: string): Deployment[] {
  if (root.kind !== "helm") return [{ root, label, valuesFiles: [] }];
  const own = join(root.dir, "values.yaml");
  const key = relative(ctx.options.base, root.dir).split(sep).join("/") || ".";
  const configured = ctx.options.values[key] ?? ctx.options.values[label] ?? [];
  const extra = ctx.options.extraValues.map((f) => resolve(ctx.options.base, f));
  if (configured.length === 0) return [{ root, label, valuesFiles: [own, ...extra] }];
  return configured.map((f) => {
    const abs = isAbsolute(f) ? f : resolve(root.dir, f);
    return { root, label: `${label} with ${relativeTo(root.dir, abs)}`, valuesFiles: [own, abs, ...extra] };
  });
}

async function renderOne(root: RenderRoot, tool: Tool, deployment: Deployment, ctx: RenderContext, files: string[], readFile: ReadFile): Promise<{ output: RenderOutput; cached: boolean }> {
  const o = ctx.options;
  const args = root.kind === "helm" ? [...deployment.valuesFiles, ...o.set, o.kubeVersion ?? ""] : [];
  const key = hashInputs([tool.path, tool.version, root.kind, root.dir, ...args], [...files, ...deployment.valuesFiles], readFile);
  const hit = ctx.cache?.get(key);
  if (hit) return { output: hit, cached: true };
  const output = root.kind === "helm"
    ? await renderHelm(root as ChartRoot, tool, o, deployment.valuesFiles.slice(1), ctx.signal)
    : await renderKustomize(root as KustomizeRoot, tool, o, ctx.signal);
  if (!output.cancelled) ctx.cache?.set(key, output);
  return { output, cached: false };
}

/** Findings of a rendered output, kept with it while the configuration and the source files it maps into are unchanged. */
const judgedCache = new WeakMap<RenderOutput, { key: string; findings: RenderedFinding[] }>();
function judged(deployment: Deployment, output: RenderOutput, config: KubereadyConfig, readFile: ReadFile): RenderedFinding[] {
  // The rendered output's cache key already covers every input file; the label and config complete it.
  const key = `${deployment.label}|${JSON.stringify(config)}`;
  const hit = judgedCache.get(output);
  if (hit && hit.key === key) return hit.findings;
  const findings = judgeDeployment(deployment, output, config, readFile);
  judgedCache.set(output, { key, findings });
  return findings;
}

/**
 * Renders and judges every root. Roots that cannot be rendered (tool missing, remote input, failure) get one finding
 * on their Chart.yaml/kustomization saying why, and their files stay with the in-process analysis (`covered` omits them).
 */
export async function renderRoots(roots: readonly RenderRoot[], ctx: RenderContext): Promise<RenderRun> {
  const readFile = ctx.readFile ?? readDisk;
  const findings: RenderedFinding[] = [];
  const covered = new Set<string>();
  const results: RootResult[] = [];
  const one = async (root: RenderRoot, result: RootResult): Promise<void> => {
    // Unvendored dependencies that every deployment's values switch off: render a copy of the chart without them.
    if (root.kind === "helm" && allMissingDisabled(root, deploymentsOf(root, ctx, result.label), ctx.options.set, readFile)) {
      let copy: string | undefined;
      try {
        copy = chartCopyWithout(root, root.missingDependencies);
        return await one({ ...root, missingDependencies: [], renderDir: copy }, result);
      } catch {
        // Could not copy the chart (disk full, permissions): report it as not rendered, as before.
      } finally {
        if (copy) removeCopy(copy);
      }
    }
    const label = result.label;
    const what = root.kind === "helm" ? `chart ${label}` : `kustomization ${label}`;
    // Rendering never fetches: a remote base or an unvendored dependency means this root is not rendered at all.
    const remote = root.kind === "helm" ? root.missingDependencies.map((d) => ({ entry: d, file: root.file })) : root.remote;
    if (remote.length) {
      result.status = "offline";
      for (const r of remote) {
        const message = root.kind === "helm"
          ? `The ${what} is not rendered: its dependency "${r.entry}" is not vendored under charts/ and kubeready never downloads while rendering (run \`helm dependency build\` to vendor it). Its templates are judged from their raw files only.`
          : r.entry.startsWith("helmCharts entry ")
            ? `The ${what} is not rendered: its ${r.entry} needs \`kustomize build --enable-helm\`, which downloads the chart, and kubeready never fetches over the network while rendering. Its local files are judged one by one instead.`
            : `The ${what} is not rendered: it includes the remote ${r.entry}, and kubeready never fetches over the network while rendering. Its local files are judged one by one instead.`;
        findings.push(rootFinding(root, RENDER_OFFLINE, "info", message, label, r.file, lineOf(readFile(r.file), r.entry.startsWith("helmCharts entry ") ? "helmCharts:" : r.entry)));
      }
      return;
    }
    const tool = await toolFor(root, ctx);
    if (!tool) {
      result.status = "tool-missing";
      const name = root.kind === "helm" ? "helm" : "kustomize";
      const fallback = root.kind === "helm" ? "its templates are not judged as deployed" : "its files are judged one by one, without what the overlays change";
      findings.push(rootFinding(root, RENDER_TOOL_MISSING, "info", `The ${what} is not rendered: ${name} was not found, so ${fallback}. To judge what is deployed, ${installHint(name)}.`, label));
      return;
    }
    result.tool = tool;
    const files = await inputsOf(root);
    const mapped: RenderedFinding[] = [];
    let failed = false;
    for (const deployment of deploymentsOf(root, ctx, label)) {
      const { output, cached } = await renderOne(root, tool, deployment, ctx, files, readFile);
      if (output.cancelled || ctx.signal?.aborted) { result.status = "cancelled"; failed = true; break; }
      result.cached &&= cached;
      if (!cached) result.ms += output.ms;
      if (output.error) {
        failed = true;
        result.status = "failed";
        const e = output.error;
        const range = e.line !== undefined ? { start: { line: e.line, character: 0 }, end: { line: e.line, character: 0 } } : undefined;
        const lfs = root.kind === "helm" ? lfsPointersIn(join(root.dir, "charts")) : [];
        const why = lfs.length
          ? `${lfs.map((f) => `charts/${f}`).join(", ")} ${lfs.length === 1 ? "is a Git LFS pointer" : "are Git LFS pointers"}, not the chart archive${lfs.length === 1 ? "" : "s"}: run \`git lfs pull\` in this checkout, then lint again (helm said: ${e.message})`
          : e.message;
        findings.push(rootFinding(root, RENDER_FAILED, "error", `${deployment.label} cannot be rendered: ${why}`, deployment.label, e.file ?? root.file, range));
        continue;
      }
      result.objects += output.documents.length;
      mapped.push(...judged(deployment, output, ctx.config, readFile));
    }
    if (failed) return; // the raw files stay with the in-process analysis
    findings.push(...mapped);
    result.covered = files;
    for (const f of files) covered.add(f);
  };
  for (const root of roots) results.push({ root, label: ctx.display(root.dir), status: "rendered", ms: 0, cached: true, objects: 0, covered: [] });
  // A few renders at once: each is mostly one process's start-up and I/O; more would only fight over the cores.
  let next = 0;
  const worker = async () => {
    while (next < results.length && !ctx.signal?.aborted) {
      const r = results[next++];
      await one(r.root, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RENDER_CONCURRENCY, results.length) }, worker));
  // Workers finish in any order: findings in root order keep the output stable.
  const order = new Map(results.map((r, i) => [r.label, i]));
  findings.sort((a, b) => (order.get(a.deployments[0]?.split(" with ")[0]) ?? 0) - (order.get(b.deployments[0]?.split(" with ")[0]) ?? 0));
  // The render pseudo-rules honour `rules:` like any rule (off, or another severity).
  const configured = findings.flatMap((f) => {
    if (!f.rule.startsWith("render/")) return [f];
    const setting = ctx.config.rules[f.rule];
    return setting === "off" ? [] : setting ? [{ ...f, severity: setting }] : [f];
  });
  return { findings: mergeDeployments(configured, results), covered, results };
}

/**
 * One finding per place and rule, naming the deployments it affects when the place is shared (a base reached through
 * several overlays, a template rendered with several values files). A problem every overlay fixes never got here.
 */
export function mergeDeployments(findings: readonly RenderedFinding[], results: readonly RootResult[]): RenderedFinding[] {
  const groups = new Map<string, RenderedFinding>();
  const order: string[] = [];
  for (const f of findings) {
    const k = `${f.rule}|${f.uri}|${f.range.start.line}:${f.range.start.character}|${f.unmapped ? f.message : ""}`;
    const g = groups.get(k);
    if (!g) { groups.set(k, { ...f, deployments: [...f.deployments] }); order.push(k); continue; }
    // The first deployment's finding speaks for the place (its message, object and root-cause identity): joining the
    // others' identities would chain namespaces the message does not name into one fold.
    for (const d of f.deployments) if (!g.deployments.includes(d)) g.deployments.push(d);
  }
  const rootsOf = new Map(results.map((r) => [r.label, r.root.dir]));
  const environments = new Map<string, number>();
  for (const r of results) environments.set(r.root.dir, (environments.get(r.root.dir) ?? 0) + 1);
  return order.map((k) => {
    const f = groups.get(k)!;
    if (f.unmapped || f.rule.startsWith("render/")) return f;
    const path = new URL(f.uri).pathname;
    const dirs = f.deployments.map((d) => rootsOf.get(d) ?? rootsOf.get(d.split(" with ")[0]));
    // Inside the one root it was rendered from, with one environment: the place speaks for itself.
    const shared = f.deployments.length > 1 || dirs.some((d) => !d || !isInside(d, path)) || f.deployments[0].includes(" with ");
    if (!shared) return f;
    return { ...f, message: `${f.message} (in ${[...f.deployments].sort().join(", ")})` };
  });
}

/** One line per root for status bars and logs: "overlays/prod: kustomize v5.8.2, 12 objects, 84 ms". */
export function describeResult(r: RootResult): string {
  switch (r.status) {
    case "tool-missing": return `${r.label}: not rendered (${r.root.kind === "helm" ? "helm" : "kustomize"} not found)`;
    case "offline": return `${r.label}: not rendered (needs the network)`;
    case "cancelled": return `${r.label}: cancelled`;
    case "failed": return `${r.label}: ${r.tool?.name} ${r.tool?.version} failed`;
    default: return `${r.label}: ${r.tool?.name} ${r.tool?.version}, ${r.objects} objects, ${r.cached ? "cached" : `${Math.round(r.ms)} ms`}`;
  }
}

/**
 * The dependency archives in a chart's `charts/` folder that are Git LFS pointer files (a checkout without
 * `git lfs pull`): helm fails on them with a gzip error that does not say why.
 */
export function lfsPointersIn(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => n.endsWith(".tgz")).sort(); } catch { return []; }
  const head = Buffer.alloc(64);
  return names.filter((n) => {
    let fd: number | undefined;
    try {
      fd = openSync(join(dir, n), "r");
      const got = readSync(fd, head, 0, head.length, 0);
      return head.subarray(0, got).toString("latin1").startsWith("version https://git-lfs.github.com/spec/");
    } catch { return false; } finally { if (fd !== undefined) closeSync(fd); }
  });
}
