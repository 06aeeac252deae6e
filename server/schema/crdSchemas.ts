// Turns apiextensions.k8s.io/v1 CustomResourceDefinition objects into JSON schemas keyed by group/version/kind.

/** A JSON schema as plain data; structural OpenAPI v3 from a CRD is a subset of draft-07 plus `x-kubernetes-*` keys. */
export type JsonSchema = { [key: string]: unknown };

/** One served version of one custom resource, ready to be dispatched on apiVersion + kind. */
export interface CrdSchema {
  group: string;
  version: string;
  kind: string;
  /** `group/version`, the value a custom resource carries in `apiVersion`. */
  apiVersion: string;
  schema: JsonSchema;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The standard `apiVersion`, `kind` and `metadata` every custom resource has, whatever its CRD declares. */
function typeMetaProperties(apiVersion: string, kind: string): Record<string, JsonSchema> {
  return {
    apiVersion: { type: "string", const: apiVersion, description: "APIVersion defines the versioned schema of this representation of an object." },
    kind: { type: "string", const: kind, description: "Kind is a string value representing the REST resource this object represents." },
    metadata: { type: "object", description: "Standard object's metadata." },
  };
}

/**
 * Rewrites a structural openAPIV3Schema for editor validation: closes objects that list their properties
 * (the API server prunes unknown fields, so an unknown field is a mistake), except where the CRD says
 * `x-kubernetes-preserve-unknown-fields`; `x-kubernetes-int-or-string` becomes a type union; `nullable` and being
 * optional widen the type to null.
 */
export function structuralToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structuralToJsonSchema);
  if (!isRecord(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && isRecord(value)) {
      const props: JsonSchema = {};
      for (const [name, sub] of Object.entries(value)) props[name] = structuralToJsonSchema(sub);
      out.properties = props;
    } else if (key === "nullable" || key.startsWith("x-kubernetes-")) {
      continue;
    } else {
      out[key] = structuralToJsonSchema(value);
    }
  }
  if (node["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.type = ["integer", "string"];
  }
  if (node.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (isRecord(out.properties)) acceptNullInOptional(out.properties, Array.isArray(out.required) ? out.required : []);
  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
  if (out.properties !== undefined && out.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  return out;
}

/** The API server drops `field: null` before validating (it is "not set"), so an optional field also accepts null. */
function acceptNullInOptional(properties: JsonSchema, required: unknown[]): void {
  for (const [name, prop] of Object.entries(properties)) {
    if (required.includes(name) || !isRecord(prop)) continue;
    if (typeof prop.type === "string") {
      const type = prop.type;
      prop.type = [type, "null"];
      // The usual wording, not "one of string, null"; objects cannot: it would replace "Property x is not allowed".
      if (type !== "object" && !("enum" in prop) && !("const" in prop) && !("pattern" in prop) && !("format" in prop)) {
        prop.errorMessage = `Incorrect type. Expected "${type}".`;
      }
    } else if (Array.isArray(prop.type) && !prop.type.includes("null")) prop.type = [...prop.type, "null"];
  }
}

/**
 * The schemas of a CRD, one per version that has an `openAPIV3Schema` (served or not: a manifest may still
 * target it). Anything that is not a v1 CRD with group and kind yields nothing; this never throws.
 */
export function crdToSchemas(crd: unknown): CrdSchema[] {
  if (!isRecord(crd) || crd.apiVersion !== "apiextensions.k8s.io/v1" || crd.kind !== "CustomResourceDefinition") return [];
  const spec = crd.spec;
  if (!isRecord(spec) || typeof spec.group !== "string" || !isRecord(spec.names) || typeof spec.names.kind !== "string") return [];
  const group = spec.group;
  const kind = spec.names.kind;
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const result: CrdSchema[] = [];
  for (const v of versions) {
    if (!isRecord(v) || typeof v.name !== "string") continue;
    const validation = v.schema;
    const openAPI = isRecord(validation) ? validation.openAPIV3Schema : undefined;
    if (!isRecord(openAPI)) continue;
    const apiVersion = `${group}/${v.name}`;
    const converted = structuralToJsonSchema(openAPI) as JsonSchema;
    const properties = { ...(isRecord(converted.properties) ? converted.properties : {}), ...typeMetaProperties(apiVersion, kind) };
    const described = typeof converted.description === "string" ? {} : { description: `${kind} (${apiVersion}), from its CustomResourceDefinition.` };
    result.push({ group, version: v.name, kind, apiVersion, schema: { ...described, ...converted, type: "object", properties } });
  }
  return result;
}

/** The key a custom resource schema is stored under: `group/version/kind`. */
export const crdKey = (s: Pick<CrdSchema, "group" | "version" | "kind">): string => `${s.group}/${s.version}/${s.kind}`;
