// The `kubeready` command line: `main(argv, io)` runs one command and resolves to its exit code (testable without spawning).
import { unknownRuleSettings } from "../../rules/index.js";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { mergeConfig, type KubereadyConfig } from "../../rules/config.js";
import { FILE_RULE, SYNTAX_RULE, type FileInput, type Finding } from "../../rules/engine.js";
import { parseArgs, type LintArgs } from "./args.js";
import { collectFiles, loadConfig, mapBounded, readInputFile, readKustomizations, toPosixRelative } from "./files.js";
import { formatJson } from "./formatJson.js";
import { formatText } from "./formatText.js";
import { renderForLint } from "./render.js";
import { ExcludeList } from "./glob.js";
import { loadCluster, loadValidate } from "./lazy.js";
import { foldRepeats } from "./repeats.js";
import { mayHoldNamespace, withClusterDefault } from "./clusterDefaults.js";
import { compareFindings, exitCodeOf, STDIN_NAME, type LintResult } from "./result.js";
import { VERSION } from "./version.js";
import { useColor } from "./color.js";
import { maxFileBytes, tooLarge, withStrict } from "./limits.js";
import { decodeUtf8, invalidUtf8Finding } from "./utf8.js";
import { isChartTemplatePath } from "../chartTemplate.js";
import { terraformTemplates } from "./terraform.js";
import { takeDemoFiles, takeExampleFiles, testDataLine, withoutSampleFolders } from "./testData.js";
import { demoContext } from "./demoFolders.js";
import { analyzeForLint, threadsFor } from "./pool.js";
import { descriptorWriter } from "./stdio.js";
import { takeUnusedFiles, unusedLines, withoutUnusedFolders } from "./unusedFolders.js";

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: AsyncIterable<string | Uint8Array>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Files read at once: enough to keep the disk busy, few enough to stay far from the descriptor limit. */
const READ_CONCURRENCY = 32;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case "help":
      io.stdout.write(args.text);
      return 0;
    case "version":
      io.stdout.write(`kubeready ${VERSION}\n`);
      return 0;
    case "cluster": {
      // Loaded on demand: lint runs never pay for the Kubernetes client library.
      const { runClusterCommand } = await loadCluster();
      return runClusterCommand(args, io);
    }
    case "validate":
      return (await loadValidate()).runValidateCommand(args, io);
    case "usage-error":
      io.stderr.write(`kubeready: ${args.message}\n\n${args.usage}`);
      return 2;
    case "rules":
    case "explain":
    case "init":
      return (await import("./commands.js")).runCommand(args, io);
    case "lint":
      try {
        return await lint(args, io);
      } catch (e) {
        // Whatever goes wrong, CI must see exit code 2 and a reason, not a stack trace and exit code 1.
        io.stderr.write(`kubeready: internal error: ${(e as Error).stack ?? String(e)}\n`);
        return 2;
      }
  }
}

async function readStdin(stdin: CliIO["stdin"]): Promise<ReturnType<typeof decodeUtf8>> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return decodeUtf8(Buffer.concat(chunks));
}

interface Input extends FileInput {
  display: string;
}

async function lint(args: LintArgs, io: CliIO): Promise<number> {
  const started = process.hrtime.bigint(); // not performance.now(): its first use loads perf_hooks (a dozen modules)
  const { cwd } = io;
  const paths = args.paths.length ? args.paths : ["."];
  const stdinCount = paths.filter((p) => p === "-").length;
  if (stdinCount > 1) {
    io.stderr.write("kubeready: '-' (stdin) can be given only once\n");
    return 2;
  }
  // `--fix -` is a filter (as Ruff's and Prettier's are): the fixed text goes to stdout, the report to stderr.
  const filter = stdinFilter(args, paths, io);
  if (typeof filter === "number") return filter;
  if (filter) io = filter.io;

  const loaded = await loadConfig(cwd, args.config, paths);
  const configName = loaded.path ? toPosixRelative(cwd, loaded.path) : ".kubeready.yaml";
  for (const p of loaded.problems) io.stderr.write(`kubeready: ${configName}: ${p.message}\n`);
  if (loaded.fatal) return 2;
  for (const p of unknownRuleSettings(loaded.config)) io.stderr.write(`kubeready: ${configName}: ${p}\n`);
  let config = withOverrides(loaded.config, args);
  const runNotes: string[] = [];

  const excludeBase = loaded.path ? resolve(loaded.path, "..") : cwd;
  const fileSet = await collectFiles(cwd, paths.filter((p) => p !== "-"), new ExcludeList(config.exclude), excludeBase, { gitignore: !args.noIgnore, testFolders: args.includeTests ? [] : config.testFolders, exampleFolders: args.includeTests || args.includeExamples ? [] : config.exampleFolders, readmeVerdicts: !(args.includeTests || args.includeExamples) });
  for (const e of fileSet.excluded) io.stderr.write(`kubeready: ${e.path} skipped: excluded by '${e.pattern}' in ${configName}\n`);
  const ioErrors = [...fileSet.errors];

  const terraform = fileSet.terraformFiles ? await terraformTemplates(fileSet.terraformFiles, cwd) : undefined;
  const kustomize = await readKustomizations(fileSet);
  fileSet.files.push(...kustomize.reached);
  const early: Finding[] = [];
  const undecodable = new Set<string>();
  const read = await mapBounded(fileSet.files, READ_CONCURRENCY, async (abs): Promise<Input | Finding[] | string> => {
    const display = toPosixRelative(cwd, abs);
    const uri = pathToFileURL(abs).href;
    try {
      const bytes = readInputFile(fileSet, abs, maxFileBytes(args));
      if (typeof bytes === "number") return tooLarge(display, bytes, args);
      const { text, invalid } = decodeUtf8(bytes);
      if (invalid) { early.push(invalidUtf8Finding(uri, invalid)); undecodable.add(uri); }
      const deployed = kustomize.deploymentOf(abs);
      return { uri, text, display, contexts: deployed?.contexts ?? [], partial: deployed?.partial ?? false, chartTemplate: isChartTemplatePath(abs), maxBytes: maxFileBytes(args), terraformTemplate: terraform?.get(abs) };
    } catch (e) {
      return `cannot read ${display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  });

  const inputs: Input[] = [];
  const displayOf = new Map<string, string>();
  read.forEach((r, i) => {
    const display = toPosixRelative(cwd, fileSet.files[i]);
    if (typeof r === "string") ioErrors.push(r);
    else if (Array.isArray(r)) { displayOf.set(r[0].uri, display); early.push(...r); }
    else { inputs.push(r); displayOf.set(r.uri, display); }
  });
  if (stdinCount) {
    const { text, invalid } = await readStdin(io.stdin);
    const uri = `${pathToFileURL(cwd).href.replace(/\/?$/, "/")}${encodeURIComponent(STDIN_NAME)}`;
    // The same size limit as for files: above it the run fails (exit 2), never passes the stream unread.
    const size = Buffer.byteLength(text, "utf8");
    if (size > maxFileBytes(args)) ioErrors.push(tooLarge(STDIN_NAME, size, args));
    else inputs.push({ uri, text, display: STDIN_NAME, maxBytes: maxFileBytes(args) });
    if (invalid) { early.push(invalidUtf8Finding(uri, invalid)); undecodable.add(uri); }
    displayOf.set(uri, STDIN_NAME);
  }

  // Test data and demos are said once, never judged silently (--include-tests lints them).
  const named = new Set(paths.map((p) => toPosixRelative(cwd, resolve(cwd, p))));
  const demoFiles = args.includeTests ? [] : takeDemoFiles(inputs, named, displayOf);
  const examples = takeExampleFiles(inputs, fileSet.exampleFiles, (i) => resolve(cwd, i.display), named, displayOf, (abs) => toPosixRelative(cwd, abs));
  // Folders no GitOps entry point deploys are said once each, never judged object by object (--include-unused lints them).
  const unused = await takeUnusedFiles(args.includeUnused ? [] : inputs, (i) => resolve(cwd, i.display), paths.filter((p) => p !== "-"), cwd, displayOf, new Set([...config.exampleFolders, ...config.testFolders]));
  const testLine = testDataLine({ folders: fileSet.testFolders, files: demoFiles, examples: examples.folders, readmes: fileSet.demoFolders, deployed: fileSet.deployed });
  for (const e of ioErrors) io.stderr.write(`kubeready: ${e}\n`);
  const analysed = inputs.length + early.length;
  if (analysed === 0) {
    // Unreadable paths were already named; saying "no YAML files" too would only repeat it.
    if (ioErrors.length) return 2;
    // Every named file is excluded on purpose (`kubeready lint $(git diff --name-only)`): nothing to do is not an error.
    if (testLine) io.stderr.write(`${testLine}\n`);
    if (fileSet.excluded.length || testLine) return 0;
    io.stderr.write(`kubeready: no YAML files found in ${paths.join(", ")} (looked for *.yaml and *.yml, skipping node_modules, .git and excluded paths)\n`);
    return 2;
  }

  config = await withClusterDefault(config, cwd, io.stderr, () => mayHoldNamespace(inputs.map((i) => i.text), args.noRender ? undefined : fileSet.dirs), runNotes);

  // --fix / --diff: fix in memory first; the report is then about what remains.
  const fixing = args.fix || args.diff ? await import("./fixFiles.js") : undefined;
  let fixedLine = "";
  if (fixing) {
    // A file that is not valid UTF-8 is never fixed: writing it back would replace its undecodable bytes.
    const results = fixing.fixInputs(inputs.filter((i) => !undecodable.has(i.uri)), config, args.unsafeFixes === true);
    if (args.diff) {
      if (testLine) io.stderr.write(`${testLine}\n`);
      const diff = await fixing.unifiedDiff(results);
      io.stdout.write(diff);
      io.stderr.write(fixing.fixSummary(results, false) || "kubeready: nothing to fix\n");
      return ioErrors.length ? 2 : diff ? 1 : 0;
    }
    const writeErrors = await fixing.writeFixes(results.filter((r) => r.display !== STDIN_NAME));
    for (const e of writeErrors) io.stderr.write(`kubeready: ${e}\n`);
    ioErrors.push(...writeErrors);
    const after = new Map(results.map((r) => [r.uri, r.after]));
    for (const i of inputs) i.text = after.get(i.uri) ?? i.text;
    if (filter) {
      const stdin = inputs.find((i) => i.display === STDIN_NAME);
      // Text decoded with replacement characters must not replace the caller's buffer: nothing on stdout, exit 2.
      if (stdin && !undecodable.has(stdin.uri)) filter.stdout.write(stdin.text);
      else { ioErrors.push("standard input not fixed"); io.stderr.write("kubeready: standard input not fixed (not valid UTF-8, or too large); nothing written to stdout\n"); }
    }
    fixedLine = fixing.fixSummary(results, true);
  }

  // Charts and overlays are rendered and judged as deployed; their files' raw objects are not judged again.
  const demo = args.includeTests || args.includeExamples ? undefined : await demoContext(fileSet, inputs, cwd);
  const rendered = await renderForLint(args, config, loaded.path, cwd, withoutUnusedFolders(withoutSampleFolders(fileSet.dirs, examples.taken), unused), io.stderr, io.env, demo);
  // All files of the run are analysed together (on several threads when it pays: pool.ts), so cross-file rules see every object.
  const analysis = await analyzeForLint(inputs, config, { threads: threadsFor(inputs, io.env, args.threads), includeTests: args.includeTests === true, fixes: args.format === "text", displayOf: (uri) => displayOf.get(uri) ?? uri });
  const findings = rendered.merge(analysis.findings, displayOf);
  // Test data and demos are said once, never judged silently (--include-tests lints them).
  const skippedLine = testDataLine({ folders: fileSet.testFolders, files: demoFiles, examples: examples.folders, hooks: analysis.hooks, readmes: fileSet.demoFolders, renders: rendered.demo, deployed: fileSet.deployed });
  if (skippedLine) io.stderr.write(`${skippedLine}\n`);
  const notes = [...runNotes, ...(skippedLine ? [skippedLine.replace(/^kubeready: /, "")] : []), ...unusedLines(unused)];
  for (const n of unusedLines(unused)) io.stderr.write(`kubeready: ${n}\n`);
  const result: LintResult = {
    files: [...displayOf.values()].sort(),
    places: { cwd, displayOf },
    ...(notes.length ? { notes } : {}),
    // One root cause is said once per run: a namespace's missing policy, the same finding on copies of one object.
    findings: foldRepeats([...early, ...findings].map((finding) => ({ file: displayOf.get(finding.uri) ?? finding.uri, finding: forReaders(finding) })).sort(compareFindings)),
  };
  const textOf = new Map(inputs.map((i) => [i.display, i.text]));
  const report = await import("./report.js");
  const adjusted = await report.adjustResult(result, args, io, (f) => textOf.get(f));
  if (typeof adjusted === "number") return adjusted;

  const output = args.format === "json" ? formatJson(adjusted, args.failOn)
    : args.format === "sarif" ? (await import("./formatSarif.js")).formatSarif(adjusted)
    : formatText(adjusted, args.failOn, {
      color: !args.output && useColor(io), source: (f) => textOf.get(f), statistics: args.statistics,
      elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, fixed: fixedLine, fixMode: fixing && !args.diff ? (args.unsafeFixes ? "unsafe" : "safe") : undefined, ruleLink: report.ruleLinker(args, io.env),
    });
  if (!(await report.writeReport(output, args, io))) return 2;
  if (ioErrors.length) return 2;
  return withStrict(exitCodeOf(adjusted, args.failOn), adjusted, args);
}

/**
 * `kubeready lint --fix -`: standard input is fixed like a file and the fixed text (unchanged when there is nothing to
 * fix) is written to stdout, so editors and pipes can use it as a filter; the report goes to stderr. Standard input with
 * other paths is refused (exit 2): their fixes are written to disk, and one stdout cannot hold a text and a report.
 */
function stdinFilter(args: LintArgs, paths: readonly string[], io: CliIO): { io: CliIO; stdout: Writable } | undefined | number {
  if (!args.fix || args.diff || !paths.includes("-")) return undefined;
  if (paths.length > 1) {
    io.stderr.write("kubeready: --fix with '-' fixes standard input alone (the fixed text goes to stdout): lint the other paths in a separate run\n");
    return 2;
  }
  return { io: { ...io, stdout: io.stderr }, stdout: io.stdout };
}

/** A syntax error says so in every format (a CI log or an alert shows the message, not always the rule id). */
function forReaders(f: Finding): Finding {
  return f.rule === SYNTAX_RULE && !/^invalid (YAML|UTF-8)/i.test(f.message) ? { ...f, message: `Invalid YAML: ${f.message}` } : f;
}

/** --pss-level and --pss-version override the configuration file. */
function withOverrides(config: KubereadyConfig, args: LintArgs): KubereadyConfig {
  const pss: Record<string, unknown> = {};
  if (args.pssLevel) pss.level = args.pssLevel;
  if (args.pssVersion) pss.version = args.pssVersion;
  return Object.keys(pss).length ? mergeConfig(config, { pss }).config : config;
}

/** Runs the CLI on the real process when this module is the entry point (tsx, or a bundle that is run directly). */
export function run(): void {
  // `kubeready lint | head` closes the pipe early: that is not an error worth a stack trace.
  const failed = (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    // A full disk or a closed descriptor: an I/O error, exit 2 with one line instead of a stack trace.
    process.stderr.write(`kubeready: cannot write the report: ${e.message}\n`);
    process.exit(2);
  };
  // process.stdin is opened only when read ('-'): opening it costs a run that never reads it a few milliseconds.
  const stdin: AsyncIterable<string | Uint8Array> = { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() };
  // Likewise stdout and stderr are written as descriptors, never built as streams unless a pipe is full (stdio.ts).
  const stdout = descriptorWriter(1, () => process.stdout.on("error", failed), failed);
  const io: CliIO = { stdout, stderr: descriptorWriter(2, () => process.stderr, () => { /* nowhere left to say it */ }), stdin, cwd: process.cwd(), env: process.env };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`kubeready: ${(e as Error).stack ?? String(e)}\n`); process.exitCode = 2; },
  );
}

if (require.main === module) run();
