// Narrows the combined schema to one apiVersion + kind: the branch that kind selects and the definitions it reaches.
import type { JsonSchema } from "./crdSchemas.js";

const DEFINITIONS = "#/definitions/";

type Dispatch = { if?: { properties?: { apiVersion?: { const?: unknown }; kind?: { const?: unknown } } } };

/** The apiVersion and kind an `allOf` entry dispatches on, or undefined when it is not such a branch. */
function dispatchOf(entry: unknown): { apiVersion: string; kind: string } | undefined {
  const p = (entry as Dispatch | null)?.if?.properties;
  const apiVersion = p?.apiVersion?.const, kind = p?.kind?.const;
  return typeof apiVersion === "string" && typeof kind === "string" ? { apiVersion, kind } : undefined;
}

/** Every `apiVersion kind` the schema has a branch for. */
export function schemaKinds(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  for (const entry of (schema.allOf as unknown[] | undefined) ?? []) {
    const d = dispatchOf(entry);
    if (d) out.add(kindKey(d.apiVersion, d.kind));
  }
  return out;
}

export const kindKey = (apiVersion: string, kind: string) => `${apiVersion} ${kind}`;

/** The definition a local `$ref` names, or undefined for any other reference (which the narrowing cannot follow). */
function definitionOf(ref: string): string | undefined {
  if (!ref.startsWith(DEFINITIONS)) return undefined;
  const token = ref.slice(DEFINITIONS.length).split("/")[0];
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * The schema a document of exactly this apiVersion + kind is validated with: the root's own keywords, the `allOf`
 * branches that kind selects (and any entry that is not a kind branch), and only the definitions reachable from them.
 * Every other branch's `if` fails for such a document and contributes nothing, so validation, completion and hover
 * give the same results as with the whole schema — without testing ~260 conditions per document.
 *
 * Returns undefined when the schema has no branch for the kind (see kindlessSchema) or uses a reference this function
 * cannot follow. Shares structure with `schema`: copy it before handing it to yaml-language-server, which writes into
 * schemas while resolving them.
 */
export function kindSchema(schema: JsonSchema, apiVersion: string, kind: string): JsonSchema | undefined {
  const narrowed = narrow(schema, (d) => d.apiVersion === apiVersion && d.kind === kind);
  return narrowed && (narrowed.allOf as unknown[]).some((entry) => dispatchOf(entry)) ? narrowed : undefined;
}

/**
 * The schema without any kind branch: what decides for an object whose apiVersion + kind the schema does not know,
 * since no branch's `if` selects it. Undefined when a reference cannot be followed; shares structure like kindSchema.
 */
export function kindlessSchema(schema: JsonSchema): JsonSchema | undefined {
  return narrow(schema, () => false);
}

function narrow(schema: JsonSchema, keep: (branch: { apiVersion: string; kind: string }) => boolean): JsonSchema | undefined {
  const kept = ((schema.allOf as unknown[] | undefined) ?? []).filter((entry) => {
    const d = dispatchOf(entry);
    return !d || keep(d);
  });
  const definitions = (schema.definitions as Record<string, unknown> | undefined) ?? {};
  const picked = new Set<string>();
  let followable = true;
  const pending: unknown[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { pending.push(...node); return; }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const name = definitionOf(value);
        if (name === undefined || !Object.hasOwn(definitions, name)) followable = false;
        else if (!picked.has(name)) { picked.add(name); pending.push(definitions[name]); }
      } else pending.push(value);
    }
  };
  const { allOf: _allOf, definitions: _definitions, ...root } = schema;
  pending.push(root, kept);
  while (pending.length > 0 && followable) visit(pending.pop());
  if (!followable) return undefined;
  // In the source's order, so anything that iterates the definitions sees no difference.
  const reachable: Record<string, unknown> = {};
  for (const name of Object.keys(definitions)) if (picked.has(name)) reachable[name] = definitions[name];
  return { ...root, allOf: kept, definitions: reachable };
}
