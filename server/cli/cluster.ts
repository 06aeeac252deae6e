// `kubeready cluster`: reads the cluster of a kubeconfig context (read-only) and reports it with the same engine and formats as `lint`.
import { analyzeSnapshot, clusterRules, reviewFindings } from "../../cluster/analyze.js";
import { killCredentialPlugins } from "../../cluster/credentials.js";
import { type ClusterError, isFatal } from "../../cluster/errors.js";
import { SYSTEM_NAMESPACES } from "../../cluster/intake.js";
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { readinessReportMarkdown } from "../../cluster/report.js";
import { type ClusterSnapshot, fetchSnapshot } from "../../cluster/snapshot.js";
import { buildReadinessTree } from "../../cluster/tree.js";
import { commandHelp, parseArgs, type ClusterArgs, type FailOn } from "./args.js";
import { loadConfig, toPosixRelative } from "./files.js";
import { toJsonFinding } from "./formatJson.js";
import { formatText } from "./formatText.js";
import { jsonReportPieces, type Out, writePieces } from "./jsonStream.js";
import { foldRepeats } from "./repeats.js";
import { compareFindings, exitCodeOf, type LintResult, summarize } from "./result.js";
import { TOOL_NAME, VERSION } from "./version.js";
import { useColor } from "./color.js";

const isArgv = (a: readonly string[] | object): a is readonly string[] => Array.isArray(a);

export interface ClusterCommandIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export type { ClusterArgs, ClusterFormat } from "./args.js";

/** `kubeready cluster --help`: generated from the option table in args.ts, as every command's help is. */
export const CLUSTER_USAGE = commandHelp("cluster");

/** Parses `kubeready cluster`'s options (the leading "cluster" is optional) with the same parseArgs table as `lint`. */
export function parseClusterArgs(argv: readonly string[]): ClusterArgs | { help: true } | { error: string } {
  const r = parseArgs(["cluster", ...(argv[0] === "cluster" ? argv.slice(1) : argv)]);
  if (r.command === "help") return { help: true };
  if (r.command === "usage-error") return { error: r.message };
  const { command: _, ...args } = r as { command: "cluster" } & ClusterArgs;
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
export async function runClusterCommand(argv: readonly string[] | ClusterArgs, io: ClusterCommandIO): Promise<number> {
  const parsed = isArgv(argv) ? parseClusterArgs(argv) : argv;
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
    const color = useColor(io);
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
