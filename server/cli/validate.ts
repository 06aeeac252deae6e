// `kubeready validate`: the objects of YAML files sent to a cluster as server-side dry runs (dryRun=All, nothing stored),
// and the cluster's answers (admission, validation, warnings) reported at the object, in lint's formats. Opt-in: it
// needs create permission, unlike `kubeready cluster`, which only reads.
import { promises as fs } from "node:fs";
import { pathToFileURL } from "node:url";
import { killCredentialPlugins } from "../../cluster/credentials.js";
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { validateAgainstCluster, type ValidateInput } from "../../cluster/validate.js";
import { failOnValue, timeoutValue, type FailOn, type OutputFormat } from "./args.js";
import { collectFiles, toPosixRelative } from "./files.js";
import { formatJson } from "./formatJson.js";
import { formatText } from "./formatText.js";
import { ExcludeList } from "./glob.js";
import type { CliIO } from "./main.js";
import { compareFindings, exitCodeOf, STDIN_NAME, type LintResult } from "./result.js";
import { decodeUtf8 } from "./utf8.js";
import { useColor } from "./color.js";

export interface ValidateArgs {
  paths: string[];
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  format: OutputFormat;
  failOn: FailOn;
  timeoutSeconds: number;
}

export const VALIDATE_USAGE = `Usage: kubeready validate [options] [PATH...]

Sends each object of the files to a cluster as a server-side dry run (dryRun=All: validated, defaulted and
admitted, never stored) and reports what the cluster answered, at the object: admission rejections (Pod Security
enforce, ResourceQuota, LimitRange, webhooks, admission policies), warnings (Pod Security warn, deprecated APIs,
unknown fields) and validation errors. Objects that exist are sent as a server-side apply (dryRun=All).

Needs create permission (and patch, for objects that exist) in the objects' namespaces, as a real apply does; a
refusal is reported as not validated. kubeready cluster and the editor's readiness tree only ever read.

Options:
  --context NAME       kubeconfig context (default: the current context)
  --namespace NS       namespace for objects that name none (alias -n; default: the context's, else default)
  --kubeconfig FILE    kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
  --format FORMAT      text (default), json or sarif
  --fail-on SEVERITY   exit 1 when a finding is at or above: error (default), warning, info or never
  --timeout SECONDS    deadline of the whole run, credential plugins included (default 60)
  -h, --help           show this help

Arguments:
  PATH                 files or folders (*.yaml, *.yml); '-' reads stdin. Files are sent as written: render
                       charts and overlays first (helm template ... | kubeready validate -)

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, or the cluster could not
be used (stderr says why).
`;

const VALUE_FLAGS = new Set(["--context", "--namespace", "-n", "--kubeconfig", "--format", "--fail-on", "--timeout"]);

export function parseValidateArgs(argv: readonly string[]): ValidateArgs | { help: true } | { error: string } {
  const args: ValidateArgs = { paths: [], format: "text", failOn: "error", timeoutSeconds: 60 };
  const rest = argv[0] === "validate" ? argv.slice(1) : argv;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "-h" || arg === "--help") return { help: true };
    if (arg === "-" || !arg.startsWith("-")) { args.paths.push(arg); continue; }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return { error: `unknown option ${flag}` };
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("-"))) return { error: `option ${flag} needs a value` };
    switch (flag) {
      case "--context": args.context = value; break;
      case "--namespace": case "-n": args.namespace = value; break;
      case "--kubeconfig": args.kubeconfig = value; break;
      case "--format":
        if (value !== "text" && value !== "json" && value !== "sarif") return { error: `--format must be text, json or sarif, not '${value}'` };
        args.format = value;
        break;
      case "--fail-on": {
        const failOn = failOnValue(value);
        if (typeof failOn === "object") return failOn;
        args.failOn = failOn;
        break;
      }
      case "--timeout": {
        const seconds = timeoutValue(value);
        if (typeof seconds === "object") return seconds;
        args.timeoutSeconds = seconds;
        break;
      }
    }
  }
  return args;
}

async function readInputs(args: ValidateArgs, io: CliIO): Promise<{ inputs: Array<ValidateInput & { display: string }>; errors: string[] }> {
  const paths = args.paths.length ? args.paths : ["."];
  const errors: string[] = [];
  const inputs: Array<ValidateInput & { display: string }> = [];
  const files = await collectFiles(io.cwd, paths.filter((p) => p !== "-"), new ExcludeList([]), io.cwd, { gitignore: true });
  errors.push(...files.errors);
  for (const abs of files.files) {
    const display = toPosixRelative(io.cwd, abs);
    try {
      const { text, invalid } = decodeUtf8(await fs.readFile(abs));
      if (invalid) { errors.push(`${display} is not valid UTF-8: not sent`); continue; }
      inputs.push({ uri: pathToFileURL(abs).href, text, display, chartTemplate: /\/templates\//.test(abs.replace(/\\/g, "/")) });
    } catch (e) {
      errors.push(`cannot read ${display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (paths.includes("-")) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
    const { text, invalid } = decodeUtf8(Buffer.concat(chunks));
    if (invalid) errors.push("standard input is not valid UTF-8: not sent");
    else inputs.push({ uri: `${pathToFileURL(io.cwd).href.replace(/\/?$/, "/")}${encodeURIComponent(STDIN_NAME)}`, text, display: STDIN_NAME });
  }
  return { inputs, errors };
}

/** Runs `kubeready validate ...`; resolves to the exit code. Never throws for cluster problems. */
export async function runValidateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseValidateArgs(argv);
  if ("help" in parsed) { io.stdout.write(VALIDATE_USAGE); return 0; }
  if ("error" in parsed) { io.stderr.write(`kubeready: ${parsed.error}\n\n${VALIDATE_USAGE}`); return 2; }
  const args = parsed;
  const started = performance.now();
  const { inputs, errors } = await readInputs(args, io);
  for (const e of errors) io.stderr.write(`kubeready: ${e}\n`);
  if (inputs.length === 0) {
    if (!errors.length) io.stderr.write(`kubeready: no YAML files found in ${(args.paths.length ? args.paths : ["."]).join(", ")}\n`);
    return 2;
  }
  const kubeconfig = loadKubeconfig({ ...(args.kubeconfig ? { path: args.kubeconfig } : {}), ...(args.context ? { context: args.context } : {}), env: io.env as NodeJS.ProcessEnv });
  if (!kubeconfig.ok) { io.stderr.write(`kubeready: ${kubeconfig.error.message}\n`); return 2; }
  const onSignal = () => { killCredentialPlugins(); process.exit(130); };
  process.once("SIGINT", onSignal);
  let validated;
  try {
    validated = await validateAgainstCluster(kubeconfig.kc, inputs, { ...(args.namespace ? { namespace: args.namespace } : {}), timeoutMs: args.timeoutSeconds * 1000 });
  } finally {
    process.removeListener("SIGINT", onSignal);
  }
  const displayOf = new Map(inputs.map((i) => [i.uri, i.display]));
  const result: LintResult = {
    files: inputs.map((i) => i.display).sort(),
    places: { cwd: io.cwd, displayOf },
    findings: validated.findings.map((finding) => ({ file: displayOf.get(finding.uri) ?? finding.uri, finding })).sort(compareFindings),
  };
  const s = validated.summary;
  io.stderr.write(`kubeready: ${s.sent} object${s.sent === 1 ? "" : "s"} sent to context ${s.context} (${s.server}) as server-side dry runs (dryRun=All, nothing stored): ${s.accepted} accepted, ${s.rejected} rejected, ${s.notValidated} not validated${s.skipped ? `; ${s.skipped} document${s.skipped === 1 ? "" : "s"} not sent` : ""}\n`);
  const textOf = new Map(inputs.map((i) => [i.display, i.text]));
  io.stdout.write(args.format === "json" ? formatJson(result, args.failOn)
    : args.format === "sarif" ? (await import("./formatSarif.js")).formatSarif(result)
    : formatText(result, args.failOn, { color: useColor(io), source: (f) => textOf.get(f), elapsedMs: performance.now() - started }));
  if (validated.fatal) {
    io.stderr.write(`kubeready: ${validated.fatal.message}\n`);
    return 2;
  }
  if (errors.length) return 2;
  return exitCodeOf(result, args.failOn);
}
