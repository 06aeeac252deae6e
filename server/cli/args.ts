// Parses the kubeready command line (node:util parseArgs) into a typed request, or a usage error that the caller prints
// with exit code 2. Every option is one line of a command's OPTIONS table: its flag, value name, help and how its value
// is checked; adding a flag is adding a line there (and a field to the command's interface when code reads it).
import { parseArgs as parseNodeArgs } from "node:util";

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
  /** Apply safe fixes (--fix), or safe and unsafe ones (--unsafe-fixes). */
  fix?: boolean;
  unsafeFixes?: boolean;
  /** Print the fixes as a unified diff instead of writing them. */
  diff?: boolean;
  baseline?: string;
  writeBaseline?: string;
  quiet?: boolean;
  statistics?: boolean;
  output?: string;
  /** Lint git-ignored files too (--no-ignore). */
  noIgnore?: boolean;
  /** Lint test folders and files marked as demos too (--include-tests; see server/cli/testData.ts). */
  includeTests?: boolean;
  /** Lint documentation and example folders too (--include-examples; --include-tests implies it). */
  includeExamples?: boolean;
  /** Lint folders that no GitOps entry point of the repository deploys too (--include-unused; server/cli/unusedFolders.ts). */
  includeUnused?: boolean;
  docsUrl?: string;
  /** Rendering (server/cli/render.ts): --no-render, --values FILE, --set K=V, --helm PATH, --kustomize PATH. */
  noRender?: boolean;
  values?: string[];
  set?: string[];
  helm?: string;
  kustomize?: string;
  /** --strict: documents and files that were not analysed (templates, not manifests, unreadable) fail the run. */
  strict?: boolean;
  /** --max-file-size MB: the largest file (or stdin) analysed; above it the run stops with exit code 2. */
  maxFileMb?: number;
  /** --threads N: threads that analyse (1: no worker pool; default: by the run's size and the idle cores, pool.ts). */
  threads?: number;
}

export interface RulesArgs { command: "rules"; format: "text" | "json"; docsUrl?: string }
export interface ExplainArgs { command: "explain"; rule: string }
export interface InitArgs { command: "init"; force?: boolean; output?: string }

export type ClusterFormat = "text" | "json" | "markdown";

/** `kubeready cluster` (server/cli/cluster.ts runs it). */
export interface ClusterArgs {
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  format: ClusterFormat;
  failOn: FailOn;
  config?: string;
  timeoutSeconds: number;
  /** Which namespaces are reviewed (cluster/intake.ts NamespaceFilter); system namespaces are excluded unless the flags say otherwise. */
  namespaces: { include?: string[]; exclude?: string[] };
}

/** `kubeready validate` (server/cli/validate.ts runs it). */
export interface ValidateArgs {
  paths: string[];
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  format: OutputFormat;
  failOn: FailOn;
  timeoutSeconds: number;
}

export type ParsedArgs =
  | LintArgs
  | RulesArgs
  | ExplainArgs
  | InitArgs
  | { command: "help"; text: string }
  | { command: "version" }
  | ({ command: "cluster" } & ClusterArgs)
  | ({ command: "validate" } & ValidateArgs)
  | { command: "usage-error"; message: string; usage: string };

/** One option: `--name VALUE` (string) or `--name` (boolean), stored under `key` after `check` accepts the value. */
export interface OptionSpec {
  flag: string;
  short?: string;
  key: string;
  /** The value's name in the help; absent for a boolean flag. */
  value?: string;
  help: string;
  /** May be given several times (`--values a.yaml --values b.yaml`): stored as a list. */
  multiple?: boolean;
  /** Returns the stored value, or a string starting with "!" that is the error message. */
  check?: (v: string) => unknown;
}

const FORMATS: readonly OutputFormat[] = ["text", "json", "sarif"];
const FAIL_ON: readonly FailOn[] = ["error", "warning", "info", "never"];

const oneOf = (flag: string, allowed: readonly string[]) => (v: string) =>
  allowed.includes(v) ? v : `!${flag} must be ${allowed.slice(0, -1).join(", ")} or ${allowed[allowed.length - 1]}, not '${v}'`;
/** `--timeout SECONDS` of the cluster commands: a positive number. */
const seconds = (v: string) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : `!--timeout must be a positive number of seconds, not '${v}'`);
/** A comma-separated list of namespace names or globs. */
const namespaceList = (flag: string) => (v: string) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : `!option ${flag} needs a value`);

const nonEmpty = (flag: string, what: string) => (v: string) => (v ? v : `!${flag} needs ${what}`);

const LINT_OPTIONS: readonly OptionSpec[] = [
  { flag: "format", key: "format", value: "FORMAT", help: "text (default), json or sarif", check: oneOf("--format", FORMATS) },
  { flag: "output", short: "o", key: "output", value: "FILE", help: "write the report to FILE instead of standard output", check: nonEmpty("--output", "a file") },
  { flag: "config", key: "config", value: "FILE", help: "configuration file (default: the nearest .kubeready.yaml)", check: nonEmpty("--config", "a file") },
  { flag: "pss-level", key: "pssLevel", value: "LEVEL", help: "Pod Security Standards level: baseline or restricted", check: oneOf("--pss-level", ["baseline", "restricted"]) },
  { flag: "pss-version", key: "pssVersion", value: "VER", help: "Pod Security Standards version: v1.N or latest", check: (v) => normalizePssVersion(v) ?? `!--pss-version must be v1.N (for example v1.30) or latest, not '${v}'` },
  { flag: "fail-on", key: "failOn", value: "SEVERITY", help: "exit 1 when a finding is at or above: error (default), warning, info or never", check: oneOf("--fail-on", FAIL_ON) },
  { flag: "fix", key: "fix", help: "apply the safe fixes to the files, then report what remains" },
  { flag: "unsafe-fixes", key: "unsafeFixes", help: "with --fix or --diff: also apply unsafe fixes (they can change what runs; see docs/FIXES.md)" },
  { flag: "diff", key: "diff", help: "print the fixes as a unified diff instead of writing them; exit 1 if there is one" },
  { flag: "baseline", key: "baseline", value: "FILE", help: "report only findings that are not in the baseline FILE", check: nonEmpty("--baseline", "a file") },
  { flag: "write-baseline", key: "writeBaseline", value: "FILE", help: "record the current findings in FILE (then exit 0)", check: nonEmpty("--write-baseline", "a file") },
  { flag: "quiet", short: "q", key: "quiet", help: "report errors only" },
  { flag: "statistics", key: "statistics", help: "print the number of findings per rule instead of each finding" },
  { flag: "no-ignore", key: "noIgnore", help: "also lint files that .gitignore ignores" },
  { flag: "include-tests", key: "includeTests", help: "also lint test folders (testFolders: test, tests, testdata, e2e, fixtures, hack) files whose header says they are not for production, and example folders" },
  { flag: "include-examples", key: "includeExamples", help: "also lint documentation and example folders (exampleFolders: docs, examples, samples, snippets, tutorials, demo …)" },
  { flag: "include-unused", key: "includeUnused", help: "also lint folders that no Flux Kustomization, Argo CD Application or kustomization of the repository deploys" },
  { flag: "docs-url", key: "docsUrl", value: "URL", help: "base URL of the rule pages in links (default: the kubeready repository)", check: nonEmpty("--docs-url", "a URL") },
  { flag: "strict", key: "strict", help: "also exit 1 when a document or file was not analysed (a template, not a manifest, unreadable)" },
  { flag: "max-file-size", key: "maxFileMb", value: "MB", help: "largest file or stdin to analyse (default 64); a larger one is an error (exit 2)", check: (v) => (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0 ? Number(v) : `!--max-file-size needs a size in MB greater than 0, not '${v}'`) },
  { flag: "threads", key: "threads", value: "N", help: "threads that analyse (1: one, for shared CI runners; default: one per idle core, up to 4, on runs of 2 MB or more)", check: (v) => (/^[1-9]\d*$/.test(v) && Number(v) <= 16 ? Number(v) : `!--threads needs a whole number from 1 to 16, not '${v}'`) },
  { flag: "no-render", key: "noRender", help: "judge raw files only: do not render Helm charts and kustomize overlays" },
  { flag: "values", key: "values", value: "FILE", multiple: true, help: "extra Helm values file for every chart rendered (repeatable)", check: nonEmpty("--values", "a file") },
  { flag: "set", key: "set", value: "KEY=VALUE", multiple: true, help: "Helm --set for every chart rendered (repeatable)", check: (v) => (/^[^=]+=/.test(v) ? v : `!--set needs KEY=VALUE, not '${v}'`) },
  { flag: "helm", key: "helm", value: "PATH", help: "helm executable (default: render.helm of .kubeready.yaml, else PATH)", check: nonEmpty("--helm", "a path") },
  { flag: "kustomize", key: "kustomize", value: "PATH", help: "kustomize executable (default: render.kustomize, else PATH, else kubectl kustomize)", check: nonEmpty("--kustomize", "a path") },
];

const RULES_OPTIONS: readonly OptionSpec[] = [
  { flag: "format", key: "format", value: "FORMAT", help: "text (default) or json", check: oneOf("--format", ["text", "json"]) },
  { flag: "docs-url", key: "docsUrl", value: "URL", help: "base URL of the rule pages", check: nonEmpty("--docs-url", "a URL") },
];

const INIT_OPTIONS: readonly OptionSpec[] = [
  { flag: "force", key: "force", help: "overwrite an existing file" },
  { flag: "output", short: "o", key: "output", value: "FILE", help: "where to write it (default: .kubeready.yaml)", check: nonEmpty("--output", "a file") },
];

/** Options both cluster commands take: which cluster, and how long to wait for it. */
const CONTEXT_OPTIONS: readonly OptionSpec[] = [
  { flag: "context", key: "context", value: "NAME", help: "kubeconfig context (default: the current context)" },
  { flag: "kubeconfig", key: "kubeconfig", value: "FILE", help: "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)" },
];
const FAIL_ON_OPTION: OptionSpec = { flag: "fail-on", key: "failOn", value: "SEVERITY", help: "exit 1 when a finding is at or above: error (default), warning, info or never", check: oneOf("--fail-on", FAIL_ON) };

const CLUSTER_OPTIONS: readonly OptionSpec[] = [
  CONTEXT_OPTIONS[0],
  { flag: "namespace", short: "n", key: "namespace", value: "NS", help: "only this namespace" },
  CONTEXT_OPTIONS[1],
  { flag: "format", key: "format", value: "FORMAT", help: "text (default), json or markdown (the readiness report)", check: oneOf("--format", ["text", "json", "markdown"]) },
  FAIL_ON_OPTION,
  { flag: "config", key: "config", value: "FILE", help: "configuration file (default: the nearest .kubeready.yaml)" },
  { flag: "timeout", key: "timeoutSeconds", value: "SECONDS", help: "give up on the cluster after this long, credential plugins included (default 30)", check: seconds },
  { flag: "include-namespaces", key: "include", value: "LIST", help: "only these namespaces (comma-separated names or globs such as team-*)", check: namespaceList("--include-namespaces") },
  { flag: "exclude-namespaces", key: "exclude", value: "LIST", help: "never these namespaces (default: kube-system,kube-public,kube-node-lease;\n'none' reviews every namespace)", check: (v) => (v === "none" ? [] : namespaceList("--exclude-namespaces")(v)) },
];

const VALIDATE_OPTIONS: readonly OptionSpec[] = [
  CONTEXT_OPTIONS[0],
  { flag: "namespace", short: "n", key: "namespace", value: "NS", help: "namespace for objects that name none (default: the context's, else default)" },
  CONTEXT_OPTIONS[1],
  { flag: "format", key: "format", value: "FORMAT", help: "text (default), json or sarif", check: oneOf("--format", FORMATS) },
  FAIL_ON_OPTION,
  { flag: "timeout", key: "timeoutSeconds", value: "SECONDS", help: "deadline of the whole run, credential plugins included (default 60)", check: seconds },
];

interface CommandSpec {
  summary: string;
  /** The help's paragraph under the synopsis (default: the summary as a sentence). */
  description?: string;
  synopsis: string;
  options: readonly OptionSpec[];
  /** Text after the options (arguments, exit codes). */
  more?: string;
}

const COMMANDS: Record<string, CommandSpec> = {
  lint: {
    summary: "review YAML files for production readiness",
    synopsis: "kubeready lint [options] [PATH...]",
    options: LINT_OPTIONS,
    more: `Arguments:
  PATH                   files or folders (*.yaml, *.yml, searched recursively, .gitignore respected);
                         '-' reads stdin; default: the current folder

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it (or a diff with --diff);
            2 usage or I/O error.
`,
  },
  rules: { summary: "list the rules (id, family, severity, fix, equivalent checks)", synopsis: "kubeready rules [--format text|json]", options: RULES_OPTIONS },
  explain: { summary: "show a rule's documentation", synopsis: "kubeready explain RULE", options: [] },
  init: { summary: "write a commented .kubeready.yaml", synopsis: "kubeready init [--force] [--output FILE]", options: INIT_OPTIONS },
  cluster: {
    summary: "review a live cluster (see kubeready cluster --help)",
    description: "Reviews the live cluster of a kubeconfig context for production readiness (read-only: get and list only).",
    synopsis: "kubeready cluster [options]",
    options: CLUSTER_OPTIONS,
    more: `Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, or the cluster (or part
of it) could not be read (stderr says why).
`,
  },
  validate: {
    summary: "dry-run files against a cluster: admission's answers (needs create permission; see --help)",
    description: `Sends each object of the files to a cluster as a server-side dry run (dryRun=All: validated, defaulted and
admitted, never stored) and reports what the cluster answered, at the object: admission rejections (Pod Security
enforce, ResourceQuota, LimitRange, webhooks, admission policies), warnings (Pod Security warn, deprecated APIs,
unknown fields) and validation errors. Objects that exist are sent as a server-side apply (dryRun=All).

Needs create permission (and patch, for objects that exist) in the objects' namespaces, as a real apply does; a
refusal is reported as not validated. kubeready cluster and the editor's readiness tree only ever read.`,
    synopsis: "kubeready validate [options] [PATH...]",
    options: VALIDATE_OPTIONS,
    more: `Arguments:
  PATH                 files or folders (*.yaml, *.yml); '-' reads stdin. Files are sent as written: render
                       charts and overlays first (helm template ... | kubeready validate -)

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, or the cluster could not
be used (stderr says why).
`,
  },
};

export const USAGE = `Usage: kubeready <command> [options]

Reviews Kubernetes YAML for production readiness.

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join("\n")}

Run 'kubeready <command> --help' for a command's options.
  -h, --help     show this help
  -v, --version  show the version
`;

export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  const rows = c.options.map((o) => [`${o.short ? `-${o.short}, ` : "    "}--${o.flag}${o.value ? ` ${o.value}` : ""}`, o.help]);
  rows.push(["-h, --help", "show this help"]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  // A help text's further lines ("\n") line up under its first.
  const row = ([l, h]: string[]) => `  ${l.padEnd(width)}${h.replace(/\n/g, `\n  ${" ".repeat(width)}`)}`;
  const description = c.description ?? `${c.summary[0].toUpperCase()}${c.summary.slice(1)}.`;
  return `Usage: ${c.synopsis}\n\n${description}\n\nOptions:\n${rows.map(row).join("\n")}\n${c.more ? `\n${c.more}` : ""}`;
}

function usageError(message: string, usage = USAGE): ParsedArgs {
  return { command: "usage-error", message, usage };
}

/** Parses `argv` against a command's table; returns the stored values and positionals, or a usage error. */
function parseOptions(name: string, argv: readonly string[]): { values: Record<string, unknown>; positionals: string[]; help: boolean } | ParsedArgs {
  const spec = COMMANDS[name];
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = { help: { type: "boolean", short: "h" } };
  for (const o of spec.options) options[o.flag] = { type: o.value ? "string" : "boolean", ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseNodeArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e as Error).message;
    const flag = /'(-[^' ,]+)/.exec(message)?.[1] ?? ""; // "Option '-o, --output <value>' argument missing": the first spelling
    const code = (e as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return usageError(`unknown option ${flag}`, commandHelp(name));
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const known = spec.options.find((o) => `--${o.flag}` === flag || `-${o.short}` === flag);
      if (known && !known.value) return usageError(`option --${known.flag} takes no value`, commandHelp(name));
      // Node names the short spelling first whichever was typed ("Option '-n, --namespace <value>'"): say the long one.
      return usageError(`option ${known ? `--${known.flag}` : flag} needs a value`, commandHelp(name));
    }
    return usageError(message.split("\n")[0], commandHelp(name));
  }
  const values: Record<string, unknown> = {};
  for (const o of spec.options) {
    const raw = (parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>)[o.flag];
    if (raw === undefined) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    const checked: unknown[] = [];
    for (const item of list) {
      // `--context=` is no context: a value-taking option without a check of its own needs a non-empty value.
      if (item === "" && !o.check) return usageError(`option --${o.flag} needs a value`, commandHelp(name));
      const v = typeof item === "string" && o.check ? o.check(item) : item;
      if (typeof v === "string" && v.startsWith("!")) return usageError(v.slice(1), commandHelp(name));
      checked.push(v);
    }
    values[o.key] = o.multiple ? checked : checked[0];
  }
  return { values, positionals: parsed.positionals, help: parsed.values.help === true };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) return usageError("missing command: kubeready lint [PATH...]");
  const [command, ...rest] = argv;
  if (command === "-h" || command === "--help") return { command: "help", text: USAGE };
  if (command === "help") return { command: "help", text: rest[0] && Object.hasOwn(COMMANDS, rest[0]) ? commandHelp(rest[0]) : USAGE };
  if (command === "-v" || command === "--version" || command === "version") return { command: "version" };
  if (!Object.hasOwn(COMMANDS, command)) {
    return usageError(command.startsWith("-") ? `unknown option ${command} (expected a command first: kubeready lint [PATH...])` : `unknown command '${command}' (expected: ${Object.keys(COMMANDS).join(", ")})`);
  }
  const r = parseOptions(command, rest);
  if ("command" in r) return r;
  if (r.help) return { command: "help", text: commandHelp(command) };
  switch (command) {
    case "lint": {
      const out = { command: "lint", paths: r.positionals, format: "text", failOn: "error", ...r.values } as LintArgs;
      if (out.unsafeFixes && !out.fix && !out.diff) out.fix = true;
      if (out.writeBaseline && (out.fix || out.diff)) return usageError("--write-baseline cannot be combined with --fix or --diff", commandHelp("lint"));
      return out;
    }
    case "rules":
      if (r.positionals.length) return usageError(`unexpected argument '${r.positionals[0]}'`, commandHelp("rules"));
      return { command: "rules", format: "text", ...r.values } as RulesArgs;
    case "explain":
      if (r.positionals.length !== 1) return usageError("explain needs one rule id, for example: kubeready explain pss/privileged", commandHelp("explain"));
      return { command: "explain", rule: r.positionals[0] };
    case "init":
      if (r.positionals.length) return usageError(`unexpected argument '${r.positionals[0]}'`, commandHelp("init"));
      return { command: "init", ...r.values } as InitArgs;
    case "cluster": {
      if (r.positionals.length) return usageError(`unexpected argument '${r.positionals[0]}'`, commandHelp("cluster"));
      const { include, exclude, ...values } = r.values as { include?: string[]; exclude?: string[] };
      return { command: "cluster", format: "text", failOn: "error", timeoutSeconds: 30, ...values, namespaces: { ...(exclude ? { exclude } : {}), ...(include ? { include } : {}) } } as ParsedArgs;
    }
    case "validate":
      return { command: "validate", paths: r.positionals, format: "text", failOn: "error", timeoutSeconds: 60, ...r.values } as ParsedArgs;
  }
  return usageError(`unknown command '${command}'`);
}

/** "v1.30", "1.30" and "latest" are accepted; the result is "v1.30" or "latest". */
export function normalizePssVersion(value: string): string | undefined {
  if (value === "latest") return value;
  const m = /^v?(1\.(0|[1-9]\d*))$/.exec(value);
  return m ? `v${m[1]}` : undefined;
}

/** For tests: parses `argv` with one more lint option (as a branch adding a flag would add a line to LINT_OPTIONS). */
export function parseArgsWith(extra: OptionSpec, argv: readonly string[]): ParsedArgs {
  const lint = COMMANDS.lint;
  COMMANDS.lint = { ...lint, options: [...lint.options, extra] };
  try { return parseArgs(argv); } finally { COMMANDS.lint = lint; }
}
