// Large inputs for one-shot runs (the CLI): documents parsed a batch at a time, syntax trees dropped, parsed again only where a finding needs a position.
import { parseFile, type FileOptions, type ParsedFile } from "./engine.js";
import { DocumentCache, documentStarts, splitDocuments, type SourceDocument } from "./model/document.js";
import { objectsOf, type KObject, type ObjectSource } from "./model/object.js";

/** Files at least this large are analysed lean: below it, keeping every syntax tree costs less than parsing twice. */
export const LEAN_FILE_BYTES = 512 * 1024;
/** Documents parsed together; their syntax trees are garbage once the batch's objects are made. */
const BATCH_DOCUMENTS = 1000;
/** Parsed documents kept for positions and fixes (findings of one document come together, so few are needed). */
const KEPT_PARSES = 64;

/** Where one document chunk of the file is, and the stand-in the engine groups and caches its objects by. */
interface ChunkSlot { readonly offset: number; readonly end: number; readonly line: number }

/**
 * Parses a file like `parseFile`, for a one-shot analysis: each object's syntax tree is released as soon as its
 * batch is read, and parsed again (a few kept at a time) only when a rule reports on it or a fix is asked for. Memory
 * then holds the objects' values, not every syntax tree: a 7 MB file of 100,000 documents stays far below its
 * full-parse size, and a larger input stays within reach. The result's `chunks` is empty.
 */
export function parseFileLean(uri: string, text: string, options: FileOptions = {}): ParsedFile {
  const starts = documentStarts(text);
  const reparse = new Reparser(uri, text, options);
  const objects: KObject[] = [];
  const problems: ParsedFile["problems"] = [];
  const seenSkips = new Set<string>();
  let line = 0;
  for (let b = 0; b < starts.length; b += BATCH_DOCUMENTS) {
    const from = starts[b];
    const to = starts[b + BATCH_DOCUMENTS] ?? text.length;
    // A private cache: the batch's parses become garbage with it.
    const batch = parseFile(uri, text.slice(from, to), { ...options, maxBytes: Infinity }, undefined, new DocumentCache());
    for (const p of batch.problems) {
      // File-level lines (templates, not a manifest) come once, from the first batch that has them.
      if (p.key.startsWith("yaml/not-analysed|")) { if (seenSkips.has(p.key)) continue; seenSkips.add(p.key); }
      const shifted = shiftFinding(p, line);
      // A skip line names its first document's line: a line of the batch until shifted.
      problems.push(shifted === p ? p : { ...shifted, message: shifted.message.replace(/first at line \d+/, `first at line ${shifted.range.start.line + 1}`) });
    }
    if (b === 0 && batch.objects.length === 0 && batch.problems.some((p) => p.key === "yaml/not-analysed|file")) return { uri, text, chunks: [], objects, problems };
    const slotOf = new Map<SourceDocument, { slot: ChunkSlot; next: number }>();
    for (const chunk of batch.chunks) {
      slotOf.set(chunk, { slot: { offset: from + chunk.offset, end: from + chunk.offset + chunk.text.length, line: line + chunk.line }, next: 0 });
    }
    for (const o of batch.objects) {
      const at = slotOf.get(o.source.chunk)!;
      (o as { source: ObjectSource }).source = new LeanSource(reparse, at.slot, at.next++);
      objects.push(o);
    }
    line += batch.chunks.reduce((n, c) => n + c.lineCounter.lineStarts.length - 1, 0);
  }
  return { uri, text, chunks: [], objects, problems };
}

function shiftFinding<T extends { range: { start: { line: number; character: number }; end: { line: number; character: number } } }>(f: T, by: number): T {
  if (by === 0) return f;
  const { start, end } = f.range;
  return { ...f, range: { start: { line: start.line + by, character: start.character }, end: { line: end.line + by, character: end.character } } };
}

/** Parses one document chunk of the file again, keeping the last few. */
class Reparser {
  private kept = new Map<ChunkSlot, { chunk: SourceDocument; sources: ObjectSource[] }>();
  constructor(private readonly uri: string, private readonly text: string, private readonly options: FileOptions) {}

  source(slot: ChunkSlot, i: number): ObjectSource {
    let hit = this.kept.get(slot);
    if (hit) { this.kept.delete(slot); this.kept.set(slot, hit); } // most recently used last
    else {
      const [chunk] = splitDocuments(this.text.slice(slot.offset, slot.end), { cache: new DocumentCache() });
      chunk.offset = slot.offset;
      chunk.line = slot.line;
      const sources = objectsOf(chunk, { uri: this.uri, defaultNamespace: this.options.defaultNamespace, partial: this.options.partial, chartTemplate: this.options.chartTemplate }).map((o) => o.source);
      hit = { chunk, sources };
      this.kept.set(slot, hit);
      if (this.kept.size > KEPT_PARSES) this.kept.delete(this.kept.keys().next().value!);
    }
    // The same text parses to the same objects; a missing one (never expected) falls back to the chunk's first.
    return hit.sources[i] ?? hit.sources[0] ?? { chunk: hit.chunk, doc: hit.chunk.docs[0] };
  }
}

/** An object's source that is parsed again on use; `group` lets the engine group and cache without parsing. */
class LeanSource implements ObjectSource {
  constructor(private readonly reparse: Reparser, readonly group: ChunkSlot, private readonly i: number) {}
  get chunk(): SourceDocument { return this.reparse.source(this.group, this.i).chunk; }
  get doc(): ObjectSource["doc"] { return this.reparse.source(this.group, this.i).doc; }
}

/** The CLI's parse: lean for large files, the full parse otherwise. */
export function parseForOneShot(uri: string, text: string, options: FileOptions): ParsedFile {
  return text.length >= LEAN_FILE_BYTES ? parseFileLean(uri, text, options) : parseFile(uri, text, options);
}
