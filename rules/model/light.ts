// Objects of files that are not open in the editor: values and identity only, no YAML syntax tree kept in memory.
import { DocumentCache, documentStarts, looksBinary, MAX_FILE_BYTES, splitDocuments, type SourceDocument } from "./document.js";
import { makeObjects, objectsOf, type JsonObject, type KObject, type ObjectOptions, type ObjectSource } from "./object.js";

/**
 * What a closed file contributes to the index, before the folder's options (kustomization namespace, patch status)
 * are applied: plain values, cheap to keep and to post from a worker thread.
 */
export interface LightEntry {
  readonly value: JsonObject;
  /** Partial on its own (a `$patch` directive, no name): a kustomize patch listing makes it partial as well. */
  readonly partial: boolean;
}

/**
 * Parses a file's text into light entries: the same documents, values and partial status `parseFile` gives (same
 * size and binary limits, `objectsOf` for List items and templates), but every syntax tree is dropped afterwards and
 * nothing enters the shared document cache.
 */
export function lightEntriesOf(text: string, chartTemplate = false): LightEntry[] {
  if (text.length > MAX_FILE_BYTES || looksBinary(text)) return [];
  const out: LightEntry[] = [];
  const starts = documentStarts(text);
  for (let k = 0; k < starts.length; k++) {
    // One document at a time, each in a private cache: its syntax tree is garbage as soon as its values are read
    // (young garbage, cheap to collect), and scanned files never fill the editor's cache of parsed documents.
    const [chunk] = splitDocuments(text.slice(starts[k], starts[k + 1] ?? text.length), { cache: new DocumentCache() });
    for (const o of objectsOf(chunk, { uri: "", chartTemplate })) out.push({ value: o.value, partial: o.partial });
  }
  return out;
}

/**
 * Gives the entries' strings (in place) one copy per distinct value, a copy of their own. The strings of a parse are
 * slices of the file's text and would keep all of it alive; and the files of a workspace repeat themselves (CRDs
 * installed by several manifests, the same descriptions in every version of a schema): on a corpus of 1,500 files
 * this is a third of the index's memory, for a few milliseconds per megabyte. `strings` is shared by the files of a
 * scan; the entries must be fresh (just parsed, or just received from a worker).
 */
export function ownStrings(entries: LightEntry[], strings: Map<string, string> = new Map()): LightEntry[] {
  // Aliases make shared and even cyclic values (`data: &d {self: *d}`): each object is visited once.
  const seen = new Set<object>();
  const share = (v: unknown): unknown => {
    if (typeof v === "string") {
      let own = strings.get(v);
      if (own === undefined) strings.set(v, (own = copyOf(v)));
      return own;
    }
    if (v === null || typeof v !== "object" || seen.has(v)) return v;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = share(v[i]);
    } else if (isPlain(v)) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = share(o[k]);
    }
    return v;
  };
  for (const e of entries) share(e.value);
  return entries;
}

/**
 * A string with characters of its own. V8 represents a substring of 13 characters or more as a view of its parent;
 * slicing a fresh concatenation flattens it first, so the result views a new string, not the file's text.
 */
function copyOf(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/** Plain JSON-like objects only: dates, sets and byte arrays of YAML 1.1 tags are left as they are. */
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const EMPTY_CHUNK: SourceDocument = Object.freeze({
  text: "", offset: 0, line: 0, docs: [], lineCounter: splitDocuments("")[0].lineCounter, errors: [], template: false,
});
const EMPTY_SOURCE: ObjectSource = Object.freeze({ chunk: EMPTY_CHUNK, doc: Object.freeze({ contents: null }) as unknown as ObjectSource["doc"] });

/**
 * Builds the index objects of a light file with the folder's options. `sourceOf(i)` gives the i-th object's
 * source; it is read only when something asks for a position in a file nobody has open.
 */
export function lightObjects(entries: readonly LightEntry[], options: ObjectOptions, sourceOf: (i: number) => ObjectSource): KObject[] {
  const out: KObject[] = [];
  for (const e of entries) {
    // makeObjects reads the chunk text only for patch directives, already folded into `e.partial`. It makes one object
    // per namespace the file is deployed in, in the order `objectsOf` does, so the i-th object has the i-th source.
    for (const o of makeObjects(e.value, EMPTY_SOURCE, { ...options, partial: options.partial === true || e.partial })) {
      (o as { source: ObjectSource }).source = new LazySource(sourceOf, out.length);
      out.push(o);
    }
  }
  return out;
}

/** An object's source that is parsed only when read (positions of an object in a closed file). */
class LazySource implements ObjectSource {
  constructor(private readonly sourceOf: (i: number) => ObjectSource, private readonly i: number) {}
  get chunk(): SourceDocument { return this.sourceOf(this.i).chunk; }
  get doc(): ObjectSource["doc"] { return this.sourceOf(this.i).doc; }
}

/**
 * Sources of a file's objects from its text, matched by position in the file; when the text no longer yields the
 * same objects (the file changed on disk), an empty source: positions at the top of the file, never a crash.
 */
export function sourcesFromText(text: string | undefined, objects: readonly KObject[], options: ObjectOptions): (i: number) => ObjectSource {
  const parsed: KObject[] = [];
  if (text !== undefined && text.length <= MAX_FILE_BYTES && !looksBinary(text)) {
    for (const chunk of splitDocuments(text, { cache: new DocumentCache() })) parsed.push(...objectsOf(chunk, options));
  }
  const same = parsed.length === objects.length && parsed.every((p, i) => p.kind === objects[i].kind && p.name === objects[i].name);
  return (i) => (same ? parsed[i].source : EMPTY_SOURCE);
}
