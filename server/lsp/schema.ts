// Structural checks from the embedded Kubernetes schema, per YAML document and cached like the rule findings.
import { resolve } from "node:path";
import type { Diagnostic, Hover, Position } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { ParsedFile } from "../../rules/engine.js";
import type { SourceDocument } from "../../rules/model/document.js";
import type { KObject } from "../../rules/model/object.js";
import type { ObjectIndex } from "../../rules/model/scope.js";
import { crdToSchemas } from "../schema/crdSchemas.js";
import { loadKubernetesSchema } from "../schema/loadKubernetesSchema.js";
import { createSchemaService, type SchemaService } from "../schema/schemaService.js";

export const SCHEMA_CODE = "yaml/schema";

interface Cached { partial: boolean; diagnostics: Diagnostic[] }

export class SchemaLayer {
  private service: SchemaService | undefined;
  private failure: string | undefined;
  private cache = new WeakMap<SourceDocument, Cached>();
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

  /** Schema diagnostics for the Kubernetes documents of a file; only documents not seen before are validated. */
  async diagnostics(doc: TextDocument, parsed: ParsedFile, partial: boolean): Promise<Diagnostic[]> {
    const service = this.get();
    if (!service) return [];
    const withObjects = new Set(parsed.objects.map((o) => o.source.chunk));
    const out: Diagnostic[] = [];
    for (const chunk of parsed.chunks) {
      if (chunk.template || !withObjects.has(chunk) || chunk.errors.length > 0) continue;
      let cached = this.cache.get(chunk);
      if (!cached || cached.partial !== partial) {
        // Validate the document's own text: its diagnostics are then relative to the document, which is how they are
        // cached, and a keystroke costs the size of one document, not of the file.
        let found: Diagnostic[] = [];
        try {
          found = await service.validate(TextDocument.create(`${doc.uri}#kubeready-document`, "yaml", ++this.version, chunk.text), { partial });
        } catch (e) {
          this.log(`kubeready: schema validation failed: ${(e as Error).message}`);
        }
        cached = { partial, diagnostics: found.map((d) => ({ ...d, source: "kubeready", code: SCHEMA_CODE })) };
        this.cache.set(chunk, cached);
      }
      for (const d of cached.diagnostics) {
        out.push({ ...d, range: { start: { line: d.range.start.line + chunk.line, character: d.range.start.character }, end: { line: d.range.end.line + chunk.line, character: d.range.end.character } } });
      }
    }
    return out;
  }

  async hover(doc: TextDocument, position: Position): Promise<Hover | null> {
    const service = this.get();
    if (!service) return null;
    try { return await service.hover(doc, position); } catch { return null; }
  }

  async complete(doc: TextDocument, position: Position) {
    const service = this.get();
    if (!service) return undefined;
    try { return await service.complete(doc, position); } catch { return undefined; }
  }
}
