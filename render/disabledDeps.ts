// A chart whose unvendored dependencies are all switched off can still be rendered: Helm itself skips a dependency whose
// `condition` (or, without one, every `tags` entry) is false, but `helm template` still refuses to start while the
// dependency is missing from charts/. kubeready renders a temporary copy of the chart whose Chart.yaml leaves such
// dependencies out, which is exactly what Helm deploys with those values.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { isMap, isSeq, parse, parseDocument } from "yaml";
import type { ReadFile } from "./judge.js";
import type { ChartRoot } from "./roots.js";

type Values = Record<string, unknown>;

function valuesOf(file: string, readFile: ReadFile): Values {
  try {
    const v = parse(readFile(file) ?? "") as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Values) : {};
  } catch { return {}; }
}

function lookup(values: Values, path: string): unknown {
  let cur: unknown = values;
  for (const seg of path.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Values)[seg];
  }
  return cur;
}

/**
 * Whether Helm leaves a dependency out with these values (later files win): the first of its comma-separated
 * `condition` paths that holds a boolean decides (Helm's rule); without a condition that resolves, its `tags` decide
 * (out when every tag is false); otherwise it is in. A `--set` naming the condition or a tag counts as turning it on.
 */
export function dependencyDisabled(sw: { condition?: string; tags?: string[] }, valuesFiles: readonly string[], set: readonly string[], readFile: ReadFile): boolean {
  const layers = valuesFiles.map((f) => valuesOf(f, readFile));
  const value = (path: string): unknown => {
    for (let i = layers.length - 1; i >= 0; i--) { const v = lookup(layers[i], path); if (v !== undefined) return v; }
    return undefined;
  };
  const named = (path: string) => set.some((s) => s.split(",").some((part) => part.split("=")[0].trim() === path));
  for (const path of (sw.condition ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    if (named(path)) return false;
    const v = value(path);
    if (typeof v === "boolean") return !v;
  }
  const tags = sw.tags ?? [];
  if (tags.length === 0) return false;
  return tags.every((t) => !named(`tags.${t}`) && value(`tags.${t}`) === false);
}

/** The missing dependencies of `chart` that every deployment (its values files) leaves disabled, or undefined if any is needed. */
export function allMissingDisabled(chart: ChartRoot, deployments: readonly { valuesFiles: readonly string[] }[], set: readonly string[], readFile: ReadFile): boolean {
  if (chart.missingDependencies.length === 0) return false;
  return chart.missingDependencies.every((name) => {
    const sw = chart.missingSwitches?.[name];
    return sw !== undefined && deployments.every((d) => dependencyDisabled(sw, d.valuesFiles, set, readFile));
  });
}

/**
 * A temporary copy of the chart (its folder, without `.git`) whose Chart.yaml no longer lists `drop`, for `helm
 * template` to run on. The caller removes it with `removeCopy`.
 */
export function chartCopyWithout(chart: ChartRoot, drop: readonly string[]): string {
  const parent = mkdtempSync(join(tmpdir(), "kubeready-chart-"));
  // The copy keeps the chart's folder name: Helm names templates' sources after the chart, not the folder, either way.
  const dir = join(parent, basename(chart.dir));
  cpSync(chart.dir, dir, { recursive: true, filter: (src) => basename(src) !== ".git" });
  const file = join(dir, "Chart.yaml");
  const doc = parseDocument(readFileSync(file, "utf8"));
  const deps = doc.get("dependencies", true);
  if (isSeq(deps)) deps.items = deps.items.filter((item) => !(isMap(item) && drop.includes(String(item.get("name")))));
  writeFileSync(file, doc.toString());
  // A lock file that no longer matches Chart.yaml would only matter to `helm dependency build`; drop it anyway.
  rmSync(join(dir, "Chart.lock"), { force: true });
  return dir;
}

export function removeCopy(dir: string): void {
  rmSync(join(dir, ".."), { recursive: true, force: true });
}
