// Builds the schema the service validates with: built-in kinds + custom resources, and its variant for partial objects.
import { crdKey, type CrdSchema, type JsonSchema } from "./crdSchemas.js";

const OBJECT_META_REF = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

type Dispatch = { if?: { properties?: { apiVersion: { const: string }; kind: { const: string } } } };

function builtInKinds(schema: JsonSchema): Set<string> {
  const seen = new Set<string>();
  for (const entry of (schema.allOf as Dispatch[] | undefined) ?? []) {
    const p = entry.if?.properties;
    if (p) seen.add(`${p.apiVersion.const} ${p.kind.const}`);
  }
  return seen;
}

/** Selects one apiVersion + kind exactly, also while completing; the same as kindCondition in scripts/build-schema.mjs. */
export function kindCondition(apiVersion: string, kind: string): JsonSchema {
  const exactly = (value: string) => ({ const: value, minLength: value.length, maxLength: value.length });
  return { type: "object", properties: { apiVersion: exactly(apiVersion), kind: exactly(kind) }, required: ["apiVersion", "kind"] };
}

/**
 * The built-in schema plus one `if apiVersion+kind then $ref` branch and one definition per custom resource.
 * A CRD never overrides a built-in kind; its `metadata` gets the built-in ObjectMeta (completion, hover).
 */
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
    allOf.push({ if: kindCondition(crd.apiVersion, crd.kind), then: { $ref: `#/definitions/${name}` } });
  }
  return { ...schema, allOf, definitions };
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (typeof node !== "object" || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "required" && Array.isArray(value)) continue;
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, withoutRequired(v)])) : withoutRequired(value);
  }
  // Strategic-merge-patch directives ($patch, $setElementOrder/..., $retainKeys, $deleteFromPrimitiveList/...).
  if (out.additionalProperties === false) out.patternProperties = { "^\\$": {} };
  return out;
}

/**
 * The schema for partial objects (kustomize patches): nothing is required and patch directives are allowed; the kind
 * dispatch itself is unchanged, so fields are still checked by name and type.
 */
export function partialObjectsSchema(schema: JsonSchema): JsonSchema {
  return { ...schema, definitions: withoutRequired(schema.definitions ?? {}) };
}
