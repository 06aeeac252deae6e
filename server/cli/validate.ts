// `kubeready validate`: the objects of YAML files sent to a cluster as server-side dry runs (dryRun=All, nothing stored),
// and the cluster's answers (admission, validation, warnings) reported at the object, in lint's formats. Opt-in: it
// needs create permission, unlike `kubeready cluster`, which only reads.
import { promises as fs } from "node:fs";
import { pathToFileURL } from "node:url";
import { killCredentialPlugins } from "../../cluster/credentials.js";
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { validateAgainstCluster, type ValidateInput } from "../../cluster/validate.js";
import { commandHelp, parseArgs, type ValidateArgs } from "./args.js";
import { collectFiles, toPosixRelative } from "./files.js";
import { formatJson } from "./formatJson.js";
import { formatText } from "./formatText.js";
import { ExcludeList } from "./glob.js";
import type { CliIO } from "./main.js";
import { compareFindings, exitCodeOf, STDIN_NAME, type LintResult } from "./result.js";
import { decodeUtf8 } from "./utf8.js";
import { useColor } from "./color.js";

export type { ValidateArgs } from "./args.js";

/** `kubeready validate --help`: generated from the option table in args.ts, as every command's help is. */
export const VALIDATE_USAGE = commandHelp("validate");

/** Parses `kubeready validate`'s options and paths (the leading "validate" is optional) with the parseArgs table of args.ts. */
export function parseValidateArgs(argv: readonly string[]): ValidateArgs | { help: true } | { error: string } {
  const r = parseArgs(["validate", ...(argv[0] === "validate" ? argv.slice(1) : argv)]);
  if (r.command === "help") return { help: true };
  if (r.command === "usage-error") return { error: r.message };
  const { command: _, ...args } = r as { command: "validate" } & ValidateArgs;
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
export async function runValidateCommand(argv: readonly string[] | ValidateArgs, io: CliIO): Promise<number> {
  const parsed = Array.isArray(argv) ? parseValidateArgs(argv) : (argv as ValidateArgs);
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
