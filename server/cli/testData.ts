// Test data and throw-away demos a folder walk skips by default: test folders by convention, and files whose own header says they are not for production.
//
// A run over a repository otherwise judges e2e fixtures, `hack/` test pods and kind configs like install manifests:
// right by the letter, useless to the person who reads the report (semgrep's default ignore list makes the same call).
// Nothing is skipped silently: the run says once how many folders and files it left out and how to include them.
import { promises as fs } from "node:fs";
import { basename, dirname, join, sep } from "node:path";
import { KUSTOMIZATION_FILES } from "../../rules/model/kustomize.js";
import { isHelmTestHook } from "../../rules/model/intent.js";
import type { FileOptions, ParsedFile } from "../../rules/engine.js";
import { parseForOneShot } from "../../rules/lean.js";

/** Folder names skipped while walking (never a path named on the command line, nor what a kustomization outside lists). */
export const DEFAULT_TEST_FOLDERS: readonly string[] = ["test", "tests", "testdata", "e2e", "fixtures", "hack", ".github"];

/**
 * Environment names that are also test-folder names: `overlays/test` with a kustomization in it is a deployed
 * environment, judged like production.
 */
const ENVIRONMENT_NAMES = new Set(["test", "tests"]);

const YAML_FILE = /\.ya?ml$/i;

/** Whether the walk skips `dir` (named `name`) as test data. */
export async function isTestFolder(dir: string, name: string, folders: ReadonlySet<string>): Promise<boolean> {
  if (!folders.has(name)) return false;
  if (!ENVIRONMENT_NAMES.has(name)) return true;
  for (const k of KUSTOMIZATION_FILES) {
    try { if ((await fs.stat(join(dir, k))).isFile()) return false; } catch { /* none */ }
  }
  return true;
}

/** YAML files under a skipped folder, for the one line that says what was left out. */
export async function countYamlFiles(dir: string, limit = 100_000): Promise<number> {
  let n = 0;
  const stack = [dir];
  while (stack.length && n < limit) {
    const d = stack.pop()!;
    let entries: import("node:fs").Dirent[];
    try { entries = await fs.readdir(d, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      if (e.isDirectory()) { if (e.name !== "node_modules" && e.name !== ".git") stack.push(join(d, e.name)); }
      else if (e.isFile() && YAML_FILE.test(e.name)) n++;
    }
  }
  return n;
}

/**
 * A file whose leading comment says it is not meant for production ("This is not a recommended configuration",
 * "for testing purposes only", "do not use in production"): a demo by its author's own word. Only the comment block
 * before the first YAML line counts, so a CRD description or a values comment never matches.
 */
export function demoHeaderOf(text: string): string | undefined {
  const head: string[] = [];
  for (const line of text.split(/\r?\n/, 40)) {
    const t = line.trim();
    if (t === "" || t === "---") continue;
    if (!t.startsWith("#")) break;
    head.push(t.replace(/^#+\s*/, ""));
  }
  const comment = head.join(" ");
  const m = DEMO_HEADER.exec(comment);
  return m ? m[0] : undefined;
}

const DEMO_HEADER = new RegExp([
  String.raw`\bnot (?:a |the )?recommended (?:configuration|setup|for production)`,
  String.raw`\bnot (?:intended|meant|suitable|designed|ready) (?:to be used )?(?:for|in) production`,
  String.raw`\b(?:do not|don't|never) (?:use|deploy|run) (?:this |it )?(?:file |manifest |configuration )?(?:in|to|for) production`,
  String.raw`\bfor (?:testing|demo|demonstration|development) (?:purposes )?only\b`,
  String.raw`\bonly for (?:testing|demo|demonstration|development)(?: purposes)?\b`,
].join("|"), "i");

export interface TestDataSkips {
  /** Skipped folders, '/'-separated and relative to the working directory, with their YAML file counts. */
  folders: { path: string; files: number }[];
  /** Files skipped for their header, relative, with the words that marked them. */
  files: { path: string; words: string }[];
  /** Documentation/example folders, relative, with how many of their files were left out. */
  examples?: { path: string; files: number }[];
  /** Helm test hooks (`helm.sh/hook: test`) left out, as `file: Kind/name`. */
  hooks?: string[];
  /** Folders left out because their README says they are not for production (demoFolders.ts), with its words. */
  readmes?: { path: string; files: number; words: string }[];
  /** Render roots judged demo (comparison-only, dev overlays beside a real one) and the findings seen only there. */
  renders?: { roots: { label: string; reason: string }[]; dropped: number };
  /** Test/demo folders linted after all because a GitOps object of the repository deploys them. */
  deployed?: string[];
}

/** The one information line for the run (undefined when nothing was skipped). */
export function testDataLine(skips: TestDataSkips): string | undefined {
  const withFiles = skips.folders.filter((f) => f.files > 0);
  const examples = (skips.examples ?? []).filter((f) => f.files > 0);
  const hooks = skips.hooks ?? [];
  const readmes = (skips.readmes ?? []).filter((f) => f.files > 0);
  const renders = skips.renders && skips.renders.dropped > 0 ? skips.renders : undefined;
  if (withFiles.length === 0 && skips.files.length === 0 && examples.length === 0 && hooks.length === 0 && readmes.length === 0 && !renders) return undefined;
  const parts: string[] = [];
  const folderPart = (list: { path: string; files: number }[], what: string, filesWord: string) => {
    const files = list.reduce((a, f) => a + f.files, 0);
    const shown = list.slice(0, 5).map((f) => f.path).join(", ") + (list.length > 5 ? `, … ${list.length - 5} more` : "");
    parts.push(`${list.length} ${what} ${list.length === 1 ? "folder" : "folders"} (${files} ${filesWord}${files === 1 ? "" : "s"}: ${shown})`);
  };
  if (withFiles.length) folderPart(withFiles, "test/dev", "YAML file");
  if (examples.length) folderPart(examples, "docs/example", "sample file");
  if (hooks.length) {
    const shown = hooks.slice(0, 3).join(", ") + (hooks.length > 3 ? `, … ${hooks.length - 3} more` : "");
    parts.push(`${hooks.length} Helm test ${hooks.length === 1 ? "hook" : "hooks"} (${shown})`);
  }
  if (readmes.length) {
    const files = readmes.reduce((a, f) => a + f.files, 0);
    const shown = readmes.slice(0, 4).map((f) => `${f.path} ("${f.words}")`).join(", ") + (readmes.length > 4 ? `, … ${readmes.length - 4} more` : "");
    parts.push(`${readmes.length} ${readmes.length === 1 ? "folder whose README says" : "folders whose READMEs say"} it is not for production (${files} YAML file${files === 1 ? "" : "s"}: ${shown})`);
  }
  if (renders) {
    const shown = renders.roots.slice(0, 4).map((r) => `${r.label}: ${r.reason}`).join("; ") + (renders.roots.length > 4 ? `; … ${renders.roots.length - 4} more` : "");
    parts.push(`${renders.dropped} ${renders.dropped === 1 ? "finding" : "findings"} seen only in demo or dev deployments (${shown})`);
  }
  if (skips.files.length) {
    const shown = skips.files.slice(0, 3).map((f) => `${f.path} ("${f.words}")`).join(", ") + (skips.files.length > 3 ? `, … ${skips.files.length - 3} more` : "");
    parts.push(`${skips.files.length} ${skips.files.length === 1 ? "file whose header says" : "files whose headers say"} it is not for production (${shown})`);
  }
  const how = (examples.length || readmes.length || renders) && !withFiles.length && !skips.files.length && !hooks.length
    ? "Lint them with --include-examples, or set exampleFolders in .kubeready.yaml."
    : examples.length || readmes.length || renders
      ? "Lint them with --include-tests (--include-examples for the examples alone), or set testFolders/exampleFolders in .kubeready.yaml."
      : "Lint them with --include-tests, or set testFolders in .kubeready.yaml.";
  return `kubeready: not linted as test data or demos: ${parts.join("; ")}. ${how}`;
}

const INSTALL_KINDS = /^kind:[ \t]*["']?(Deployment|DaemonSet|StatefulSet|ClusterRole|Role|ClusterRoleBinding|RoleBinding|CustomResourceDefinition)["']?[ \t]*(?:#.*)?$/gm;

/**
 * Whether a file under a documentation/example folder installs something, and so is what users apply as it is (an
 * operator's Deployment with its RBAC, per provider, under `examples/`): a workload and the RBAC it runs with in
 * the same file, or a CustomResourceDefinition. Sample workloads (an nginx to scale, a load generator, a demo app)
 * and sample custom resources grant nothing and install nothing.
 */
export function installsSomething(text: string): boolean {
  let workload = false;
  let rbac = false;
  for (const m of text.matchAll(INSTALL_KINDS)) {
    const kind = m[1];
    if (kind === "CustomResourceDefinition") return true;
    if (kind === "Deployment" || kind === "DaemonSet" || kind === "StatefulSet") workload = true;
    else rbac = true;
    if (workload && rbac) return true;
  }
  return false;
}

/**
 * Takes out of `inputs` the files a folder walk found under documentation/example folders (`exampleFiles`: file ->
 * that folder, absolute) unless they were named on the command line, install something, or a kustomization outside
 * the folder deploys them; returns each folder (relative) with how many files were left out.
 */
export function takeExampleFiles<T extends { uri: string; text: string; display: string; contexts?: readonly { unit: string }[] }>(inputs: T[], exampleFiles: ReadonlyMap<string, string>, pathOf: (input: T) => string, named: ReadonlySet<string>, displayOf: Map<string, string>, relative: (abs: string) => string): { folders: { path: string; files: number }[]; taken: string[] } {
  const counts = new Map<string, number>();
  const taken: string[] = [];
  for (let i = inputs.length - 1; i >= 0; i--) {
    const input = inputs[i];
    const abs = pathOf(input);
    const folder = exampleFiles.get(abs);
    if (!folder || named.has(input.display) || KUSTOMIZATION_FILES.includes(basename(abs))) continue;
    if (deployedFromOutside(input.contexts, folder) || installsSomething(input.text)) continue;
    const rel = relative(folder);
    counts.set(rel, (counts.get(rel) ?? 0) + 1);
    taken.push(abs);
    inputs.splice(i, 1);
    displayOf.delete(input.uri);
  }
  return { folders: [...counts].map(([path, files]) => ({ path, files })).sort((a, b) => a.path.localeCompare(b.path)), taken };
}

/** The walked folders minus those holding a left-out sample file: a kustomization there is not rendered either. */
export function withoutSampleFolders(dirs: Iterable<string>, taken: readonly string[]): string[] {
  const sample = new Set(taken.map((f) => dirname(f)));
  return [...dirs].filter((d) => !sample.has(d));
}

/** Whether a kustomize build rooted outside `folder` deploys the file (`unit` is `k:<root kustomization folder>`). */
function deployedFromOutside(contexts: readonly { unit: string }[] | undefined, folder: string): boolean {
  const inside = folder.split(sep).join("/").replace(/\/+$/, "");
  return (contexts ?? []).some((c) => {
    const root = c.unit.replace(/^k:/, "").replace(/^file:\/\//, "");
    let path = root;
    try { path = decodeURIComponent(root); } catch { /* as written */ }
    return path !== inside && !path.startsWith(`${inside}/`);
  });
}

/**
 * Takes out of `inputs` the files whose header marks them as demos (not those named on the command line, nor those a
 * kustomization deploys) and returns them for the run's line.
 */
export function takeDemoFiles<T extends { uri: string; text: string; display: string; contexts?: readonly unknown[] }>(inputs: T[], named: ReadonlySet<string>, displayOf: Map<string, string>): TestDataSkips["files"] {
  const out: TestDataSkips["files"] = [];
  for (let i = inputs.length - 1; i >= 0; i--) {
    const input = inputs[i];
    if (named.has(input.display) || input.contexts?.length) continue;
    const words = demoHeaderOf(input.text);
    if (!words) continue;
    out.unshift({ path: input.display, words });
    inputs.splice(i, 1);
    displayOf.delete(input.uri);
  }
  return out;
}

/**
 * Wraps a parser so that objects Helm runs only for `helm test` (`helm.sh/hook: test`, `test-success`) are left out of
 * the analysis, as `helm template --skip-tests` leaves them out of a rendered chart: a one-off check pod, not part of
 * what is served. `hooks` collects them (`file: Kind/name`) for the run's line.
 */
export function skippingHelmTests(parse: (uri: string, text: string, options: FileOptions) => ParsedFile, displayOf: (uri: string) => string): { parse: (uri: string, text: string, options: FileOptions) => ParsedFile; hooks: string[] } {
  const hooks: string[] = [];
  return {
    hooks,
    parse(uri, text, options) {
      const parsed = parse(uri, text, options);
      if (!parsed.objects.some(isHelmTestHook)) return parsed;
      for (const o of parsed.objects) if (isHelmTestHook(o)) hooks.push(`${displayOf(uri)}: ${o.kind}/${o.name}`);
      return { ...parsed, objects: parsed.objects.filter((o) => !isHelmTestHook(o)) };
    },
  };
}

/**
 * The parse of a lint run with its parse-time skips (Helm test hooks, unless --include-tests). The single-threaded path
 * and every thread of the worker pool (pool.ts, shard.ts) parse through this one function, so a skip added here applies
 * to both; `hooks` collects what was left out, in the order the files were parsed.
 */
export function lintParser(includeTests: boolean, displayOf: (uri: string) => string): { parse: (uri: string, text: string, options: FileOptions) => ParsedFile; hooks: string[] } {
  return includeTests ? { parse: parseForOneShot, hooks: [] } : skippingHelmTests(parseForOneShot, displayOf);
}
