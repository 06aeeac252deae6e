// Splits a YAML file into its documents and parses each one on its own, so an edit re-parses only the document it touched.
import { Composer, LineCounter, Parser, type Document } from "yaml";
import { templateMarkerOf, type TemplateMarker } from "./template.js";

/** One YAML document of a file, parsed with positions relative to its own text. */
export interface SourceDocument {
  /** Text of this document, from the first character of its first line to the end of its last line. */
  readonly text: string;
  /** Offset of `text` in the file. Changes when an edit above it shifts the document; the parse does not. */
  offset: number;
  /** 0-based line of `text`'s first character in the file. */
  line: number;
  /** Parsed documents of this chunk: usually one; several only after a `...` end marker without `---`. */
  readonly docs: Document.Parsed[];
  readonly lineCounter: LineCounter;
  /** Syntax errors, clamped to this chunk; empty for templates (see `template`). */
  readonly errors: SyntaxProblem[];
  /** Has template markers in its YAML structure (see template.ts): not reported as broken YAML and not analysed. */
  readonly template: boolean;
  /** Where the first structural template marker is, when `template`. */
  readonly templateMarker?: TemplateMarker;
}

export interface SyntaxProblem {
  message: string;
  /** Offsets relative to the chunk. */
  start: number;
  end: number;
}

/** Files larger than this are not analysed (a clear message instead of a frozen editor). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** A NUL in the first 8 KiB means binary data; scanned in place, without copying the prefix on every keystroke. */
export function looksBinary(text: string): boolean {
  for (let i = 0, n = Math.min(text.length, 8192); i < n; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

/** Alias expansion budget per document: an alias bomb stops here instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 1000;

const DOC_MARKER = /^(---|\.\.\.)(?=[ \t]|\r?$)/;

/**
 * Returns the start offsets of the documents of `text`: 0, and each line that starts with `---`.
 * A `---` at the start of a line always ends the previous document in YAML, even inside a block scalar,
 * so this split agrees with a full parse.
 */
export function documentStarts(text: string): number[] {
  const starts = [0];
  let i = text.startsWith("---") ? text.indexOf("\n") : 0;
  if (i < 0) return starts;
  for (;;) {
    const j = text.indexOf("\n---", i);
    if (j < 0) break;
    const lineStart = j + 1;
    const c = text.charCodeAt(lineStart + 3);
    // `---` followed by end, space, tab, CR or LF is a marker; `----` or `---x` is content.
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 13 || c === 10) starts.push(lineStart);
    i = lineStart + 3;
  }
  return starts;
}

/** Cache of parsed chunks keyed by their exact text: unchanged documents are never parsed twice. */
export class DocumentCache {
  private map = new Map<string, ParsedChunk>();
  private generation = 0;
  private lastUsed = new Map<string, number>();
  constructor(private readonly capacity = 20000) {}

  get(text: string): ParsedChunk {
    let hit = this.map.get(text);
    if (!hit) {
      hit = parseChunk(text);
      this.map.set(text, hit);
      if (this.map.size > this.capacity) this.evict();
    }
    this.lastUsed.set(text, ++this.generation);
    return hit;
  }

  /** Forgets every parse (benchmarks measure cold analysis with it). */
  clear(): void {
    this.map.clear();
    this.lastUsed.clear();
  }

  private evict(): void {
    const cutoff = this.generation - this.capacity / 2;
    for (const [k, g] of this.lastUsed) {
      if (g < cutoff) { this.lastUsed.delete(k); this.map.delete(k); }
    }
  }
}

interface ParsedChunk {
  docs: Document.Parsed[];
  lineCounter: LineCounter;
  errors: SyntaxProblem[];
  template: boolean;
  templateMarker?: TemplateMarker;
}

function parseChunk(text: string): ParsedChunk {
  // Line starts come from the text itself, not from the parser's newline callback: yaml's Parser does not report the
  // newlines inside a multi-line scalar it rejects at stream level, which shifted every later position by a line.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  const parser = new Parser();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, strict: false, keepSourceTokens: false });
  const docs: Document.Parsed[] = [];
  try {
    for (const doc of composer.compose(parser.parse(text), true, text.length)) docs.push(doc as Document.Parsed);
  } catch (e) {
    // The yaml package does not throw on bad input, but a stack overflow on absurd nesting is possible.
    return { docs: [], lineCounter, errors: [{ message: `YAML could not be parsed: ${(e as Error).message}`, start: 0, end: Math.min(text.length, 1) }], template: false };
  }
  const templateMarker = templateMarkerOf(text);
  const template = templateMarker !== undefined;
  const errors: SyntaxProblem[] = [];
  if (!template) {
    for (const doc of docs) {
      for (const err of doc.errors) {
        const [start, end] = err.pos;
        const s = Math.min(start, text.length), e = Math.min(Math.max(end, start), text.length);
        errors.push({ message: describeError(err.code, cleanMessage(err.message), text.slice(s, lineEndOf(text, s))), start: s, end: e });
      }
    }
  }
  return { docs, lineCounter, errors, template, templateMarker };
}

function lineEndOf(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl < 0 ? text.length : nl;
}

/** Names the offending text where yaml's own message does not. */
function describeError(code: string, message: string, source: string): string {
  const snippet = source.replace(/:(\s.*)?$/, "").trim().slice(0, 60);
  if (code === "DUPLICATE_KEY" && snippet) return `Duplicate key "${snippet}": a key may appear only once in a mapping (the API server rejects the object).`;
  if (code === "TAB_AS_INDENT") return "Tab characters are not allowed for indentation in YAML; use spaces.";
  return message;
}

/** yaml's messages end with a code excerpt when prettyErrors is on; keep only the first sentence line. */
function cleanMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

export interface SplitOptions {
  cache?: DocumentCache;
  /** The file's previous split: documents whose text did not change are reused as they are (same object). */
  previous?: readonly SourceDocument[];
}

/**
 * Splits `text` into SourceDocuments, reusing cached parses for chunks whose text did not change. The previous split
 * is matched in order, comparing each document's text where it is (no copy, no hashing of unchanged documents): a
 * keystroke in a 50,000-line file costs one parse of the document it touched plus a scan for `---`.
 */
export function splitDocuments(text: string, options: SplitOptions = {}): SourceDocument[] {
  const cache = options.cache ?? new DocumentCache();
  const starts = documentStarts(text);
  const out: SourceDocument[] = [];
  const previous = options.previous ?? [];
  const used = new Set<SourceDocument>();
  let byText: Map<string, SourceDocument[]> | undefined; // built on the first miss only
  let next = 0; // the previous document expected next
  let line = 0;
  for (let k = 0; k < starts.length; k++) {
    const offset = starts[k];
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    const length = end - offset;
    let old: SourceDocument | undefined;
    for (let j = next; j < previous.length && j < next + 8; j++) {
      const c = previous[j];
      // slice + === compares the flat contents (memcmp); startsWith walks characters and is several times slower.
      if (c.text.length === length && !used.has(c) && text.slice(offset, end) === c.text) { old = c; next = j + 1; break; }
    }
    let chunkText: string | undefined;
    if (!old && previous.length > 0) {
      // Documents moved further than the window (a block of documents deleted or pasted): look them up by text.
      chunkText = text.slice(offset, end);
      if (!byText) {
        byText = new Map();
        for (const d of previous) {
          if (used.has(d)) continue;
          const list = byText.get(d.text);
          if (list) list.push(d); else byText.set(d.text, [d]);
        }
      }
      const list = byText.get(chunkText);
      while (list && list.length > 0 && !old) { const c = list.shift()!; if (!used.has(c)) old = c; }
    }
    if (old) {
      used.add(old);
      old.offset = offset;
      old.line = line;
      out.push(old);
    } else {
      chunkText ??= text.slice(offset, end);
      out.push({ text: chunkText, offset, line, ...cache.get(chunkText) });
    }
    // The parse counted the document's lines already (its LineCounter starts with line 0).
    line += out[out.length - 1].lineCounter.lineStarts.length - 1;
  }
  return out;
}

export { DOC_MARKER };
