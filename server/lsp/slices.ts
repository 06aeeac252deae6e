// Analyses a large document in slices, giving the event loop back between them, so other files get answers meanwhile.
import type { KubereadyConfig } from "../../rules/config.js";
import { checkFile, type Finding, type ParsedFile } from "../../rules/engine.js";
import type { ObjectIndex } from "../../rules/model/scope.js";
import { compareRuleIds } from "../../rules/ruleIds.js";

/** Objects checked per `checkFile` call of a sliced check (whole documents are kept together). */
export const SLICE = 64;
// KUBEREADY_SLICE_MS and KUBEREADY_SLICED_FROM are for the bench (bench/many-documents.ts compares slicing's cost).
/** Work between two yields: a request that arrives meanwhile waits at most about this long (issue 14.3: ≤ 100 ms). */
export const SLICE_MS = Number(process.env.KUBEREADY_SLICE_MS) || 8;
/** Below this many documents a file is analysed in one go (a keystroke's analysis must not pay for yielding). */
export const SLICED_FROM_DOCUMENTS = Number(process.env.KUBEREADY_SLICED_FROM) || 2000;

/**
 * Whether `text` holds at least `n` YAML documents, judged from its `---` lines and stopping at the n-th: deciding
 * whether to slice must not cost a pass over 7 MB (documentStarts on 100,000 documents is one). Only the way the file
 * is analysed depends on it, never the result.
 */
export function hasManyDocuments(text: string, n = SLICED_FROM_DOCUMENTS): boolean {
  let count = text.startsWith("---") ? 1 : 0;
  for (let at = text.indexOf("\n---"); at >= 0 && count < n; at = text.indexOf("\n---", at + 4)) count++;
  return count >= n;
}

/** Lets queued messages (a hover on another file, a newer change) run before the next slice. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Gives the event loop back once SLICE_MS of work has passed since the last time, and says whether the work is still
 * wanted (false: a newer version of the text arrived, or the file was closed, while the loop ran).
 */
export class Pacer {
  private since = performance.now();
  constructor(private readonly stillWanted: () => boolean, private readonly sliceMs = SLICE_MS) {}

  async pause(): Promise<boolean> {
    if (performance.now() - this.since < this.sliceMs) return true;
    await yieldToEvents();
    this.since = performance.now();
    return this.stillWanted();
  }

  /** Runs a stepped computation (`parseFileInSteps`) to its end, pausing between steps; undefined when given up. */
  async run<T>(steps: Generator<void, T>): Promise<T | undefined> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (!(await this.pause())) return undefined;
    }
  }
}

/**
 * `checkFile` over the file's objects a slice at a time (each slice is a ParsedFile of its own; the engine's caches
 * are per document, so nothing is computed twice), with the file's own problems once, sorted as `checkFile` sorts.
 * Returns undefined when superseded.
 */
export async function checkInSlices(file: ParsedFile, index: ObjectIndex, config: KubereadyConfig, stillWanted: () => boolean, pacer = new Pacer(stillWanted)): Promise<Finding[] | undefined> {
  if (file.objects.length < SLICED_FROM_DOCUMENTS) return checkFile(file, index, config);
  const out: Finding[] = [...file.problems];
  for (let i = 0; i < file.objects.length; i += SLICE) {
    // Whole documents per slice: a List's items share their document and must be checked together.
    let end = Math.min(i + SLICE, file.objects.length);
    while (end < file.objects.length && file.objects[end].source.chunk === file.objects[end - 1].source.chunk) end++;
    const objects = file.objects.slice(i, end);
    for (const f of checkFile({ ...file, objects, problems: [] }, index, config)) out.push(f);
    i = end - SLICE;
    if (!(await pacer.pause())) return undefined;
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareRuleIds(a.rule, b.rule));
}
