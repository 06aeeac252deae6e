// Checks `kubeready lint --fix` (and `--fix --unsafe-fixes`) as the issue's checker does, on copies of whole repositories:
// each folder given is copied to a temporary folder (its YAML files and .gitignore files only; the originals are never
// touched) in three shapes — as is, final newline removed, CRLF — and the real CLI fixes the copy. Counted per file:
// stops parsing, loses a comment, line endings changed, changed outside the fixed paths, changes again on a second run.
// "Outside the fixed paths" needs to know what each fix changes: fix-all runs again in-process on the same text
// (fixall-props.ts checkFixAll, the corpus property test's checker, with the whole copy's objects in scope) and must
// write the text the CLI wrote; its round-by-round comparison of parsed values decides.
//
//   node --import tsx bench/fix-repos.ts DIR...            (e.g. ../shared/corpus/* /work/realworld/* /work/heldout/*)
//   FIX_REPOS_MODES=safe|unsafe|both (default both)  FIX_REPOS_VARIANTS=original,no-final-newline,crlf
// Prints one line per repository, shape and mode, then the totals; exits 1 when any count is not 0.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";
import { parseFile } from "../rules/engine.js";
import { commentsOf } from "../rules/fixall.js";
import { checkFixAll, variant, type VariantName } from "../test/fix-safety/fixall-props.js";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "kubeready.js");
const SHAPES = (process.env.FIX_REPOS_VARIANTS ?? "original,no-final-newline,crlf").split(",") as VariantName[];
const MODES = process.env.FIX_REPOS_MODES === "safe" ? [false] : process.env.FIX_REPOS_MODES === "unsafe" ? [true] : [false, true];
/** The in-process paths check re-runs fix-all per fix (slow on 2 shared cores): it runs on every k-th changed file. */
const PATHS_EVERY = Number(process.env.FIX_REPOS_PATHS_EVERY ?? 1);
const PROBLEMS = ["stopsParsing", "lostComment", "lineEndings", "outsideFixedPaths", "changesAgain", "cliError"] as const;
type Counts = Record<(typeof PROBLEMS)[number] | "files" | "changed" | "pathsChecked" | "inProcessDiffers", number>;

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    if (n === ".git" || n === "node_modules") continue;
    const p = join(dir, n);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) yamlFiles(p, out);
    else if (st.isFile() && (/\.ya?ml$/i.test(n) || n === ".gitignore") && st.size < 4 << 20) out.push(p);
  }
  return out;
}

const errorsOf = (text: string) => { const d = parseAllDocuments(text); return Array.isArray(d) ? d.reduce((n, x) => n + x.errors.length, 0) : 1; };
const lf = (t: string) => t.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
function endings(t: string): string { const crlf = (t.match(/\r\n/g) ?? []).length, all = (t.match(/\n/g) ?? []).length; return `${crlf > 0}/${all - crlf > 0}/${/\n$/.test(t)}`; }
function lostComment(before: string, after: string): boolean {
  const left = new Map<string, number>();
  for (const c of commentsOf(lf(after))) left.set(c, (left.get(c) ?? 0) + 1);
  for (const c of commentsOf(lf(before))) { const n = left.get(c) ?? 0; if (!n) return true; left.set(c, n - 1); }
  return false;
}

function runCli(dir: string, unsafe: boolean): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, "lint", "--fix", ...(unsafe ? ["--unsafe-fixes"] : []), "--no-render", "--include-tests", "--fail-on", "never", "--format", "json", "--output", join(dir, "..", "report.json"), "."],
    { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 256 << 20 });
  return { status: r.status, stderr: r.stderr };
}

const totals: Counts = { files: 0, changed: 0, pathsChecked: 0, inProcessDiffers: 0, stopsParsing: 0, lostComment: 0, lineEndings: 0, outsideFixedPaths: 0, changesAgain: 0, cliError: 0 };
const examples: string[] = [];
const work = mkdtempSync(join(tmpdir(), "kubeready-fix-repos-"));
for (const repo of process.argv.slice(2)) {
  const sources = yamlFiles(repo);
  if (!sources.length) continue;
  for (const shape of SHAPES) for (const unsafe of MODES) {
    const c: Counts = { files: 0, changed: 0, pathsChecked: 0, inProcessDiffers: 0, stopsParsing: 0, lostComment: 0, lineEndings: 0, outsideFixedPaths: 0, changesAgain: 0, cliError: 0 };
    const copy = join(work, `${basename(repo)}-${shape}-${unsafe ? "unsafe" : "safe"}`, "repo");
    const before = new Map<string, string>();
    for (const src of sources) {
      const dst = join(copy, relative(repo, src));
      mkdirSync(join(dst, ".."), { recursive: true });
      const text = readFileSync(src, "utf8");
      const shaped = src.endsWith(".gitignore") ? text : variant(text, shape) ?? text;
      writeFileSync(dst, shaped);
      if (!src.endsWith(".gitignore")) before.set(dst, shaped);
    }
    c.files = before.size;
    const first = runCli(copy, unsafe);
    if (first.status !== 0) { c.cliError++; examples.push(`${basename(repo)} ${shape}: exit ${first.status}: ${first.stderr.split("\n").filter((l) => !/^kubeready: .*(skipped|not analysed)/.test(l)).slice(0, 3).join(" | ")}`); }
    const after = new Map([...before.keys()].map((p) => [p, readFileSync(p, "utf8")]));
    const changed = [...before.keys()].filter((p) => after.get(p) !== before.get(p));
    c.changed = changed.length;
    // The objects of the whole copy, as the CLI sees them (every file of the run is in scope of every fix).
    const objects = [...before].flatMap(([p, t]) => parseFile(pathToFileURL(p).href, t).objects);
    for (const p of changed) {
      const b = before.get(p)!, a = after.get(p)!;
      const name = `${basename(repo)}/${relative(copy, p)} (${shape}${unsafe ? ", unsafe" : ""})`;
      if (errorsOf(a) > errorsOf(b)) { c.stopsParsing++; examples.push(`stops parsing: ${name}`); }
      if (lostComment(b, a)) { c.lostComment++; examples.push(`lost a comment: ${name}`); }
      if (endings(b) !== endings(a) || b.startsWith("\uFEFF") !== a.startsWith("\uFEFF")) { c.lineEndings++; examples.push(`line endings changed: ${name}`); }
      if (changed.indexOf(p) % PATHS_EVERY !== 0) continue;
      c.pathsChecked++;
      const uri = pathToFileURL(p).href;
      const report = checkFixAll(uri, b, objects.filter((o) => o.uri !== uri), undefined, unsafe);
      if (report.result.text !== a) c.inProcessDiffers++;
      const outside = report.failures.filter((f) => f.property === "nothing outside fixed paths");
      if (outside.length) { c.outsideFixedPaths++; examples.push(`outside the fixed paths: ${name}: ${outside[0].detail}`); }
    }
    const second = runCli(copy, unsafe);
    if (second.status !== 0) c.cliError++;
    for (const p of before.keys()) {
      if (readFileSync(p, "utf8") !== after.get(p)) { c.changesAgain++; examples.push(`changes again: ${basename(repo)}/${relative(copy, p)} (${shape}${unsafe ? ", unsafe" : ""})`); }
    }
    for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += c[k];
    console.log(`fix-repos: ${basename(repo)} ${shape}${unsafe ? " +unsafe" : ""}: ${c.files} files, ${c.changed} changed (${c.pathsChecked} paths-checked); ${PROBLEMS.map((k) => `${k} ${c[k]}`).join(", ")}${c.inProcessDiffers ? `; in-process fix-all wrote other text for ${c.inProcessDiffers}` : ""}`);
    rmSync(join(copy, ".."), { recursive: true, force: true });
  }
}
rmSync(work, { recursive: true, force: true });
console.log(`fix-repos: TOTAL ${totals.files} files fixed, ${totals.changed} changed (${totals.pathsChecked} paths-checked); ${PROBLEMS.map((k) => `${k} ${totals[k]}`).join(", ")}; in-process fix-all wrote other text for ${totals.inProcessDiffers}`);
for (const e of examples.slice(0, 40)) console.log(`fix-repos:   ${e}`);
process.exitCode = PROBLEMS.some((k) => totals[k] > 0) ? 1 : 0;
