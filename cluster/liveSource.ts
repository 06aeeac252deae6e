// A live object as the engine's parsed file, built while its YAML is written: 17,000 objects are not parsed back.
import { Document, LineCounter, type YAMLMap } from "yaml";
import { type FileOptions, parseFile, type ParsedFile } from "../rules/engine.js";
import { MAX_FILE_BYTES, type SourceDocument } from "../rules/model/document.js";
import { type JsonObject, type KObject, makeObject, type ObjectSource } from "../rules/model/object.js";
import type { Anchor, Path } from "../rules/model/position.js";
import { blockYamlLayout, type BlockYamlLayout, blockYamlTree, layoutOffsetRange, NotBuildable, plainValue, syntaxOf, toBlockYaml, tooLongForKey } from "./liveYaml.js";
import type { LiveObject } from "./snapshot.js";

/** Server bookkeeping that says nothing about readiness and would drown the document (and leak old spec copies). */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The object as a live document shows it: in the field order of `kubectl get -o yaml`, without managedFields and
 * last-applied. The metadata is the object's own when it has neither (what cluster/intake.ts keeps); the object is
 * copied key by key (object rest syntax, 20 times slower, was a fifth of reading 81,000 objects).
 */
function shownFields(o: LiveObject): Record<string, unknown> {
  const metadata = o.metadata as Record<string, unknown>;
  const shown = { apiVersion: o.apiVersion, kind: o.kind, metadata: shownMetadata(metadata) } as Record<string, unknown>;
  for (const key in o) {
    if (key === "apiVersion" || key === "kind" || key === "metadata" || !hasOwn.call(o, key)) continue;
    // A `__proto__` key as JSON.parse makes it: an own property, as the rest syntax copied it.
    if (key === "__proto__") Object.defineProperty(shown, key, { value: o[key], writable: true, enumerable: true, configurable: true });
    else shown[key] = o[key];
  }
  return shown;
}

function shownMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const annotations = metadata.annotations as Record<string, string> | undefined;
  const applied = !!annotations && typeof annotations === "object" && LAST_APPLIED in annotations;
  if (!applied && !hasOwn.call(metadata, "managedFields")) return metadata;
  const { managedFields: _managed, ...meta } = metadata;
  if (applied) {
    const { [LAST_APPLIED]: _applied, ...others } = annotations;
    if (Object.keys(others).length > 0) meta.annotations = others;
    else delete meta.annotations;
  }
  return meta;
}

/** The live object as YAML, in the field order of `kubectl get -o yaml`, without managedFields and last-applied. */
export function liveObjectYaml(o: LiveObject): string {
  return toBlockYaml(shownFields(o));
}

/**
 * The engine's parsed file of a live object's YAML document (`liveObjectYaml`): the same text, syntax tree, value
 * and object `parseFile` gives, without the parse. What the fast path does not mirror — a Go template in a value
 * (the engine skips such documents), a `…List` kind whose items the engine splits, an over-long key, a huge object —
 * goes through `parseFile` itself.
 */
export function liveFile(uri: string, o: LiveObject, options: FileOptions = {}): ParsedFile {
  const fields = shownFields(o);
  let tree: ReturnType<typeof blockYamlTree>;
  try {
    tree = blockYamlTree(fields);
  } catch (e) {
    if (e instanceof NotBuildable) return parseFile(uri, toBlockYaml(fields), options);
    throw e;
  }
  const { text, contents, value, lineStarts } = tree;
  const kind = value.kind;
  if (text.length > MAX_FILE_BYTES || text.includes("{{") || (typeof kind === "string" && kind.endsWith("List") && Array.isArray(value.items))) {
    return parseFile(uri, text, options);
  }
  const lineCounter = new LineCounter();
  lineCounter.lineStarts = lineStarts;
  const doc = new Document() as Document.Parsed;
  doc.contents = contents as YAMLMap.Parsed;
  doc.range = [0, text.length, text.length];
  const chunk: SourceDocument = { text, offset: 0, line: 0, docs: [doc], lineCounter, errors: [], template: false };
  const object = makeObject(value as JsonObject, { chunk, doc }, { uri, defaultNamespace: options.defaultNamespace, partial: options.partial });
  return { uri, text, chunks: [chunk], objects: object ? [object] : [], problems: [] };
}

// ---- the lean path: objects without YAML ----------------------------------------------------------------------

/** What one walk over a live object tells about the YAML document `liveFile` would make of it. */
interface Traits {
  /** The value is not plain JSON as a parse reads it back (undefined, -0, NaN or ±Infinity, an exotic prototype). */
  copy: boolean;
  /** A key or string holds `{{`, which the YAML text then holds. */
  templateMarker: boolean;
  /** A key or string holds a strategic-merge directive, which makes the engine take the document for a patch. */
  patchDirective: boolean;
  /** A key is longer than an implicit YAML key may be. */
  longKey: boolean;
  /** At least the length of the YAML text. */
  maxLength: number;
}

/** The substrings `isPatchLike` (rules/model/object.ts) looks for in a document's text. */
const PATCH_DIRECTIVES = ["$patch", "$setElementOrder/", "$retainKeys"];

function traitsOfString(s: string, t: Traits): void {
  if (!t.templateMarker && s.includes("{{")) t.templateMarker = true;
  if (!t.patchDirective && s.includes("$") && PATCH_DIRECTIVES.some((d) => s.includes(d))) t.patchDirective = true;
  // Quoted and escaped, a character is at most 6 (`\uXXXX`).
  t.maxLength += s.length * 6 + 2;
}

/**
 * Walks a value as the writer writes it (`depth`: how many collections hold it; a line is indented by at most two
 * spaces each, plus `- `). Strings and keys reach the text whole, so a substring of the text that holds no quote,
 * backslash, colon or line break is in one of them.
 */
function traitsOf(v: unknown, depth: number, t: Traits): void {
  // The line of this value: indentation, `- ` or `key: `, the line break.
  t.maxLength += 2 * depth + 8;
  if (typeof v === "string") return traitsOfString(v, t);
  if (typeof v === "number") {
    if (!Number.isFinite(v) || Object.is(v, -0)) t.copy = true;
    t.maxLength += 26;
    return;
  }
  if (v === undefined) {
    t.copy = true;
    return;
  }
  if (v === null || typeof v !== "object") {
    t.maxLength += 5;
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) traitsOf(v[i], depth + 1, t);
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) t.copy = true;
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    traitsOfString(key, t);
    if (!t.longKey && tooLongForKey(key)) t.longKey = true;
    traitsOf(o[key], depth + 1, t);
  }
}

/**
 * Layouts (and, once walked, syntax trees) of live objects built for positions and fixes, the most recently used kept:
 * the findings of one object come together, and what they point at besides (the NetworkPolicy that isolates a
 * workload, the PDB that covers it) is shared by the neighbours of the same namespace, which come one after the other.
 */
const KEPT_TREES = 32;
const kept = new Set<LiveSource>();

/** What a live source builds when asked for a position: the written text and layout, its chunk, and the tree if walked. */
interface Built {
  written: BlockYamlLayout;
  chunk: LiveChunk;
  doc?: Document.Parsed;
}

/**
 * A live object's source whose YAML text and layout are built when a position or a fix needs them, and dropped again
 * when other objects' take their place. A position is read off the layout (`offsetRange`); the syntax tree is made
 * only for what walks it (a fix, the editor). The engine groups and caches the object by the source itself (`group`,
 * on line 0 as every live document), so an object without findings never gets either.
 */
class LiveSource implements ObjectSource {
  readonly line = 0;
  private built: Built | undefined;
  constructor(private readonly fields: Record<string, unknown>) {}

  get group(): this { return this; }
  get chunk(): SourceDocument { return this.layout().chunk; }
  get doc(): Document.Parsed {
    const built = this.layout();
    if (!built.doc) {
      const doc = new Document() as Document.Parsed;
      doc.contents = syntaxOf(built.written) as YAMLMap.Parsed;
      doc.range = [0, built.written.text.length, built.written.text.length];
      built.doc = doc;
    }
    return built.doc;
  }

  offsetRange(path: Path, anchor: Anchor): [number, number] {
    return layoutOffsetRange(this.layout().written, path, anchor);
  }

  private layout(): Built {
    if (this.built) {
      // Most recently used last (a Set keeps insertion order).
      kept.delete(this);
      kept.add(this);
      return this.built;
    }
    const written = blockYamlLayout(this.fields);
    const lineCounter = new LineCounter();
    lineCounter.lineStarts = written.lineStarts;
    this.built = { written, chunk: new LiveChunk(written.text, lineCounter, this) };
    kept.add(this);
    if (kept.size > KEPT_TREES) {
      const oldest = kept.values().next().value!;
      kept.delete(oldest);
      oldest.built = undefined;
    }
    return this.built;
  }
}

/** The document chunk of a live object: its one document is the source's syntax tree, made when read. */
class LiveChunk implements SourceDocument {
  offset = 0;
  line = 0;
  readonly errors: SourceDocument["errors"] = [];
  readonly template = false;
  private made: Document.Parsed[] | undefined;
  constructor(readonly text: string, readonly lineCounter: LineCounter, private readonly source: LiveSource) {}
  get docs(): Document.Parsed[] {
    return (this.made ??= [this.source.doc]);
  }
}

/** What makeObject reads of a source before the real one is set: the text only for patch directives, decided beforehand. */
const NO_SOURCE: ObjectSource = { chunk: { text: "" } as SourceDocument, doc: {} as Document.Parsed };

/** A parsed file whose text is written when read (nothing in an analysis reads it). */
class LeanLiveFile implements ParsedFile {
  readonly chunks: SourceDocument[] = [];
  readonly problems: ParsedFile["problems"] = [];
  constructor(readonly uri: string, readonly objects: KObject[], private readonly fields: Record<string, unknown>) {}
  get text(): string { return toBlockYaml(this.fields); }
}

/**
 * `liveFile` without writing or parsing YAML: the same object (identity, labels, value, partial status) from the live
 * object itself, its text and syntax tree built only when a finding asks for a position (see LiveSource). What the
 * fast path does not mirror — a Go template marker, a `…List` kind, an over-long key, a huge object — goes to `liveFile`.
 */
export function leanLiveFile(uri: string, o: LiveObject, options: FileOptions = {}): ParsedFile {
  const fields = shownFields(o);
  const t: Traits = { copy: false, templateMarker: false, patchDirective: false, longKey: false, maxLength: 0 };
  traitsOf(fields, 0, t);
  const kind = fields.kind;
  if (t.templateMarker || t.longKey || (typeof kind === "string" && kind.endsWith("List") && Array.isArray(fields.items))) return liveFile(uri, o, options);
  if (t.maxLength > MAX_FILE_BYTES && toBlockYaml(fields).length > MAX_FILE_BYTES) return liveFile(uri, o, options);
  const value = (t.copy ? plainValue(fields) : fields) as JsonObject;
  const object = makeObject(value, NO_SOURCE, { uri, defaultNamespace: options.defaultNamespace, partial: options.partial === true || t.patchDirective });
  if (object) (object as { source: ObjectSource }).source = new LiveSource(fields);
  return new LeanLiveFile(uri, object ? [object] : [], fields);
}
