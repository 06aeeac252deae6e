// Checks `kubeready lint --fix` (and `--fix --unsafe-fixes`) as the issue's checker does, on copies of whole repositories:
// each folder given is copied to a temporary folder (its YAML files and .gitignore files only; the originals are never
// touched) in three shapes — as is, final newline removed, CRLF — and the real CLI fixes the copy. Counted per changed
// file: stops parsing (more YAML errors than before), fewer documents (a fix may append one on purpose), loses a comment, line endings changed,
// changed outside the fixed paths, changes again on a second CLI run.
// "Outside the fixed paths" needs to know what each fix changes: fix-all runs again in-process on the same text
// (fixall-props.ts checkFixAll, the corpus property test's checker, with the whole copy's objects in scope), which
// records per round the value paths each fix changes when applied alone; every path where the CLI's output differs from
// the input (parsed values compared) must lie under or above one of them. The in-process run's own property failures
// (its round-by-round check) are listed too.
//
//   nice -n 10 node --import tsx bench/fix-repos.ts DIR...     (e.g. /work/realworld/* /work/heldout/*)
//   FIX_REPOS_MODES=safe|unsafe|both (default both)   FIX_REPOS_VARIANTS=original,no-final-newline,crlf
//   FIX_REPOS_STATE=FILE   one JSON line per finished unit (repository × shape × mode); units already in it are skipped,
//                          so a killed run resumes where it stopped (default: none, every unit runs)
//   FIX_REPOS_TIMEOUT=S    seconds per unit (default 3600): each unit runs in a child process, killed after that
//   FIX_REPOS_PATHS_EVERY=k   check the paths of every k-th changed file only (default 1: all)
// Progress goes to stderr; one line per unit and the totals (and a table per repository) to stdout. Exits 1 when any
// problem count is not 0 or a unit timed out.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";
import { parseFile } from "../rules/engine.js";
import { commentsOf } from "../rules/fixall.js";
import { checkFixAll, outsideFixedPaths, variant, type VariantName } from "../test/fix-safety/fixall-props.js";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "kubeready.js");
const SHAPES = (process.env.FIX_REPOS_VARIANTS ?? "original,no-final-newline,crlf").split(",") as VariantName[];
const MODES = process.env.FIX_REPOS_MODES === "safe" ? [false] : process.env.FIX_REPOS_MODES === "unsafe" ? [true] : [false, true];
const PATHS_EVERY = Number(process.env.FIX_REPOS_PATHS_EVERY ?? 1);
const TIMEOUT_S = Number(process.env.FIX_REPOS_TIMEOUT ?? 3600);
const STATE = process.env.FIX_REPOS_STATE ? resolve(process.env.FIX_REPOS_STATE) : undefined;
const PROBLEMS = ["stopsParsing", "documents", "lostComment", "lineEndings", "outsideFixedPaths", "changesAgain", "cliError"] as const;
type Counts = Record<(typeof PROBLEMS)[number] | "files" | "changed" | "pathsChecked" | "inProcessDiffers" | "inProcessFailures" | "documentsAdded", number>;
const zero = (): Counts => ({ documentsAdded: 0, files: 0, changed: 0, pathsChecked: 0, inProcessDiffers: 0, inProcessFailures: 0, stopsParsing: 0, documents: 0, lostComment: 0, lineEndings: 0, outsideFixedPaths: 0, changesAgain: 0, cliError: 0 });
interface UnitResult { repo: string; shape: VariantName; unsafe: boolean; counts: Counts; examples: string[]; seconds: number; timedOut?: boolean; error?: string }

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

const parsedDocs = (text: string) => { const d = parseAllDocuments(text); return Array.isArray(d) ? d : []; };
const errorsOf = (text: string) => { const d = parseAllDocuments(text); return Array.isArray(d) ? d.reduce((n, x) => n + x.errors.length, 0) : 1; };
const lf = (t: string) => t.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
function endings(t: string): string { const crlf = (t.match(/\r\n/g) ?? []).length, all = (t.match(/\n/g) ?? []).length; return `${crlf > 0}/${all - crlf > 0}/${/\n$/.test(t)}`; }
function lostComment(before: string, after: string): string | undefined {
  const left = new Map<string, number>();
  for (const c of commentsOf(lf(after))) left.set(c, (left.get(c) ?? 0) + 1);
  for (const c of commentsOf(lf(before))) { const n = left.get(c) ?? 0; if (!n) return c.slice(0, 80); left.set(c, n - 1); }
  return undefined;
}

function runCli(dir: string, unsafe: boolean, timeoutMs: number): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, "lint", "--fix", ...(unsafe ? ["--unsafe-fixes"] : []), "--no-render", "--include-tests", "--fail-on", "never", "--format", "json", "--output", join(dir, "..", "report.json"), "."],
    { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 256 << 20, timeout: Math.max(1000, timeoutMs), killSignal: "SIGKILL" });
  return { status: r.status, stderr: r.error ? `${r.error.message}\n${r.stderr ?? ""}` : r.stderr };
}

/** One repository in one shape and mode, in this process. */
function runUnit(repo: string, shape: VariantName, unsafe: boolean, deadline: number): UnitResult {
  const started = Date.now();
  const c = zero();
  const examples: string[] = [];
  const tag = `${basename(repo)} ${shape}${unsafe ? " +unsafe" : ""}`;
  const progress = (msg: string) => process.stderr.write(`fix-repos: [${new Date().toISOString().slice(11, 19)}] ${tag}: ${msg}\n`);
  const work = mkdtempSync(join(tmpdir(), "kubeready-fix-repos-"));
  const copy = join(work, "repo");
  try {
    const before = new Map<string, string>();
    for (const src of yamlFiles(repo)) {
      const dst = join(copy, relative(repo, src));
      mkdirSync(join(dst, ".."), { recursive: true });
      const text = readFileSync(src, "utf8");
      const shaped = src.endsWith(".gitignore") ? text : variant(text, shape) ?? text;
      writeFileSync(dst, shaped);
      if (!src.endsWith(".gitignore")) before.set(dst, shaped);
    }
    c.files = before.size;
    progress(`${c.files} files copied; first CLI run`);
    const first = runCli(copy, unsafe, deadline - Date.now());
    if (first.status !== 0) { c.cliError++; examples.push(`cli exit ${first.status}: ${first.stderr.split("\n").filter((l) => l && !/^kubeready: .*(skipped|not analysed)/.test(l)).slice(0, 3).join(" | ")}`); }
    const after = new Map([...before.keys()].map((p) => [p, readFileSync(p, "utf8")]));
    const changed = [...before.keys()].filter((p) => after.get(p) !== before.get(p));
    c.changed = changed.length;
    progress(`${c.changed} files changed; checking each`);
    // The objects of the whole copy, as the CLI sees them (every file of the run is in scope of every fix).
    const objects = [...before].flatMap(([p, t]) => parseFile(pathToFileURL(p).href, t).objects);
    let fixed: ReturnType<typeof parseFile>["objects"] | undefined;
    const fixedObjects = () => (fixed ??= [...after].flatMap(([p, t]) => parseFile(pathToFileURL(p).href, t).objects));
    let n = 0, lastReport = Date.now();
    for (const p of changed) {
      if (Date.now() > deadline) { examples.push(`timed out after ${n} of ${changed.length} changed files`); return { repo, shape, unsafe, counts: c, examples, seconds: (Date.now() - started) / 1000, timedOut: true }; }
      n++;
      if (Date.now() - lastReport > 30_000) { progress(`${n}/${changed.length} checked`); lastReport = Date.now(); }
      const b = before.get(p)!, a = after.get(p)!;
      const name = relative(copy, p);
      if (errorsOf(a) > errorsOf(b)) { c.stopsParsing++; examples.push(`stops parsing: ${name}`); }
      // A fix may append a document on purpose (a PodDisruptionBudget, a NetworkPolicy): fewer is a problem, more is counted.
      const nb = parsedDocs(b).length, na = parsedDocs(a).length;
      if (na < nb) { c.documents++; examples.push(`document count ${nb} -> ${na}: ${name}`); }
      else c.documentsAdded += na - nb;
      const lost = lostComment(b, a);
      if (lost !== undefined) { c.lostComment++; examples.push(`lost a comment: ${name}: ${lost}`); }
      if (endings(b) !== endings(a) || b.startsWith("\uFEFF") !== a.startsWith("\uFEFF")) { c.lineEndings++; examples.push(`line endings changed: ${name}`); }
      if ((n - 1) % PATHS_EVERY !== 0) continue;
      c.pathsChecked++;
      const uri = pathToFileURL(p).href;
      const report = checkFixAll(uri, b, objects.filter((o) => o.uri !== uri), undefined, unsafe);
      // The CLI passes over all files until none changes (a fix in one file can raise findings in another): the second
      // pass is emulated with the other files' fixed objects in scope, and its paths count as fixed paths too.
      const fixedPaths = new Map(report.fixedPaths);
      let inProcess = report.result.text;
      if (inProcess !== a) {
        const again = checkFixAll(uri, inProcess, fixedObjects().filter((o) => o.uri !== uri), undefined, unsafe);
        for (const [doc, ps] of again.fixedPaths) fixedPaths.set(doc, [...(fixedPaths.get(doc) ?? []), ...ps]);
        inProcess = again.result.applied ? again.result.text : inProcess;
        if (again.failures.length) report.failures.push(...again.failures.map((f) => ({ ...f, property: `${f.property} (second pass)` })));
      }
      if (lf(inProcess) !== lf(a)) { c.inProcessDiffers++; examples.push(`in-process fix-all wrote other text: ${name}`); }
      const outside = outsideFixedPaths(b, a, fixedPaths);
      if (outside) { c.outsideFixedPaths++; examples.push(`outside the fixed paths: ${name}: ${outside}`); }
      if (report.failures.length) { c.inProcessFailures++; examples.push(`in-process check: ${name}: ${report.failures.map((f) => `${f.property}: ${f.detail}`).join("; ").slice(0, 300)}`); }
    }
    progress("second CLI run");
    const second = runCli(copy, unsafe, deadline - Date.now());
    if (second.status !== 0) { c.cliError++; examples.push(`second cli exit ${second.status}: ${second.stderr.split("\n").filter((l) => l && !/^kubeready: .*(skipped|not analysed)/.test(l)).slice(0, 3).join(" | ")}`); }
    for (const p of before.keys()) {
      if (readFileSync(p, "utf8") !== after.get(p)) { c.changesAgain++; examples.push(`changes again: ${relative(copy, p)}`); }
    }
    return { repo, shape, unsafe, counts: c, examples, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const unitKey = (repo: string, shape: string, unsafe: boolean) => `${resolve(repo)}\u0000${shape}\u0000${unsafe}`;

function line(r: UnitResult): string {
  const c = r.counts;
  return `fix-repos: ${basename(r.repo)} ${r.shape}${r.unsafe ? " +unsafe" : ""}: ${c.files} files, ${c.changed} changed (${c.pathsChecked} paths-checked, ${c.documentsAdded} documents appended); ${PROBLEMS.map((k) => `${k} ${c[k]}`).join(", ")}; in-process: other text ${c.inProcessDiffers}, property failures ${c.inProcessFailures}; ${r.seconds.toFixed(0)} s${r.timedOut ? " TIMED OUT" : ""}${r.error ? ` ERROR ${r.error}` : ""}`;
}

/** Runs one unit in a child process (a hard timeout even when a single fix-all hangs) and returns its result. */
function runChild(repo: string, shape: VariantName, unsafe: boolean): Promise<UnitResult> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...process.execArgv, __filename, "--unit", repo, shape, String(unsafe), String(started + TIMEOUT_S * 1000)],
      { stdio: ["ignore", "pipe", "inherit"], detached: true });
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    const killer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, (TIMEOUT_S + 120) * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      const last = out.trim().split("\n").pop() ?? "";
      try { done(JSON.parse(last) as UnitResult); } catch {
        done({ repo, shape, unsafe, counts: zero(), examples: [], seconds: (Date.now() - started) / 1000, timedOut: signal === "SIGKILL", error: `child exit ${code ?? signal}` });
      }
    });
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === "--unit") {
    const [, , , repo, shape, unsafe, deadline] = process.argv;
    process.stdout.write(`${JSON.stringify(runUnit(repo, shape as VariantName, unsafe === "true", Number(deadline)))}\n`);
    return;
  }
  const done = new Map<string, UnitResult>();
  if (STATE && existsSync(STATE)) {
    for (const l of readFileSync(STATE, "utf8").split("\n")) {
      if (!l.trim()) continue;
      try { const r = JSON.parse(l) as UnitResult; if (!r.error) done.set(unitKey(r.repo, r.shape, r.unsafe), r); } catch { /* a torn last line */ }
    }
  }
  const results: UnitResult[] = [];
  const repos = process.argv.slice(2).filter((r) => statSync(r).isDirectory());
  for (const [i, repo] of repos.entries()) {
    for (const shape of SHAPES) for (const unsafe of MODES) {
      const k = unitKey(repo, shape, unsafe);
      let r = done.get(k);
      if (r) { process.stderr.write(`fix-repos: ${basename(repo)} ${shape}${unsafe ? " +unsafe" : ""}: from ${STATE}\n`); }
      else {
        process.stderr.write(`fix-repos: repository ${i + 1}/${repos.length}: ${basename(repo)} ${shape}${unsafe ? " +unsafe" : ""}\n`);
        r = await runChild(resolve(repo), shape, unsafe);
        if (STATE) appendFileSync(STATE, `${JSON.stringify(r)}\n`);
      }
      results.push(r);
      console.log(line(r));
    }
  }
  const totals = zero();
  for (const r of results) for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += r.counts[k];
  const incomplete = results.filter((r) => r.timedOut || r.error).length;
  console.log(`fix-repos: TOTAL ${results.length} units, ${totals.files} file-runs, ${totals.changed} changed (${totals.pathsChecked} paths-checked); ${PROBLEMS.map((k) => `${k} ${totals[k]}`).join(", ")}; in-process: other text ${totals.inProcessDiffers}, property failures ${totals.inProcessFailures}; incomplete units ${incomplete}`);
  // Per repository: files, changed files per mode (summed over shapes), problems.
  console.log("\n| repository | YAML files | changed, safe (3 shapes) | changed, unsafe (3 shapes) | problems | in-process other text / failures | time |\n|---|---:|---:|---:|---:|---:|---:|");
  for (const repo of repos) {
    const rs = results.filter((r) => r.repo === resolve(repo));
    const sum = (f: (r: UnitResult) => number) => rs.reduce((n, r) => n + f(r), 0);
    console.log(`| ${basename(repo)} | ${rs[0]?.counts.files ?? 0} | ${sum((r) => r.unsafe ? 0 : r.counts.changed)} | ${sum((r) => r.unsafe ? r.counts.changed : 0)} | ${sum((r) => PROBLEMS.reduce((n, k) => n + r.counts[k], 0))}${rs.some((r) => r.timedOut || r.error) ? " (incomplete)" : ""} | ${sum((r) => r.counts.inProcessDiffers)} / ${sum((r) => r.counts.inProcessFailures)} | ${sum((r) => r.seconds).toFixed(0)} s |`);
  }
  const examples = results.flatMap((r) => r.examples.map((e) => `${basename(r.repo)} (${r.shape}${r.unsafe ? ", unsafe" : ""}): ${e}`));
  for (const e of examples.slice(0, 80)) console.log(`fix-repos:   ${e}`);
  if (examples.length > 80) console.log(`fix-repos:   … and ${examples.length - 80} more`);
  process.exitCode = PROBLEMS.some((k) => totals[k] > 0) || incomplete ? 1 : 0;
}

void main();
