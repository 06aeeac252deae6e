// `kubeready lint` with rendering: charts and overlays among the paths are rendered and judged as deployed.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { KubereadyConfig } from "../../rules/config.js";
import type { Finding } from "../../rules/engine.js";
import type { RenderRun } from "../../render/index.js";
import { renderOptionsFrom } from "../../render/options.js";
import { discoverRoots } from "../../render/roots.js";
import type { LintArgs } from "./args.js";
import { toPosixRelative } from "./files.js";
import { demoRoots, withoutDemoRenders, type DemoRoot } from "./demoFolders.js";

export interface LintRender {
  /** Raw findings minus those on files judged through rendering (their syntax problems stay), plus rendered ones. */
  merge(raw: readonly Finding[], displayOf: Map<string, string>): Finding[];
  run?: RenderRun;
  /** Roots whose renders are demos (comparison-only, dev overlays beside a real one) and the findings seen only there. */
  demo?: { roots: DemoRoot[]; dropped: number };
}

/** Renders the charts and kustomize roots found in the walked folders (unless --no-render or `render.enabled: false`). */
export async function renderForLint(args: LintArgs, config: KubereadyConfig, configPath: string | undefined, cwd: string, dirs: Iterable<string>, stderr: { write(s: string): unknown }, env: Record<string, string | undefined>, demo?: { dirs: ReadonlyMap<string, string>; deployed: (dir: string) => boolean }): Promise<LintRender> {
  const problems: { message: string }[] = [];
  const options = renderOptionsFrom(config, configPath ? dirname(configPath) : cwd, problems);
  for (const p of problems) stderr.write(`kubeready: .kubeready.yaml: ${p.message}\n`);
  if (args.noRender) options.enabled = false;
  if (!options.enabled) return { merge: (raw) => [...raw] };
  options.extraValues = (args.values ?? []).map((f) => resolve(cwd, f));
  options.set = args.set ?? [];
  if (args.helm) options.helm = resolve(cwd, args.helm);
  if (args.kustomize) options.kustomize = resolve(cwd, args.kustomize);
  const roots = await discoverRoots(dirs);
  if (roots.length === 0) return { merge: (raw) => [...raw] };
  // Loaded only when there is something to render: a plain run never loads the renderers (child processes, hashing).
  const { describeResult, keptOnRenderedFile, renderRoots } = await import("../../render/index.js");
  const run = await renderRoots(roots, { options, config, display: (p) => toPosixRelative(cwd, p), env });
  if (env.KUBEREADY_RENDER_LOG) for (const r of run.results) stderr.write(`kubeready: rendered ${describeResult(r)}\n`);
  // A finding seen only in demo deployments is left out and counted (server/cli/demoFolders.ts); never with --include-examples.
  const setAside = demo ? demoRoots(run.results.map((r) => ({ label: r.label, dir: r.root.dir, dirs: r.root.kind === "kustomize" ? r.root.dirs : undefined })), demo.dirs, new Set(config.exampleFolders)).filter((r) => !demo.deployed(resolve(cwd, r.label))) : [];
  const { kept: rendered, dropped } = withoutDemoRenders(run.findings, setAside);
  return {
    run,
    demo: { roots: setAside, dropped },
    merge(raw, displayOf) {
      const kept = raw.filter((f) => keptOnRenderedFile(f) || !run.covered.has(pathOf(f.uri)));
      for (const f of rendered) if (!displayOf.has(f.uri)) displayOf.set(f.uri, toPosixRelative(cwd, pathOf(f.uri)));
      return [...kept, ...rendered];
    },
  };
}

function pathOf(uri: string): string {
  try { return fileURLToPath(uri); } catch { return uri; }
}
