// Analyses a large document in slices, giving the event loop back between them, so other files get answers meanwhile.
import type { KubereadyConfig } from "../../rules/config.js";
import { checkFile, type Finding, type ParsedFile } from "../../rules/engine.js";
import { DocumentCache, documentStarts } from "../../rules/model/document.js";
import type { ObjectIndex } from "../../rules/model/scope.js";

/** Documents parsed, or objects checked, between two yields: a few milliseconds of work each. */
export const SLICE = 250;
/** Below this many documents a file is analysed in one go (a keystroke's analysis must not pay for yielding). */
export const SLICED_FROM_DOCUMENTS = 2000;

/** Lets queued messages (a hover on another file, a newer change) run before the next slice. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Parses the documents of `text` into a cache of their own, a slice at a time; `parseFile` then finds every parse
 * there. Returns undefined when `stillWanted` says the text was superseded meanwhile. The cache belongs to this
 * file's parse: when the file is closed it is garbage with it (the shared cache holds only 20,000 small documents).
 */
export async function parseInSlices(text: string, stillWanted: () => boolean): Promise<DocumentCache | undefined> {
  const starts = documentStarts(text);
  if (starts.length < SLICED_FROM_DOCUMENTS) return undefined;
  const cache = new DocumentCache(Infinity);
  for (let k = 0; k < starts.length; k++) {
    cache.get(text.slice(starts[k], starts[k + 1] ?? text.length));
    if (k % SLICE === SLICE - 1) {
      await yieldToEvents();
      if (!stillWanted()) return undefined;
    }
  }
  return cache;
}

/**
 * `checkFile` over the file's objects a slice at a time (each slice is a ParsedFile of its own; the engine's caches
 * are per document, so nothing is computed twice), with the file's own problems once, sorted as `checkFile` sorts.
 * Returns undefined when superseded.
 */
export async function checkInSlices(file: ParsedFile, index: ObjectIndex, config: KubereadyConfig, stillWanted: () => boolean): Promise<Finding[] | undefined> {
  if (file.objects.length < SLICED_FROM_DOCUMENTS) return checkFile(file, index, config);
  const out: Finding[] = [...file.problems];
  for (let i = 0; i < file.objects.length; i += SLICE) {
    // Whole documents per slice: a List's items share their document and must be checked together.
    let end = Math.min(i + SLICE, file.objects.length);
    while (end < file.objects.length && file.objects[end].source.chunk === file.objects[end - 1].source.chunk) end++;
    const objects = file.objects.slice(i, end);
    out.push(...checkFile({ ...file, objects, problems: [] }, index, config));
    i = end - SLICE;
    await yieldToEvents();
    if (!stillWanted()) return undefined;
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
}
