// How much one `kubeready lint` input may weigh, and --strict: what was not analysed can fail the run.
import { FILE_RULE, SKIP_RULE } from "../../rules/engine.js";
import type { LintArgs } from "./args.js";
import type { LintResult } from "./result.js";

/**
 * The default limit for one file or stdin. Analysis holds each document's syntax tree and values (tens of bytes of
 * memory per byte of small documents), so past this a run is more likely to exhaust memory than to finish; above it
 * the run stops with exit code 2 rather than passing the input unread.
 */
export const DEFAULT_MAX_FILE_MB = 64;

export function maxFileBytes(args: Pick<LintArgs, "maxFileMb">): number {
  return (args.maxFileMb ?? DEFAULT_MAX_FILE_MB) * 1024 * 1024;
}

/** The error line for an input above the limit: its size, the limit and how to raise it. */
export function tooLarge(display: string, bytes: number, args: Pick<LintArgs, "maxFileMb">): string {
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  const limit = args.maxFileMb ?? DEFAULT_MAX_FILE_MB;
  return `${display} is ${mb(bytes)}, above the limit of ${limit} MB per file: it is not analysed. Raise the limit with --max-file-size ${Math.ceil(bytes / 1048576) * 2} (memory grows with the input), or split the input.`;
}

/** Findings that say a document or file was not analysed (a kustomize patch is analysed, as a partial object). */
export function isSkipped(f: { rule: string; key: string }): boolean {
  return (f.rule === SKIP_RULE && f.key !== `${SKIP_RULE}|patch`) || f.rule === FILE_RULE;
}

/** The exit code with --strict applied: a run that skipped anything fails even when nothing reached --fail-on. */
export function withStrict(code: 0 | 1, result: LintResult, args: Pick<LintArgs, "strict">): 0 | 1 {
  if (code === 1 || !args.strict) return code;
  return result.findings.some((f) => isSkipped(f.finding)) ? 1 : 0;
}
