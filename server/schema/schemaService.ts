// Structural validation, completion and hover for Kubernetes YAML through yaml-language-server's language service, offline.
import { getLanguageService, type LanguageService } from "yaml-language-server";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionList, Diagnostic, Hover, Position } from "vscode-languageserver-types";
import type { CrdSchema, JsonSchema } from "./crdSchemas.js";
import { combineSchemas, partialObjectsSchema } from "./combineSchemas.js";
import { kindKey, kindlessSchema, kindSchema, schemaKinds } from "./kindSchema.js";
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

/** The apiVersion and kind of the one Kubernetes object a text holds, as the rule engine read them. */
export interface ObjectKind { apiVersion: string; kind: string }

export interface KindOptions {
  /**
   * The text is one YAML document holding one object of this apiVersion + kind (read from a parse without errors): it
   * is then checked against that kind's part of the schema only, with the same findings, several times faster (see
   * kindSchema). A kind the schema does not know is validated against the root alone, which is all the whole schema
   * would apply to it. Leave it out for anything else (several documents, a `kind: List`, no kind yet): the whole
   * schema decides.
   */
  kind?: ObjectKind;
}

export interface ValidateOptions extends KindOptions {
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
  complete(document: TextDocument, position: Position, options?: KindOptions): Promise<CompletionList>;
  hover(document: TextDocument, position: Position, options?: KindOptions): Promise<Hover | null>;
  /** Replaces the custom resource schemas; the next call of a custom resource's kind (or of none) re-resolves its schema. */
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

const KINDLESS = "";
/** Per-kind language services kept at most: a workspace uses a few dozen kinds; each narrowed schema is small. */
const KIND_SERVICES = 32;

export function createSchemaService(options: SchemaServiceOptions): SchemaService {
  let combined = combineSchemas(options.schema, options.crdSchemas ?? []);
  let kinds = schemaKinds(combined);
  /** Kinds whose part of the schema no CRD can change (combineSchemas never lets a CRD override a built-in kind). */
  const builtIn = schemaKinds(options.schema);
  // Both built on first use: once kinds are known, the whole schema serves only documents without one (and most
  // workspaces have no patches).
  let whole: LanguageService | undefined;
  let partial: LanguageService | undefined;
  /** Least recently used first. */
  const byKind = new Map<string, LanguageService>();
  let sliceVersion = 0;

  const wholeService = (isPartial: boolean): LanguageService => isPartial
    ? (partial ??= offlineLanguageService(PARTIAL_SCHEMA_URI, partialObjectsSchema(combined)))
    : (whole ??= offlineLanguageService(KUBERNETES_SCHEMA_URI, combined));

  /**
   * The service for one object of `kind`: its kind's branch of the schema, or — for a kind the schema does not know,
   * when `unknown` is "kindless" — the root without any branch (no branch of the whole schema selects such an object
   * either, so the findings are the same). Everything else gets the whole schema.
   */
  const serviceFor = (isPartial: boolean, kind: ObjectKind | undefined, unknown: "kindless" | "whole"): LanguageService => {
    if (!kind) return wholeService(isPartial);
    const known = kinds.has(kindKey(kind.apiVersion, kind.kind));
    if (!known && unknown === "whole") return wholeService(isPartial);
    const key = `${isPartial ? "partial" : "whole"}|${known ? kindKey(kind.apiVersion, kind.kind) : KINDLESS}`;
    let service = byKind.get(key);
    if (service) {
      byKind.delete(key); // to the most recently used end
    } else {
      const narrowed = known ? kindSchema(combined, kind.apiVersion, kind.kind) : kindlessSchema(combined);
      if (!narrowed) return wholeService(isPartial); // a reference kindSchema cannot follow: not from our generator
      service = offlineLanguageService(isPartial ? PARTIAL_SCHEMA_URI : KUBERNETES_SCHEMA_URI, isPartial ? partialObjectsSchema(narrowed) : narrowed);
      if (byKind.size >= KIND_SERVICES) byKind.delete(byKind.keys().next().value!);
    }
    byKind.set(key, service);
    return service;
  };

  const validate = async (document: TextDocument, opts: ValidateOptions = {}): Promise<SchemaDiagnostic[]> => {
    const service = serviceFor(opts.partial === true, opts.kind, "kindless");
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
    async complete(document, position, opts = {}) {
      return (await serviceFor(false, opts.kind, "whole").doComplete(document, position, true)) as CompletionList;
    },
    async hover(document, position, opts = {}) {
      return (await serviceFor(false, opts.kind, "whole").doHover(document, position)) as Hover | null;
    },
    setCrdSchemas(crdSchemas) {
      combined = combineSchemas(options.schema, crdSchemas);
      kinds = schemaKinds(combined);
      whole = undefined;
      partial = undefined;
      // Built-in kinds and the kindless root keep their services: typing in a CRD re-narrows only custom resources.
      for (const key of [...byKind.keys()]) {
        const kind = key.slice(key.indexOf("|") + 1);
        if (kind !== KINDLESS && !builtIn.has(kind)) byKind.delete(key);
      }
    },
  };
}
