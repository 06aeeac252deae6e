// Parses the kubeready command line into a typed request, or a usage error that the caller prints with exit code 2.

export type OutputFormat = "text" | "json" | "sarif";
export type FailOn = "error" | "warning" | "info" | "never";

export interface LintArgs {
  command: "lint";
  paths: string[];
  format: OutputFormat;
  config?: string;
  pssLevel?: "baseline" | "restricted";
  pssVersion?: string;
  failOn: FailOn;
  /** --strict: documents and files that were not analysed (templates, not manifests, unreadable) fail the run. */
  strict?: boolean;
  /** --max-file-size MB: the largest file (or stdin) analysed; above it the run stops with exit code 2. */
  maxFileMb?: number;
}

export type ParsedArgs =
  | LintArgs
  | { command: "help" }
  | { command: "version" }
  /** `kubeready cluster ...`: its options are parsed by server/cli/cluster.ts. */
  | { command: "cluster"; argv: string[] }
  | { command: "usage-error"; message: string };

export const USAGE = `Usage: kubeready lint [options] [PATH...]
       kubeready cluster [--context NAME] [--namespace NS] [--format text|json|markdown]   (see kubeready cluster --help)

Reviews Kubernetes YAML for production readiness.

  PATH                 files or folders (*.yaml, *.yml, searched recursively); '-' reads stdin;
                       default: the current folder

Options:
  --format FORMAT      text (default), json or sarif
  --config FILE        configuration file (default: the nearest .kubeready.yaml)
  --pss-level LEVEL    Pod Security Standards level: baseline or restricted
  --pss-version VER    Pod Security Standards version: v1.N or latest
  --fail-on SEVERITY   exit 1 when a finding is at or above: error (default), warning, info or never
  --strict             also exit 1 when a document or file was not analysed (a template, not a manifest, unreadable)
  --max-file-size MB   largest file or stdin to analyse (default 64); a larger one is an error (exit 2)
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or I/O error.
`;

const FORMATS: readonly OutputFormat[] = ["text", "json", "sarif"];
const FAIL_ON: readonly FailOn[] = ["error", "warning", "info", "never"];
const VALUE_FLAGS = new Set(["--format", "--config", "--pss-level", "--pss-version", "--fail-on", "--max-file-size"]);

function usageError(message: string): ParsedArgs {
  return { command: "usage-error", message };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) return usageError("missing command: kubeready lint [PATH...]");
  const [command, ...rest] = argv;
  if (command === "-h" || command === "--help" || command === "help") return { command: "help" };
  if (command === "-v" || command === "--version" || command === "version") return { command: "version" };
  if (command === "cluster") return { command: "cluster", argv: rest };
  if (command !== "lint") return usageError(command.startsWith("-") ? `unknown option ${command} (expected a command first: kubeready lint [PATH...])` : `unknown command '${command}' (expected: lint or cluster)`);

  const out: LintArgs = { command: "lint", paths: [], format: "text", failOn: "error" };
  let onlyPaths = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (onlyPaths || arg === "-" || !arg.startsWith("-")) { out.paths.push(arg); continue; }
    if (arg === "--") { onlyPaths = true; continue; }
    if (arg === "-h" || arg === "--help") return { command: "help" };
    if (arg === "-v" || arg === "--version") return { command: "version" };
    if (arg === "--strict") { out.strict = true; continue; }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return usageError(`unknown option ${flag}`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith("-") && value !== "-")) return usageError(`option ${flag} needs a value`);
      i++;
    }
    switch (flag) {
      case "--format":
        if (!FORMATS.includes(value as OutputFormat)) return usageError(`--format must be text, json or sarif, not '${value}'`);
        out.format = value as OutputFormat;
        break;
      case "--fail-on":
        if (!FAIL_ON.includes(value as FailOn)) return usageError(`--fail-on must be error, warning, info or never, not '${value}'`);
        out.failOn = value as FailOn;
        break;
      case "--pss-level":
        if (value !== "baseline" && value !== "restricted") return usageError(`--pss-level must be baseline or restricted, not '${value}'`);
        out.pssLevel = value;
        break;
      case "--pss-version": {
        const v = normalizePssVersion(value);
        if (!v) return usageError(`--pss-version must be v1.N (for example v1.30) or latest, not '${value}'`);
        out.pssVersion = v;
        break;
      }
      case "--max-file-size":
        if (!/^[1-9]\d{0,4}$/.test(value)) return usageError(`--max-file-size must be a number of megabytes (1-99999), not '${value}'`);
        out.maxFileMb = Number(value);
        break;
      case "--config":
        if (!value) return usageError("--config needs a file");
        out.config = value;
        break;
    }
  }
  return out;
}

/** "v1.30", "1.30" and "latest" are accepted; the result is "v1.30" or "latest". */
export function normalizePssVersion(value: string): string | undefined {
  if (value === "latest") return value;
  const m = /^v?(1\.(0|[1-9]\d*))$/.exec(value);
  return m ? `v${m[1]}` : undefined;
}
