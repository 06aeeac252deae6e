// `kubeready cluster`: reads the cluster of a kubeconfig context (read-only) and reports it with the same engine and formats as `lint`.
import { analyzeSnapshot, clusterRules, reviewFindings } from "../../cluster/analyze.js";
import { killCredentialPlugins } from "../../cluster/credentials.js";
import { type ClusterError, isFatal } from "../../cluster/errors.js";
import { type NamespaceFilter, SYSTEM_NAMESPACES } from "../../cluster/intake.js";
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { readinessReportMarkdown } from "../../cluster/report.js";
import { type ClusterSnapshot, fetchSnapshot } from "../../cluster/snapshot.js";
import { buildReadinessTree } from "../../cluster/tree.js";
import { failOnValue, timeoutValue, type FailOn } from "./args.js";
import { loadConfig, toPosixRelative } from "./files.js";
import { toJsonFinding } from "./formatJson.js";
import { formatText } from "./formatText.js";
import { jsonReportPieces, type Out, writePieces } from "./jsonStream.js";
import { foldRepeats } from "./repeats.js";
import { compareFindings, exitCodeOf, type LintResult, summarize } from "./result.js";
import { TOOL_NAME, VERSION } from "./version.js";

export interface ClusterCommandIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export type ClusterFormat = "text" | "json" | "markdown";

export interface ClusterArgs {
  context?: string;
  namespace?: string;
  kubeconfig?: string;
  format: ClusterFormat;
  failOn: FailOn;
  config?: string;
  timeoutSeconds: number;
  /** Which namespaces are reviewed; system namespaces are excluded unless the flags say otherwise. */
  namespaces: NamespaceFilter;
}

export const CLUSTER_USAGE = `Usage: kubeready cluster [options]

Reviews the live cluster of a kubeconfig context for production readiness (read-only: get and list only).

Options:
  --context NAME       kubeconfig context (default: the current context)
  --namespace NS       only this namespace (alias -n)
  --kubeconfig FILE    kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
  --format FORMAT      text (default), json or markdown (the readiness report)
  --fail-on SEVERITY   exit 1 when a finding is at or above: error (default), warning, info or never
  --config FILE        configuration file (default: the nearest .kubeready.yaml)
  --timeout SECONDS    give up on the cluster after this long, credential plugins included (default 30)
  --include-namespaces LIST
                       only these namespaces (comma-separated names or globs such as team-*)
  --exclude-namespaces LIST
                       never these namespaces (default: kube-system,kube-public,kube-node-lease;
                       'none' reviews every namespace)
  -h, --help           show this help

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, or the cluster (or part
of it) could not be read (stderr says why).
`;

const VALUE_FLAGS = new Set(["--context", "--namespace", "-n", "--kubeconfig", "--format", "--fail-on", "--config", "--timeout", "--include-namespaces", "--exclude-namespaces"]);

function namespaceList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

export function parseClusterArgs(argv: readonly string[]): ClusterArgs | { help: true } | { error: string } {
  const args: ClusterArgs = { format: "text", failOn: "error", timeoutSeconds: 30, namespaces: {} };
  const rest = argv[0] === "cluster" ? argv.slice(1) : argv;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "-h" || arg === "--help") return { help: true };
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return { error: arg.startsWith("-") ? `unknown option ${flag}` : `unexpected argument '${arg}'` };
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("-"))) return { error: `option ${flag} needs a value` };
    switch (flag) {
      case "--context": args.context = value; break;
      case "--namespace": case "-n": args.namespace = value; break;
      case "--kubeconfig": args.kubeconfig = value; break;
      case "--config": args.config = value; break;
      case "--include-namespaces": args.namespaces = { ...args.namespaces, include: namespaceList(value) }; break;
      case "--exclude-namespaces": args.namespaces = { ...args.namespaces, exclude: value === "none" ? [] : namespaceList(value) }; break;
      case "--format":
        if (value !== "text" && value !== "json" && value !== "markdown") return { error: `--format must be text, json or markdown, not '${value}'` };
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
    value = undefined;
  }
  return args;
}

/** How a live object is named in text and JSON output: namespace/Kind/name (cluster-scoped: _cluster/Kind/name). */
function displayName(o: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${o.metadata.namespace || "_cluster"}/${o.kind}/${o.metadata.name}`;
}

function describeError(e: ClusterError): string {
  const where = [e.kind, e.namespace && `in namespace ${e.namespace}`].filter(Boolean).join(" ");
  return where ? `${where}: ${e.message}` : e.message;
}

/**
 * Every output here is a review (see reviewFindings): spec findings a controller's objects repeat are not looked for,
 * and nothing is fixed.
 */
const REVIEW = { skipControllerRepeats: true, fixes: false };

/** Runs `kubeready cluster ...`; resolves to the exit code. Never throws for cluster problems. */
export async function runClusterCommand(argv: readonly string[], io: ClusterCommandIO): Promise<number> {
  const parsed = parseClusterArgs(argv);
  if ("help" in parsed) {
    io.stdout.write(CLUSTER_USAGE);
    return 0;
  }
  if ("error" in parsed) {
    io.stderr.write(`kubeready: ${parsed.error}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  const args = parsed;

  const loaded = await loadConfig(io.cwd, args.config, []);
  const configName = loaded.path ? toPosixRelative(io.cwd, loaded.path) : ".kubeready.yaml";
  for (const p of loaded.problems) io.stderr.write(`kubeready: ${configName}: ${p.message}\n`);
  if (loaded.fatal) return 2;

  const kubeconfig = loadKubeconfig({
    ...(args.kubeconfig ? { path: args.kubeconfig } : {}),
    ...(args.context ? { context: args.context } : {}),
    env: io.env as NodeJS.ProcessEnv,
  });
  if (!kubeconfig.ok) {
    io.stderr.write(`kubeready: ${kubeconfig.error.message}\n`);
    return 2;
  }

  // Interrupted while a credential plugin runs: the plugin (and what it started) goes with kubeready.
  const onSignal = (signal: NodeJS.Signals) => {
    killCredentialPlugins();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let snapshot: ClusterSnapshot;
  try {
    snapshot = await fetchSnapshot(kubeconfig.kc, {
      timeoutMs: args.timeoutSeconds * 1000,
      namespaces: args.namespaces,
      ...(args.namespace ? { namespace: args.namespace } : {}),
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    killCredentialPlugins();
  }
  const fatal = snapshot.errors.find(isFatal);
  if (fatal) {
    // One line that says what failed and where; nothing that could read as "no problems".
    io.stderr.write(fatal.kind === "Namespace" ? `kubeready: ${fatal.message}\n` : `kubeready: cannot read context "${snapshot.context}": ${fatal.message}\n`);
    if (args.format === "json") await writeJson(io.stdout, { files: [], findings: [] }, args.failOn, snapshot);
    if (args.format === "markdown") io.stdout.write(readinessReportMarkdown(buildReadinessTree(analyzeSnapshot(snapshot, loaded.config, clusterRules, REVIEW)), { generatedAt: new Date() }));
    return 2;
  }
  for (const e of snapshot.errors) io.stderr.write(`kubeready: not read: ${describeError(e)}\n`);

  const analysis = analyzeSnapshot(snapshot, loaded.config, clusterRules, REVIEW);
  // The findings the tree and the Markdown report show: spec findings of a Deployment are not repeated on its
  // ReplicaSets and Pods (status findings of a Pod are its own).
  const findings = reviewFindings(analysis);
  const displayOf = new Map(analysis.documents.map((d) => [d.uri, displayName(d.object)]));
  const result: LintResult = {
    files: [...displayOf.values()].sort(),
    // One root cause said once, as `kubeready lint` says it: each live object is a file of its own here, so a
    // per-namespace fact (a namespace's PVCs without a backup) is folded across objects by its identity.
    findings: foldRepeats(findings.map((finding) => ({ file: displayOf.get(finding.uri) ?? finding.uri, finding })).sort(compareFindings)),
  };
  if (args.format === "markdown") {
    io.stdout.write(readinessReportMarkdown(buildReadinessTree(analysis), { generatedAt: new Date() }));
  } else if (args.format === "json") {
    await writeJson(io.stdout, result, args.failOn, snapshot);
  } else {
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
    io.stdout.write(`Context ${snapshot.context} (${snapshot.server}): ${snapshot.objects.length} objects read\n\n`);
    // The summary line counts "files"; here each analysed document is one live object.
    const text = formatText(result, args.failOn, { color });
    const cut = text.lastIndexOf("\n\n") + 1;
    io.stdout.write(text.slice(0, cut) + text.slice(cut).replace(/\b(\d+) files?\b/g, (_m, n: string) => `${n} object${n === "1" ? "" : "s"}`));
    // "No problems" in what was read is not "no problems": say that the review is incomplete.
    if (snapshot.excludedNamespaces) {
      const system = snapshot.excludedNamespaces.every((n) => SYSTEM_NAMESPACES.includes(n));
      io.stdout.write(`${system ? "System namespaces" : "Namespaces"} not reviewed: ${snapshot.excludedNamespaces.join(", ")} (--exclude-namespaces / --include-namespaces change this)\n`);
    }
    const n = snapshot.errors.length;
    if (n > 0) io.stdout.write(`⚠ incomplete: ${n} ${n === 1 ? "read" : "reads"} failed (the "not read" lines on standard error)\n`);
  }
  if (snapshot.errors.length > 0) return 2;
  return exitCodeOf(result, args.failOn);
}

/**
 * `--format json`: the lint report plus what was not read, as `JSON.stringify(report, null, 2)` writes it, in pieces.
 * `errors` is always there (empty when everything was read), so a CI parser gets valid JSON with empty findings when
 * the cluster could not be read at all; `cluster.errors` is the same list, beside the context and server.
 */
function writeJson(out: Out, result: LintResult, failOn: FailOn, snapshot: ClusterSnapshot): Promise<void> {
  const report = {
    tool: TOOL_NAME,
    version: VERSION,
    findings: "streamed",
    summary: summarize(result, failOn),
    errors: snapshot.errors,
    cluster: {
      context: snapshot.context,
      server: snapshot.server,
      errors: snapshot.errors,
      ...(snapshot.excludedNamespaces ? { excludedNamespaces: snapshot.excludedNamespaces } : {}),
    },
  };
  // The lint report's fields, then what was not read; the findings are written one by one (a large cluster has 60,000).
  return writePieces(out, jsonReportPieces(report, "findings", result.findings.length, (i) => toJsonFinding(result.findings[i]!, result.places)));
}
