// Related locations of a finding (the other containers, the other workloads of a namespace) as the CLI prints them.
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { LintFinding, LintResult } from "./result.js";

export interface RelatedOut { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }

/**
 * The file of a related location as users see it: the finding's own display path, else the display path the run gave
 * the file, else relative to the run's working directory (never the process's: the CLI runs in-process too).
 */
function displayOf(lf: LintFinding, uri: string, places: LintResult["places"]): string {
  if (uri === lf.finding.uri) return lf.file;
  const known = places?.displayOf.get(uri);
  if (known !== undefined) return known;
  try {
    return relative(places?.cwd ?? process.cwd(), fileURLToPath(uri)).split(sep).join("/");
  } catch {
    return uri;
  }
}

/** 1-based related locations of a finding; empty when it has none. `places` is the run's (LintResult.places). */
export function relatedOf(lf: LintFinding, places?: LintResult["places"]): RelatedOut[] {
  return (lf.finding.related ?? []).map((r) => ({
    file: displayOf(lf, r.uri, places),
    line: r.range.start.line + 1,
    column: r.range.start.character + 1,
    endLine: r.range.end.line + 1,
    endColumn: r.range.end.character + 1,
    message: r.message,
  }));
}
