// What happens to a lint result before it is printed (--quiet, --baseline, --write-baseline) and where it goes (--output).
import { promises as fs } from "node:fs";
import { resolve } from "node:path";
import { docsUrl, setDocsBase } from "../../rules/index.js";
import type { LintArgs } from "./args.js";
import type { CliIO } from "./main.js";
import type { LintResult } from "./result.js";

/** The docs base URL for links: --docs-url, else KUBEREADY_DOCS_URL, else the default. Also used by SARIF's helpUri. */
export function ruleLinker(args: Pick<LintArgs, "docsUrl">, env: CliIO["env"]): ((rule: string) => string | undefined) | undefined {
  const base = args.docsUrl ?? env.KUBEREADY_DOCS_URL;
  if (base) setDocsBase(base);
  return (rule) => docsUrl(rule);
}

/** Applies --quiet and --baseline; writes --write-baseline (then returns the exit code: the run ends there). */
export async function adjustResult(result: LintResult, args: LintArgs, io: CliIO, sourceOf: (file: string) => string | undefined): Promise<LintResult | number> {
  ruleLinker(args, io.env);
  let findings = result.findings;
  if (args.writeBaseline) {
    // Baselines are loaded only when used: a plain run needs no hashing.
    const { entryOf, formatBaseline } = await import("./baseline.js");
    const entries = findings.map((f) => entryOf(f, sourceOf(f.file)));
    try {
      await fs.writeFile(resolve(io.cwd, args.writeBaseline), formatBaseline(entries));
    } catch (e) {
      io.stderr.write(`kubeready: cannot write ${args.writeBaseline}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    io.stderr.write(`kubeready: recorded ${entries.length} finding${entries.length === 1 ? "" : "s"} in ${args.writeBaseline}\n`);
    return 0;
  }
  if (args.baseline) {
    let text: string;
    try { text = await fs.readFile(resolve(io.cwd, args.baseline), "utf8"); } catch (e) {
      io.stderr.write(`kubeready: cannot read baseline ${args.baseline}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    const { filterBaseline, parseBaseline } = await import("./baseline.js");
    const baseline = parseBaseline(text);
    if (typeof baseline === "string") {
      io.stderr.write(`kubeready: baseline ${args.baseline}: ${baseline}\n`);
      return 2;
    }
    findings = filterBaseline(findings, baseline, sourceOf).kept;
  }
  if (args.quiet) findings = findings.filter((f) => f.finding.severity === "error");
  return findings === result.findings ? result : { ...result, findings };
}

/** Writes the report to --output FILE (or stdout). False when the file cannot be written. */
export async function writeReport(output: string, args: LintArgs, io: CliIO): Promise<boolean> {
  if (!args.output) { io.stdout.write(output); return true; }
  try {
    await fs.writeFile(resolve(io.cwd, args.output), output);
    return true;
  } catch (e) {
    io.stderr.write(`kubeready: cannot write ${args.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return false;
  }
}

export { docsUrl };
