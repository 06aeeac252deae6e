// Test data and throw-away demos a folder walk skips by default: test folders by convention, and files whose own header says they are not for production.
//
// A run over a repository otherwise judges e2e fixtures, `hack/` test pods and kind configs like install manifests:
// right by the letter, useless to the person who reads the report (semgrep's default ignore list makes the same call).
// Nothing is skipped silently: the run says once how many folders and files it left out and how to include them.
import { promises as fs } from "node:fs";
import { join } from "node:path";
import { KUSTOMIZATION_FILES } from "../../rules/model/kustomize.js";

/** Folder names skipped while walking (never a path named on the command line, nor what a kustomization outside lists). */
export const DEFAULT_TEST_FOLDERS: readonly string[] = ["test", "tests", "testdata", "e2e", "fixtures", "hack"];

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
}

/** The one information line for the run (undefined when nothing was skipped). */
export function testDataLine(skips: TestDataSkips): string | undefined {
  const withFiles = skips.folders.filter((f) => f.files > 0);
  if (withFiles.length === 0 && skips.files.length === 0) return undefined;
  const parts: string[] = [];
  if (withFiles.length) {
    const files = withFiles.reduce((a, f) => a + f.files, 0);
    const shown = withFiles.slice(0, 5).map((f) => f.path).join(", ") + (withFiles.length > 5 ? `, … ${withFiles.length - 5} more` : "");
    parts.push(`${withFiles.length} test/dev ${withFiles.length === 1 ? "folder" : "folders"} (${files} YAML ${files === 1 ? "file" : "files"}: ${shown})`);
  }
  if (skips.files.length) {
    const shown = skips.files.slice(0, 3).map((f) => `${f.path} ("${f.words}")`).join(", ") + (skips.files.length > 3 ? `, … ${skips.files.length - 3} more` : "");
    parts.push(`${skips.files.length} ${skips.files.length === 1 ? "file whose header says" : "files whose headers say"} it is not for production (${shown})`);
  }
  return `kubeready: not linted as test data or demos: ${parts.join("; ")}. Lint them with --include-tests, or set testFolders in .kubeready.yaml.`;
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
