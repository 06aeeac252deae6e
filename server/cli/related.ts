// Related locations of a finding (the other containers, the other workloads of a namespace) as the CLI prints them.
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { LintFinding } from "./result.js";

export interface RelatedOut { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }

/** The file of a related location as users see it: the finding's own display path, else relative to the cwd. */
function displayOf(lf: LintFinding, uri: string): string {
  if (uri === lf.finding.uri) return lf.file;
  try {
    return relative(process.cwd(), fileURLToPath(uri)).split(sep).join("/");
  } catch {
    return uri;
  }
}

/** 1-based related locations of a finding; empty when it has none. */
export function relatedOf(lf: LintFinding): RelatedOut[] {
  return (lf.finding.related ?? []).map((r) => ({
    file: displayOf(lf, r.uri),
    line: r.range.start.line + 1,
    column: r.range.start.character + 1,
    endLine: r.range.end.line + 1,
    endColumn: r.range.end.character + 1,
    message: r.message,
  }));
}
