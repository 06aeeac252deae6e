// Structural validation, completion and hover for Kubernetes YAML through yaml-language-server's language service, offline.
import { getLanguageService, type LanguageService } from "yaml-language-server";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionList, Diagnostic, Hover, Position } from "vscode-languageserver-types";
import type { CrdSchema, JsonSchema } from "./crdSchemas.js";
import { combineSchemas, partialObjectsSchema } from "./combineSchemas.js";
import { offlineSchemaRequests } from "./offlineSchemaRequests.js";

/** Where the combined schema is registered; never fetched: it is handed to the service inline. */
export const KUBERNETES_SCHEMA_URI = "kubeready-schema:///kubernetes.json";
/** The same for partial objects (kustomize patches). */
export const PARTIAL_SCHEMA_URI = "kubeready-schema:///kubernetes-partial.json";
/** `source` of every diagnostic this service reports, so the LSP layer can tell them from rule findings. */
export const SCHEMA_DIAGNOSTIC_SOURCE = "kubeready-schema";
/** The `source` yaml-language-server gives YAML syntax errors, and also schema load failures. */
const YAML_SYNTAX_SOURCE = "YAML";
/** yaml-language-server's ErrorCode.SchemaResolveError: codes from here up say a schema could not be loaded. */
const SCHEMA_RESOLVE_ERROR = 0x10000;
const isSyntaxError = (d: Diagnostic) => d.source === YAML_SYNTAX_SOURCE && !(typeof d.code === "number" && d.code >= SCHEMA_RESOLVE_ERROR);

/** yaml-language-server only ever reports plain-text messages; LSP 3.18 also allows markup, so pin it down. */
export type SchemaDiagnostic = Diagnostic & { message: string };

export interface SchemaServiceOptions {
  /** The built-in schema produced by scripts/build-schema.mjs (parsed JSON). */
  schema: JsonSchema;
  /** Custom resource schemas from the CRDs in scope (see crdToSchemas). */
  crdSchemas?: readonly CrdSchema[];
}

export interface ValidateOptions {
  /** A kustomize patch or other partial object: no "Missing property", and `$patch`-style directives are allowed. */
  partial?: boolean;
  /** Also report YAML syntax errors (default false: the rule engine's parser reports those, and knows Helm templates). */
  syntaxErrors?: boolean;
}

export interface SchemaService {
  /** Validates every YAML document of the file: ~250 ms for 5,000 lines, so not per keystroke on big files. */
  validate(document: TextDocument, options?: ValidateOptions): Promise<SchemaDiagnostic[]>;
  /**
   * Validates only lines [startLine, endLine) of `document` (one or more whole YAML documents, without their `---`),
   * reported in the document's own coordinates: what a keystroke should cost. The lines before are blanked, not
   * removed, so no range needs shifting.
   */
  validateLines(document: TextDocument, startLine: number, endLine: number, options?: ValidateOptions): Promise<SchemaDiagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionList>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
  /** Replaces the custom resource schemas; the next call re-resolves the combined schema. */
  setCrdSchemas(crdSchemas: readonly CrdSchema[]): void;
}

function offlineLanguageService(uri: string, schema: JsonSchema): LanguageService {
  const service = getLanguageService({
    schemaRequestService: offlineSchemaRequests(new Map()),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  service.configure({
    validate: true,
    hover: true,
    completion: true,
    format: false,
    isKubernetes: true,
    hoverSchemaSource: false,
    // A copy: resolving $refs writes into the schema objects, which must stay pristine for the next combination.
    schemas: [{ uri, fileMatch: ["*"], schema: structuredClone(schema), name: "Kubernetes" }],
  });
  return service;
}

export function createSchemaService(options: SchemaServiceOptions): SchemaService {
  let combined = combineSchemas(options.schema, options.crdSchemas ?? []);
  let whole = offlineLanguageService(KUBERNETES_SCHEMA_URI, combined);
  let partial: LanguageService | undefined; // built on first use: most workspaces have no patches
  let sliceVersion = 0;

  const validate = async (document: TextDocument, opts: ValidateOptions = {}): Promise<SchemaDiagnostic[]> => {
    if (opts.partial) partial ??= offlineLanguageService(PARTIAL_SCHEMA_URI, partialObjectsSchema(combined));
    const service = opts.partial ? partial! : whole;
    const diagnostics = (await service.doValidation(document, true)) as Diagnostic[];
    return diagnostics
      .filter((d) => opts.syntaxErrors || !isSyntaxError(d))
      .map((d) => ({ ...d, message: String(d.message), source: SCHEMA_DIAGNOSTIC_SOURCE }));
  };
  return {
    validate,
    async validateLines(document, startLine, endLine, opts) {
      const start = document.offsetAt({ line: startLine, character: 0 });
      const end = document.offsetAt({ line: endLine, character: 0 });
      const text = "\n".repeat(startLine) + document.getText().slice(start, end);
      // A uri of its own: yaml-language-server caches parses by uri and version.
      return validate(TextDocument.create(`${document.uri}#lines`, document.languageId, ++sliceVersion, text), opts);
    },
    async complete(document, position) {
      return (await whole.doComplete(document, position, true)) as CompletionList;
    },
    async hover(document, position) {
      return (await whole.doHover(document, position)) as Hover | null;
    },
    setCrdSchemas(crdSchemas) {
      combined = combineSchemas(options.schema, crdSchemas);
      whole = offlineLanguageService(KUBERNETES_SCHEMA_URI, combined);
      partial = undefined;
    },
  };
}
