// Structural validation, completion and hover for Kubernetes YAML through yaml-language-server's language service, offline.
import { getLanguageService, type LanguageService } from "yaml-language-server";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionList, Diagnostic, Hover, Position } from "vscode-languageserver-types";
import { crdKey, type CrdSchema, type JsonSchema } from "./crdSchemas.js";
import { offlineSchemaRequests } from "./offlineSchemaRequests.js";

/** Where the combined schema is registered; never fetched: it is handed to the service inline. */
export const KUBERNETES_SCHEMA_URI = "kubeready-schema:///kubernetes.json";
/** `source` of every diagnostic this service reports, so the LSP layer can tell them from rule findings. */
export const SCHEMA_DIAGNOSTIC_SOURCE = "kubeready-schema";

const OBJECT_META_REF = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/** yaml-language-server only ever reports plain-text messages; LSP 3.18 also allows markup, so pin it down. */
export type SchemaDiagnostic = Diagnostic & { message: string };

export interface SchemaServiceOptions {
  /** The built-in schema produced by scripts/build-schema.mjs (parsed JSON). */
  schema: JsonSchema;
  /** Custom resource schemas from the CRDs in scope (see crdToSchemas). */
  crdSchemas?: readonly CrdSchema[];
}

export interface SchemaService {
  /** Validates every YAML document of the file: ~250 ms for 5,000 lines, so not per keystroke on big files. */
  validate(document: TextDocument): Promise<SchemaDiagnostic[]>;
  /**
   * Validates only lines [startLine, endLine) of `document` (one or more whole YAML documents, without their `---`),
   * reported in the document's own coordinates: what a keystroke should cost. The lines before are blanked, not
   * removed, so no range needs shifting.
   */
  validateLines(document: TextDocument, startLine: number, endLine: number): Promise<SchemaDiagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionList>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
  /** Replaces the custom resource schemas; the next call re-resolves the combined schema. */
  setCrdSchemas(crdSchemas: readonly CrdSchema[]): void;
}

type Dispatch = { if: { properties: { apiVersion: { const: string }; kind: { const: string } } } };

function builtInKinds(schema: JsonSchema): Set<string> {
  const seen = new Set<string>();
  for (const entry of (schema.allOf as Dispatch[] | undefined) ?? []) {
    const p = entry.if?.properties;
    if (p) seen.add(`${p.apiVersion.const} ${p.kind.const}`);
  }
  return seen;
}

/** The built-in schema plus one `if apiVersion+kind then $ref` branch and one definition per custom resource. */
export function combineSchemas(schema: JsonSchema, crdSchemas: readonly CrdSchema[]): JsonSchema {
  if (crdSchemas.length === 0) return schema;
  const builtIn = builtInKinds(schema);
  const allOf = [...((schema.allOf as unknown[] | undefined) ?? [])];
  const definitions = { ...((schema.definitions as JsonSchema | undefined) ?? {}) };
  const hasObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" in definitions;
  for (const crd of crdSchemas) {
    if (builtIn.has(`${crd.apiVersion} ${crd.kind}`)) continue;
    const name = `crd.${crdKey(crd).replace(/\//g, ".")}`;
    if (name in definitions) continue;
    const properties = { ...(crd.schema.properties as JsonSchema) };
    if (hasObjectMeta) properties.metadata = { description: "Standard object's metadata.", $ref: OBJECT_META_REF };
    definitions[name] = { ...crd.schema, properties };
    allOf.push({
      if: { type: "object", properties: { apiVersion: { const: crd.apiVersion }, kind: { const: crd.kind } }, required: ["apiVersion", "kind"] },
      then: { $ref: `#/definitions/${name}` },
    });
  }
  return { ...schema, allOf, definitions };
}

export function createSchemaService(options: SchemaServiceOptions): SchemaService {
  const languageService: LanguageService = getLanguageService({
    schemaRequestService: offlineSchemaRequests(new Map()),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  const configure = (crdSchemas: readonly CrdSchema[]): void => {
    languageService.configure({
      validate: true,
      hover: true,
      completion: true,
      format: false,
      isKubernetes: true,
      hoverSchemaSource: false,
      schemas: [{ uri: KUBERNETES_SCHEMA_URI, fileMatch: ["*"], schema: combineSchemas(options.schema, crdSchemas), name: "Kubernetes" }],
    });
  };
  configure(options.crdSchemas ?? []);
  let sliceVersion = 0;
  const validate = async (document: TextDocument): Promise<SchemaDiagnostic[]> => {
    const diagnostics = (await languageService.doValidation(document, true)) as Diagnostic[];
    return diagnostics.map((d) => ({ ...d, message: String(d.message), source: SCHEMA_DIAGNOSTIC_SOURCE }));
  };
  return {
    validate,
    async validateLines(document, startLine, endLine) {
      const start = document.offsetAt({ line: startLine, character: 0 });
      const end = document.offsetAt({ line: endLine, character: 0 });
      const text = "\n".repeat(startLine) + document.getText().slice(start, end);
      // A uri of its own: yaml-language-server caches parses by uri and version.
      return validate(TextDocument.create(`${document.uri}#lines`, document.languageId, ++sliceVersion, text));
    },
    async complete(document, position) {
      return (await languageService.doComplete(document, position, true)) as CompletionList;
    },
    async hover(document, position) {
      return (await languageService.doHover(document, position)) as Hover | null;
    },
    setCrdSchemas(crdSchemas) {
      configure(crdSchemas);
    },
  };
}
