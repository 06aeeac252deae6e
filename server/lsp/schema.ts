// Structural checks from the embedded Kubernetes schema, per YAML document and cached like the rule findings.
import { resolve } from "node:path";
import type { CompletionItem, CompletionList, Diagnostic, Hover, Position, Range, TextEdit, InsertReplaceEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { ParsedFile } from "../../rules/engine.js";
import type { SourceDocument } from "../../rules/model/document.js";
import type { KObject } from "../../rules/model/object.js";
import type { ObjectIndex } from "../../rules/model/scope.js";
import { crdToSchemas } from "../schema/crdSchemas.js";
import { loadKubernetesSchema } from "../schema/loadKubernetesSchema.js";
import type { ObjectKind, SchemaService } from "../schema/schemaService.js";
import type { Pacer } from "./slices.js";

export const SCHEMA_CODE = "yaml/schema";

interface Cached { partial: boolean; diagnostics: Diagnostic[] }

/**
 * The apiVersion and kind of a chunk that is one YAML document holding one object: what lets the schema service check
 * it against that kind's part of the schema only. Undefined for a `kind: List`, several documents, or no object.
 */
export function objectKindOf(chunk: SourceDocument, objects: readonly KObject[]): ObjectKind | undefined {
  if (chunk.docs.length !== 1 || objects.length !== 1) return undefined;
  const [o] = objects;
  // A List item's source is its own node, not the chunk's document.
  return o.source.doc === chunk.docs[0] ? { apiVersion: o.apiVersion, kind: o.kind } : undefined;
}

/** The objects of each chunk, in one pass over the file's objects. */
function objectsByChunk(parsed: ParsedFile): Map<SourceDocument, KObject[]> {
  const out = new Map<SourceDocument, KObject[]>();
  for (const o of parsed.objects) {
    const list = out.get(o.source.chunk);
    if (list) list.push(o); else out.set(o.source.chunk, [o]);
  }
  return out;
}

/**
 * The chunk whose document yaml-language-server would pick for `offset` of the whole file: the first document whose
 * range holds it (end inclusive, so the start of a `---` line still belongs to the document above), or the only
 * document of the file. Null where it would pick none (a comment or blank line outside every document of a file with
 * several): there the whole file has no hover or completion either.
 */
function chunkAt(parsed: ParsedFile, line: number, offset: number): SourceDocument | null {
  const chunks = parsed.chunks;
  // A chunk of only comments (a license header above the first `---`) parses as an empty document of its own; in the
  // whole file those comments belong to no document.
  const isDocument = (d: SourceDocument["docs"][number]) => chunks.length === 1 || d.contents !== null || d.directives?.docStart === true;
  let i = 0;
  while (i + 1 < chunks.length && chunks[i + 1].line <= line) i++;
  for (const chunk of chunks.slice(Math.max(0, i - 1), i + 1)) {
    for (const d of chunk.docs) {
      if (isDocument(d) && d.range && chunk.offset + d.range[0] <= offset && offset <= chunk.offset + d.range[2]) return chunk;
    }
  }
  const holding = chunks.filter((c) => c.docs.some(isDocument));
  return holding.length === 1 && holding[0].docs.filter(isDocument).length === 1 ? holding[0] : null;
}

const shiftPosition = (p: Position, lines: number): Position => ({ line: p.line + lines, character: p.character });
const shiftRange = (r: Range, lines: number): Range => ({ start: shiftPosition(r.start, lines), end: shiftPosition(r.end, lines) });
function shiftEdit<T extends TextEdit | InsertReplaceEdit>(edit: T, lines: number): T {
  return "range" in edit
    ? { ...edit, range: shiftRange(edit.range, lines) }
    : { ...edit, insert: shiftRange(edit.insert, lines), replace: shiftRange(edit.replace, lines) };
}
function shiftItem(item: CompletionItem, lines: number): CompletionItem {
  return {
    ...item,
    ...(item.textEdit ? { textEdit: shiftEdit(item.textEdit, lines) } : {}),
    ...(item.additionalTextEdits ? { additionalTextEdits: item.additionalTextEdits.map((e) => shiftEdit(e, lines)) } : {}),
  };
}

export class SchemaLayer {
  private service: SchemaService | undefined;
  private failure: string | undefined;
  private cache = new WeakMap<SourceDocument, Cached>();
  private cursorTexts = new WeakMap<SourceDocument, TextDocument>();
  private crds: readonly KObject[] = [];
  private version = 0;

  constructor(private readonly root: string, private readonly log: (message: string) => void) {}

  static forBundle(log: (message: string) => void): SchemaLayer {
    // dist/server.js -> the extension root holds schemas/generated/kubernetes.json
    return new SchemaLayer(resolve(__dirname, ".."), log);
  }

  private get(): SchemaService | undefined {
    if (this.service || this.failure) return this.service;
    try {
      // Loaded on first use: yaml-language-server's code alone is ~24 MiB of heap, which a server that never
      // validates (schema validation off, or only closed files scanned so far) should not carry.
      const { createSchemaService } = require("../schema/schemaService.js") as typeof import("../schema/schemaService.js");
      this.service = createSchemaService({ schema: loadKubernetesSchema(this.root) });
    } catch (e) {
      this.failure = (e as Error).message;
      this.log(`kubeready: schema validation is off: ${this.failure}`);
    }
    return this.service;
  }

  /** Re-derives custom resource schemas when the CRDs in the index change. */
  updateCrds(index: ObjectIndex): void {
    const crds = index.ofKind("CustomResourceDefinition");
    // Objects of unchanged documents are reused as they are, so identity tells whether any CRD changed: no
    // serialisation of (often megabytes of) CRD schemas on every keystroke.
    if (crds.length === this.crds.length && crds.every((c, i) => c === this.crds[i])) return;
    this.crds = crds;
    const service = this.get();
    if (!service) return;
    try {
      service.setCrdSchemas(crds.flatMap((c) => crdToSchemas(c.value)));
    } catch (e) {
      this.log(`kubeready: could not read the CRD schemas: ${(e as Error).message}`);
    }
    this.cache = new WeakMap();
  }

  /**
   * Schema diagnostics for the Kubernetes documents of a file; only documents not seen before are validated. With a
   * `pacer`, undefined when it gave up (the text changed meanwhile).
   */
  diagnostics(doc: TextDocument, parsed: ParsedFile, partial: boolean): Promise<Diagnostic[]>;
  diagnostics(doc: TextDocument, parsed: ParsedFile, partial: boolean, pacer: Pacer | undefined): Promise<Diagnostic[] | undefined>;
  async diagnostics(doc: TextDocument, parsed: ParsedFile, partial: boolean, pacer?: Pacer): Promise<Diagnostic[] | undefined> {
    const service = this.get();
    if (!service) return [];
    const objects = objectsByChunk(parsed);
    const out: Diagnostic[] = [];
    for (const chunk of parsed.chunks) {
      // A file of many documents gives the event loop back between them (`await` alone only runs microtasks).
      if (pacer && !(await pacer.pause())) return undefined;
      const own = objects.get(chunk);
      if (chunk.template || !own || chunk.errors.length > 0) continue;
      let cached = this.cache.get(chunk);
      if (!cached || cached.partial !== partial) {
        // Validate the document's own text: its diagnostics are then relative to the document, which is how they are
        // cached, and a keystroke costs the size of one document, not of the file. Its kind narrows the schema to
        // that kind's part: the same findings without testing every kind's condition.
        let found: Diagnostic[] = [];
        try {
          const text = TextDocument.create(`${doc.uri}#kubeready-document`, "yaml", ++this.version, chunk.text);
          found = await service.validate(text, { partial, kind: objectKindOf(chunk, own) });
        } catch (e) {
          this.log(`kubeready: schema validation failed: ${(e as Error).message}`);
        }
        cached = { partial, diagnostics: found.map((d) => ({ ...d, source: "kubeready", code: SCHEMA_CODE })) };
        this.cache.set(chunk, cached);
      }
      for (const d of cached.diagnostics) {
        out.push({ ...d, range: shiftRange(d.range, chunk.line) });
      }
    }
    return out;
  }

  /**
   * The YAML document under `position` as a text of its own, its first line in the file, and its object's kind:
   * hover and completion then parse one document, not the whole file. Null where the whole file has no document
   * either; undefined when only the whole text will do (`parsed` is not this text's parse, or no chunk holds the
   * position).
   */
  private documentAt(doc: TextDocument, position: Position, parsed: ParsedFile | undefined): { text: TextDocument; line: number; kind?: ObjectKind } | null | undefined {
    if (!parsed || parsed.uri !== doc.uri || parsed.text !== doc.getText() || parsed.chunks.length === 0) return undefined;
    const offset = doc.offsetAt(position);
    const chunk = chunkAt(parsed, position.line, offset);
    if (!chunk) return null;
    // The file's only document, picked for a comment outside it: only the whole text has both.
    if (offset < chunk.offset || offset > chunk.offset + chunk.text.length) return undefined;
    let text = this.cursorTexts.get(chunk);
    if (!text) {
      // One uri for every chunk: yaml-language-server keeps one parse per uri (forever), and a new version per chunk
      // tells it when the text changed.
      text = TextDocument.create(`${doc.uri}#kubeready-cursor`, "yaml", ++this.version, chunk.text);
      this.cursorTexts.set(chunk, text);
    }
    // A broken document (a duplicated `kind:` after a paste) may read as another kind to yaml-language-server's error
    // recovery than to the engine's: only a clean parse names the kind for sure.
    const kind = chunk.errors.length === 0 ? objectKindOf(chunk, parsed.objects.filter((o) => o.source.chunk === chunk)) : undefined;
    return { text, line: chunk.line, kind };
  }

  /** The schema's hover at `position`; `parsed` (this text's parse) confines it to the document under the cursor. */
  async hover(doc: TextDocument, position: Position, parsed?: ParsedFile): Promise<Hover | null> {
    const service = this.get();
    if (!service) return null;
    try {
      const at = this.documentAt(doc, position, parsed);
      if (at === null) return null;
      if (!at) return await service.hover(doc, position);
      const hover = await service.hover(at.text, shiftPosition(position, -at.line), { kind: at.kind });
      return hover?.range ? { ...hover, range: shiftRange(hover.range, at.line) } : hover;
    } catch { return null; }
  }

  /** The schema's completions at `position`; `parsed` (this text's parse) confines them to the document under the cursor. */
  async complete(doc: TextDocument, position: Position, parsed?: ParsedFile): Promise<CompletionList | undefined> {
    const service = this.get();
    if (!service) return undefined;
    try {
      const at = this.documentAt(doc, position, parsed);
      if (at === null) return { isIncomplete: false, items: [] };
      if (!at) return await service.complete(doc, position);
      const list = await service.complete(at.text, shiftPosition(position, -at.line), { kind: at.kind });
      return at.line === 0 ? list : { ...list, items: list.items.map((item) => shiftItem(item, at.line)) };
    } catch { return undefined; }
  }
}
