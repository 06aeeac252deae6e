// Splits a YAML file into its documents and parses each one on its own, so an edit re-parses only the document it touched.
import { Composer, LineCounter, Parser, type Document, type SchemaOptions } from "yaml";
import { indentQuotedContinuations, mapBack } from "./quotedIndent.js";
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
  /** Nested deeper than the parser can follow (see MAX_DEPTH_NOTE): not analysed, and not a syntax error either. */
  readonly tooDeep?: boolean;
}

export interface SyntaxProblem {
  message: string;
  /** A problem kubectl tolerates (a duplicate key: the last value wins) is a warning, not a syntax error. */
  severity?: "warning";
  /** The pseudo-rule that reports it, when not yaml/syntax. */
  rule?: string;
  /** Offsets relative to the chunk. */
  start: number;
  end: number;
}

/** The pseudo-rule of duplicate keys: a warning, since kubectl accepts them (the last value wins). */
export const DUPLICATE_KEY_RULE = "yaml/duplicate-key";

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
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 13 || c === 10) starts.push(directivesBefore(text, lineStart, starts));
    i = lineStart + 3;
  }
  return starts;
}

/**
 * Where the document whose `---` is at `marker` starts: at its directives (`%YAML 1.1`, `%TAG …`) when lines of
 * directives, comments and blank lines lead up to the marker from the start of the file or from a `...` line, so a
 * directive stays with the document it applies to. When that reaches back to the previous start, the previous start
 * is dropped (the directives were all it held).
 */
function directivesBefore(text: string, marker: number, starts: number[]): number {
  let start = marker, sawDirective = false;
  for (let end = marker - 1; end > starts[starts.length - 1] - 1 && end >= 0;) {
    // end 0: the empty first line. (lastIndexOf("\n", -1) searches from 0 and finds a leading "\n" again: a
    // file opening with a blank line and then `---` looped here forever.)
    const lineStart = end === 0 ? 0 : text.lastIndexOf("\n", end - 1) + 1;
    // A line opening with a letter or digit is content: the usual case, decided without copying the line (100,000 times).
    const c = text.charCodeAt(lineStart) | 32;
    if (lineStart < end && ((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return marker;
    const line = text.slice(lineStart, end);
    if (line.startsWith("...")) break;
    if (line.startsWith("%")) sawDirective = true;
    else if (line.trim() !== "" && !line.trimStart().startsWith("#")) return marker;
    start = lineStart;
    if (lineStart === 0) break;
    end = lineStart - 1;
  }
  if (!sawDirective) return marker;
  if (start <= starts[starts.length - 1]) { starts.pop(); return starts.length === 0 ? 0 : start; }
  return start;
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
  tooDeep?: boolean;
}

/**
 * The schema Kubernetes reads manifests with. kubectl and the API server decode YAML with sigs.k8s.io/yaml, which
 * runs go-yaml v2 (`yaml.Unmarshal` into interface{}) and converts the result to JSON. go-yaml v2 resolves plain
 * scalars by YAML 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is octal (493), `0b101` binary; but
 * it has no sexagesimal numbers (`1:20` stays a string) and keeps timestamps as strings when decoding into
 * interface{}. So: yaml's YAML 1.1 schema without its sexagesimal and timestamp tags.
 */
const GO_YAML_V2_TAGS = (tags: Tags): Tags => tags.filter((t) => {
  const tag = t as { tag?: string; format?: string };
  return tag.tag !== "tag:yaml.org,2002:timestamp" && tag.format !== "TIME";
});
type Tags = Parameters<Extract<NonNullable<SchemaOptions["customTags"]>, (...a: never[]) => unknown>>[0];

const COMPOSER_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: false, keepSourceTokens: false, version: "1.1", customTags: GO_YAML_V2_TAGS } as const;

/** The nesting go-yaml v2 accepts (max_indents and max_flow_level in scannerc.go), for the message on deeper documents. */
export const GO_YAML_MAX_DEPTH = 10000;

function isStackOverflow(message: string): boolean {
  return /Maximum call stack size exceeded|too much recursion/i.test(message);
}

function parseChunk(text: string): ParsedChunk {
  // Line starts come from the text itself, not from the parser's newline callback: yaml's Parser does not report the
  // newlines inside a multi-line scalar it rejects at stream level, which shifted every later position by a line.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  const parser = new Parser();
  const composer = new Composer(COMPOSER_OPTIONS);
  const docs: Document.Parsed[] = [];
  try {
    for (const doc of composer.compose(parser.parse(text), true, text.length)) docs.push(doc as Document.Parsed);
  } catch (e) {
    // The yaml package does not throw on bad input, but a stack overflow on deep nesting is possible.
    if (isStackOverflow((e as Error).message)) return { docs: [], lineCounter, errors: [], template: false, tooDeep: true };
    return { docs: [], lineCounter, errors: [{ message: `YAML could not be parsed: ${(e as Error).message}`, start: 0, end: Math.min(text.length, 1) }], template: false };
  }
  // A quoted scalar continued at its key's indentation: an error for the yaml package, valid for kubectl (see quotedIndent.ts).
  if (docs.some((d) => d.errors.some((err) => err.code === "MISSING_CHAR" && /closing .?quote/i.test(err.message)))) {
    const reindented = indentQuotedContinuations(text);
    if (reindented) {
      const again: Document.Parsed[] = [];
      try {
        for (const doc of new Composer(COMPOSER_OPTIONS).compose(new Parser().parse(reindented.text), true, reindented.text.length)) again.push(doc as Document.Parsed);
        if (again.reduce((n, d) => n + d.errors.length, 0) < docs.reduce((n, d) => n + d.errors.length, 0)) {
          mapBack(again, reindented.insertions);
          docs.length = 0;
          docs.push(...again);
        }
      } catch { /* keep the first parse and its errors */ }
    }
  }
  // yaml's composer catches a stack overflow itself and reports it as an error of the document.
  if (docs.some((d) => d.errors.some((err) => isStackOverflow(err.message)))) return { docs: [], lineCounter, errors: [], template: false, tooDeep: true };
  const templateMarker = templateMarkerOf(text);
  const template = templateMarker !== undefined;
  const errors: SyntaxProblem[] = [];
  if (!template) {
    for (const doc of docs) {
      const directive = doc.directives?.yaml as { version?: string; explicit?: boolean } | undefined;
      if (directive?.explicit && directive.version !== "1.1") {
        const at = Math.max(0, text.indexOf("%YAML"));
        errors.push({ message: `%YAML ${directive.version}: kubectl's YAML decoder (go-yaml v2) accepts only %YAML 1.1 and rejects this document ("found incompatible YAML document"); remove the directive or write %YAML 1.1.`, start: at, end: lineEndOf(text, at) });
      }
      for (const err of doc.errors) {
        const [start, end] = err.pos;
        const s = Math.min(start, text.length), e = Math.min(Math.max(end, start), text.length);
        const problem: SyntaxProblem = { message: describeError(err.code, cleanMessage(err.message), text.slice(s, lineEndOf(text, s))), start: s, end: e };
        if (err.code === "DUPLICATE_KEY") { problem.severity = "warning"; problem.rule = DUPLICATE_KEY_RULE; }
        errors.push(problem);
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
  if (code === "DUPLICATE_KEY") return `Duplicate key${snippet ? ` "${snippet}"` : ""}: kubectl keeps only the last value and silently drops the earlier one (sigs.k8s.io/yaml decodes with go-yaml v2's non-strict Unmarshal); remove one of them.`;
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
  return runSteps(splitDocumentsInSteps(text, options));
}

/** Documents worked through between two pauses of a stepped parse (a few milliseconds of work). */
export const STEP_DOCUMENTS = 64;

/**
 * Runs a stepped computation (one that pauses with `yield` every few documents, so a server can answer other requests
 * in between; see server/lsp/slices.ts) to its end, without pausing.
 */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** `splitDocuments`, pausing every STEP_DOCUMENTS documents. */
export function* splitDocumentsInSteps(text: string, options: SplitOptions = {}): Generator<void, SourceDocument[]> {
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
    if (k % STEP_DOCUMENTS === STEP_DOCUMENTS - 1) yield;
  }
  return out;
}

export { DOC_MARKER };
