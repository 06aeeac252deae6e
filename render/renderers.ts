// `kustomize build` through an origin-annotating wrapper and `helm template`: rendered documents, each with the file it came from.
import { existsSync, promises as fs, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { isMap, parseAllDocuments, parse, type Document } from "yaml";
import type { RenderOptions } from "./options.js";
import { offlineEnv, runTool, type RunResult } from "./process.js";
import type { ChartRoot, KustomizeRoot } from "./roots.js";
import type { Tool } from "./tools.js";

/** One rendered object: its YAML (origin annotations removed) and where a person edits it. */
export interface RenderedDocument {
  text: string;
  /** Absolute path of the file the object comes from (the resource file or template), or the generator's kustomization. */
  origin?: string;
  /** The object was made by a generator (configMapGenerator, secretGenerator, a Helm hook?): no source object to point into. */
  generated?: boolean;
}

export interface RenderError {
  message: string;
  /** The file the tool's message names, when it names one inside the inputs. */
  file?: string;
  /** 0-based line in that file, when the message gives one. */
  line?: number;
}

export interface RenderOutput {
  documents: RenderedDocument[];
  error?: RenderError;
  cancelled?: boolean;
  ms: number;
  tool: Tool;
  /** Extra words for status lines: "with values-prod.yaml". */
  label?: string;
}

const ORIGIN = "config.kubernetes.io/origin";

function firstLines(text: string, n = 6): string {
  return text.trim().split("\n").filter((l) => l.trim()).slice(0, n).join("\n");
}

function failure(r: RunResult, what: string, timeoutMs: number): string | undefined {
  if (r.spawnError) return `cannot run ${what}: ${r.spawnError}`;
  if (r.timedOut) return `${what} did not finish within ${Math.round(timeoutMs / 1000)} s (render.timeout in .kubeready.yaml)`;
  if (r.code !== 0) return `${what} failed: ${firstLines(r.stderr.replace(/^Error:\s*/m, "")) || `exit code ${r.code}`}`;
  return undefined;
}

/**
 * Renders a kustomize root through a temporary wrapper kustomization that only adds `buildMetadata:
 * [originAnnotations]`, so every object names the file it came from; the user's kustomizations are never touched.
 */
export async function renderKustomize(root: KustomizeRoot, tool: Tool, options: RenderOptions, signal?: AbortSignal): Promise<RenderOutput> {
  const wrapper = await fs.mkdtemp(join(tmpdir(), "kubeready-kustomize-"));
  try {
    const rel = relative(wrapper, root.dir).split("\\").join("/");
    await fs.writeFile(join(wrapper, "kustomization.yaml"), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
    const args = tool.name === "kubectl"
      ? ["kustomize", "--load-restrictor", "LoadRestrictionsNone", wrapper]
      : ["build", "--load-restrictor", "LoadRestrictionsNone", wrapper];
    const r = await runTool(tool.path, args, { cwd: root.dir, timeoutMs: options.timeoutMs, signal, env: offlineEnv() });
    const base: Omit<RenderOutput, "documents"> = { ms: r.ms, tool, cancelled: r.cancelled };
    if (r.cancelled) return { ...base, documents: [] };
    const failed = failure(r, tool.name === "kubectl" ? "kubectl kustomize" : "kustomize build", options.timeoutMs);
    if (failed) return { ...base, documents: [], error: { message: failed.split(wrapper + "/").join("").split(rel).join("."), ...fileNamedIn(r.stderr, wrapper, root) } };
    const documents: RenderedDocument[] = [];
    for (const doc of parseAllDocuments(r.stdout) as Document.Parsed[]) {
      if (!isMap(doc.contents)) continue;
      const raw = doc.getIn(["metadata", "annotations", ORIGIN]);
      let origin: string | undefined, generated = false;
      if (typeof raw === "string") {
        const o = parse(raw) as Record<string, unknown> | null;
        if (o && typeof o.path === "string" && !o.repo) origin = resolve(wrapper, o.path);
        else if (o && typeof o.configuredIn === "string") { origin = resolve(wrapper, o.configuredIn); generated = true; }
        doc.deleteIn(["metadata", "annotations", ORIGIN]);
        const annotations = doc.getIn(["metadata", "annotations"], true);
        if (isMap(annotations) && annotations.items.length === 0) doc.deleteIn(["metadata", "annotations"]);
      }
      documents.push({ text: doc.toString({ lineWidth: 0 }), origin, generated });
    }
    return { ...base, documents };
  } finally {
    await fs.rm(wrapper, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The first path in a tool's message that resolves to an input file, with its line when one follows. */
function fileNamedIn(stderr: string, wrapper: string, root: KustomizeRoot): Pick<RenderError, "file" | "line"> {
  for (const m of stderr.matchAll(/(?:'|"|\s|^)((?:\.{1,2}\/|\/)[^\s'":]+)(?::(\d+))?/gm)) {
    const p = m[1];
    for (const candidate of [isAbsolute(p) ? p : resolve(wrapper, p), resolve(root.dir, p)]) {
      if (candidate.startsWith(wrapper)) continue;
      if (existsSync(candidate)) {
        let file = candidate;
        try { if (!statSync(candidate).isFile()) file = join(candidate, "kustomization.yaml"); } catch { /* keep */ }
        if (!existsSync(file)) continue;
        return { file, line: m[2] ? Number(m[2]) - 1 : undefined };
      }
    }
  }
  return {};
}

/** Renders a chart with `helm template` (its values.yaml, plus `valuesFiles` of one environment and --set). */
export async function renderHelm(chart: ChartRoot, tool: Tool, options: RenderOptions, valuesFiles: readonly string[], signal?: AbortSignal): Promise<RenderOutput> {
  // Test hooks (`helm test`) are not part of what is deployed.
  const args = ["template", "release", chart.renderDir ?? chart.dir, "--skip-tests"];
  for (const f of valuesFiles) args.push("--values", f);
  for (const s of options.set) args.push("--set", s);
  if (options.kubeVersion) args.push("--kube-version", options.kubeVersion);
  const r = await runTool(tool.path, args, { cwd: chart.renderDir ?? chart.dir, timeoutMs: options.timeoutMs, signal, env: offlineEnv({ HELM_NO_PLUGINS: "1" }) });
  const base: Omit<RenderOutput, "documents"> = { ms: r.ms, tool, cancelled: r.cancelled };
  if (r.cancelled) return { ...base, documents: [] };
  const failed = failure(r, "helm template", options.timeoutMs);
  if (failed) return { ...base, documents: [], error: { message: failed, ...templateNamedIn(r.stderr, chart) } };
  return { ...base, documents: splitHelmOutput(r.stdout, chart) };
}

/** `# Source: web/charts/common/templates/x.yaml` → the file under the chart's folder. */
export function helmSourcePath(source: string, chart: ChartRoot): string {
  const rest = source.slice(source.indexOf("/") + 1);
  return join(chart.dir, rest);
}

export function splitHelmOutput(stdout: string, chart: ChartRoot): RenderedDocument[] {
  const out: RenderedDocument[] = [];
  for (const part of stdout.split(/^---[ \t]*$/m)) {
    if (!part.trim()) continue;
    const m = /^# Source: (.+)$/m.exec(part);
    const text = part.replace(/^\r?\n/, "");
    // Documents of only comments (an empty template) carry no object.
    if (!text.split("\n").some((l) => l.trim() && !l.trimStart().startsWith("#"))) continue;
    out.push({ text, origin: m ? helmSourcePath(m[1].trim(), chart) : undefined });
  }
  return out;
}

/** "template: web/templates/deployment.yaml:12:20: executing …" or "YAML parse error on web/templates/x.yaml". */
function templateNamedIn(stderr: string, chart: ChartRoot): Pick<RenderError, "file" | "line"> {
  const m = /(?:template: |error on |error calling include: template: )([\w.-]+\/[^\s:]+?)(?::(\d+))?(?::|\s|$)/.exec(stderr);
  if (m) {
    const file = helmSourcePath(m[1], chart);
    if (existsSync(file)) return { file, line: m[2] ? Number(m[2]) - 1 : yamlLineIn(stderr) };
  }
  return {};
}

/** "yaml: line 12: …" inside helm's YAML parse error is a line of the rendered template, close enough to point at. */
function yamlLineIn(stderr: string): number | undefined {
  const m = /yaml: line (\d+)/.exec(stderr);
  return m ? Number(m[1]) - 1 : undefined;
}

