// Builds schemas/generated/kubernetes.json, one offline JSON schema for every built-in kind, from kubernetes-models.
//
// Two sources, both npm packages read at build time (nothing is fetched, nothing compiled):
// - kubernetes-models@5 (npm alias `kubernetes-models-v5`): a recent Kubernetes. It ships compiled validators only,
//   so its schemas are rebuilt from its `.d.ts` declarations with the TypeScript parser: property names, required
//   fields, string enums (literal unions), references, maps, and the descriptions (JSDoc).
// - kubernetes-models@3: an older Kubernetes (~1.23) whose `_schemas/*.js` are plain JSON-schema objects. It tells
//   integers from numbers (TypeScript cannot) and keeps the kinds that newer releases removed (extensions/v1beta1...).
// The root dispatches on apiVersion+kind through `allOf: [{if, then}]`, so a kind without a schema (a CRD not in
// scope) is never reported. Usage: node scripts/build-schema.mjs [--out FILE]
import { createRequire } from "node:module";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const outArg = process.argv.indexOf("--out");
const outFile = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, "schemas/generated/kubernetes.json");

/** A package's folder as `req` would find it (several of these packages export neither `./package.json` nor CJS). */
function packageDir(req, name) {
  for (const base of req.resolve.paths(name) ?? []) {
    try { statSync(join(base, name, "package.json")); return join(base, name); } catch { /* next */ }
  }
  throw new Error(`cannot find package ${name}`);
}
const versionOf = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;

function walkFiles(dir, suffix, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!["_schemas", "node_modules", "dist"].includes(name)) walkFiles(p, suffix, out); }
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

/** `io.k8s.api.apps.v1.Deployment` -> `IoK8sApiAppsV1Deployment`, the name kubernetes-models gives files and types. */
const mangle = (id) => id.split(/[.-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("");

function jsDocText(node) {
  const docs = node.jsDoc;
  if (!docs || docs.length === 0) return undefined;
  const c = docs[docs.length - 1].comment;
  const text = typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => p.text ?? "").join("") : undefined;
  return text && text.trim() ? text.trim() : undefined;
}

// ---------------------------------------------------------------- kubernetes-models@3: JSON-schema objects

/** Loads every `_schemas/*.js` with a stand-in `register` that records (id, schema) instead of compiling it. */
function loadV3() {
  const modelsDir = packageDir(require, "kubernetes-models");
  const machineryDir = packageDir(createRequire(join(modelsDir, "package.json")), "@kubernetes-models/apimachinery");
  const raw = new Map();
  const Module = require("node:module");
  const realLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "@kubernetes-models/validate") return { register: (id, schema) => raw.set(id, schema) };
    return realLoad.call(this, request, parent, isMain);
  };
  try {
    for (const dir of [modelsDir, machineryDir]) {
      for (const name of readdirSync(join(dir, "_schemas")).filter((n) => n.endsWith(".js")).sort()) {
        require(join(dir, "_schemas", name)).addSchema();
      }
    }
  } finally {
    Module._load = realLoad;
  }
  const docs = loadV3Descriptions([modelsDir, machineryDir]);
  const definitions = new Map();
  for (const [id, schema] of raw) {
    const def = normalizeV3(schema);
    const doc = docs.get(id);
    if (doc?.description) def.description = doc.description;
    for (const [p, d] of Object.entries(doc?.properties ?? {})) if (def.properties?.[p]) def.properties[p] = { description: d, ...def.properties[p] };
    definitions.set(id, def);
  }
  return { version: versionOf(modelsDir), definitions };
}

/** id -> { description, properties: {name -> description} }, from the model `.d.ts` beside each `setSchema` call. */
function loadV3Descriptions(dirs) {
  const docs = new Map();
  for (const dir of dirs) {
    for (const file of walkFiles(dir, ".js")) {
      const m = /setSchema\)\((\w+), "([^"]+)"/.exec(readFileSync(file, "utf8"));
      if (!m) continue;
      let dts;
      try { dts = readFileSync(file.replace(/\.js$/, ".d.ts"), "utf8"); } catch { continue; }
      const sf = ts.createSourceFile(file, dts, ts.ScriptTarget.ES2022, true);
      const entry = { description: undefined, properties: {} };
      for (const stmt of sf.statements) {
        if (!ts.isInterfaceDeclaration(stmt) || stmt.name.text !== `I${m[1]}`) continue;
        entry.description = jsDocText(stmt);
        for (const member of stmt.members) {
          const name = member.name && (ts.isStringLiteral(member.name) || ts.isIdentifier(member.name)) ? member.name.text : undefined;
          const d = name && jsDocText(member);
          if (d) entry.properties[name] = d;
        }
      }
      docs.set(m[2], entry);
    }
  }
  return docs;
}

const isNullSchema = (s) => s && typeof s === "object" && s.type === "null" && Object.keys(s).length === 1;

/** Local refs, no OpenAPI `nullable`, `[X, null]` unions collapsed to X, objects with properties closed. */
function normalizeV3(schema) {
  if (Array.isArray(schema)) return schema.map(normalizeV3);
  if (!schema || typeof schema !== "object") return schema;
  if (Array.isArray(schema.oneOf) && schema.oneOf.length === 2 && schema.oneOf.some(isNullSchema)) {
    const { oneOf, ...rest } = schema;
    return normalizeV3({ ...rest, ...oneOf.find((s) => !isNullSchema(s)) });
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue;
    if (key === "$ref" && typeof value === "string") out.$ref = `#/definitions/${value.replace(/#$/, "")}`;
    else if (key === "properties") out.properties = Object.fromEntries(Object.entries(value).map(([p, s]) => [p, normalizeV3(s)]));
    else out[key] = normalizeV3(value);
  }
  if (out.properties) { out.type ??= "object"; out.additionalProperties ??= false; }
  return out;
}

// ---------------------------------------------------------------- kubernetes-models@5: TypeScript declarations

/** API group folder of kubernetes-models -> the group segment of the OpenAPI definition ids. */
const groupPrefix = {
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
  "apiregistration.k8s.io": "io.k8s.kube-aggregator.pkg.apis.apiregistration",
  "internal.apiserver.k8s.io": "io.k8s.api.apiserverinternal",
  "flowcontrol.apiserver.k8s.io": "io.k8s.api.flowcontrol",
  "rbac.authorization.k8s.io": "io.k8s.api.rbac",
};

/** The OpenAPI id of a declaration file, checked against the mangled name it exports; the mangled name when unsure. */
function definitionId(pkgRoot, isMachinery, file, mangled) {
  const parts = relative(pkgRoot, file).replace(/\.d\.ts$/, "").split(sep);
  let id;
  if (isMachinery) id = `io.k8s.apimachinery.pkg.${parts.join(".")}`;
  else if (parts.length === 2) id = `io.k8s.api.core.${parts.join(".")}`;
  else id = `${groupPrefix[parts[0]] ?? `io.k8s.api.${parts[0].replace(/\.k8s\.io$/, "")}`}.${parts.slice(1).join(".")}`;
  return mangle(id) === mangled ? id : mangled;
}

/** Every exported interface or type alias of kubernetes-models@5 (and its apimachinery): mangled -> declaration. */
function loadV5Declarations() {
  let modelsDir;
  try { modelsDir = packageDir(require, "kubernetes-models-v5"); } catch { return { version: undefined, declarations: new Map() }; }
  const machineryDir = packageDir(createRequire(join(modelsDir, "package.json")), "@kubernetes-models/apimachinery");
  const declarations = new Map();
  for (const [dir, isMachinery] of [[modelsDir, false], [machineryDir, true]]) {
    for (const file of walkFiles(dir, ".d.ts")) {
      const text = readFileSync(file, "utf8");
      const alias = /export type \{ (\w+) as I(\w+),/.exec(text);
      if (!alias) continue;
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const node = sf.statements.find((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === alias[1]);
      if (node) declarations.set(alias[2], { id: definitionId(dir, isMachinery, file, alias[2]), node });
    }
  }
  return { version: versionOf(modelsDir), declarations };
}

/** A JSON schema for a TypeScript type of kubernetes-models; `{}` (anything) where the type says nothing checkable. */
function schemaFromType(node, idOf) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return { type: "string" };
    case ts.SyntaxKind.NumberKeyword: return { type: "number" };
    case ts.SyntaxKind.BooleanKeyword: return { type: "boolean" };
    case ts.SyntaxKind.ObjectKeyword: return { type: "object" };
  }
  if (ts.isParenthesizedTypeNode(node)) return schemaFromType(node.type, idOf);
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: "string", enum: [node.literal.text] };
  if (ts.isUnionTypeNode(node)) {
    if (node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) return { type: "string", enum: node.types.map((t) => t.literal.text) };
    const parts = node.types.map((t) => schemaFromType(t, idOf));
    if (parts.every((p) => typeof p.type === "string" && Object.keys(p).length === 1)) return { type: [...new Set(parts.map((p) => p.type))] };
    return {};
  }
  if (ts.isArrayTypeNode(node)) return { type: "array", items: schemaFromType(node.elementType, idOf) };
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === "Array" && node.typeArguments?.length === 1) return { type: "array", items: schemaFromType(node.typeArguments[0], idOf) };
    const id = name.startsWith("I") ? idOf(name.slice(1)) : undefined;
    return id ? { $ref: `#/definitions/${id}` } : {};
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
    if (index && node.members.length === 1) return { type: "object", additionalProperties: schemaFromType(index.type, idOf) };
  }
  return {};
}

/** A definition from an interface (an object closed to its members, or open when it declares none) or a type alias. */
function definitionFromDeclaration(node, idOf) {
  const description = jsDocText(node);
  if (ts.isTypeAliasDeclaration(node)) return { ...(description ? { description } : {}), ...schemaFromType(node.type, idOf) };
  const properties = {};
  const required = [];
  let additional = false;
  for (const m of node.members) {
    if (ts.isIndexSignatureDeclaration(m)) { additional = schemaFromType(m.type, idOf); continue; }
    if (!ts.isPropertySignature(m) || !m.name || !m.type) continue;
    const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : undefined;
    if (!name) continue;
    const d = jsDocText(m);
    properties[name] = { ...(d ? { description: d } : {}), ...schemaFromType(m.type, idOf) };
    if (!m.questionToken) required.push(name);
  }
  if (Object.keys(properties).length === 0 && additional === false) {
    // Declared empty: RawExtension is any object; apiextensions' JSON is any JSON value (a CRD `default: 5`).
    return { ...(description ? { description } : {}), ...(node.name.text === "IJSON" ? {} : { type: "object" }) };
  }
  const def = { ...(description ? { description } : {}), type: "object" };
  def.properties = properties;
  if (required.length) def.required = required;
  def.additionalProperties = additional;
  return def;
}

// ---------------------------------------------------------------- merge and emit

/** Where v5 says "number" and v3 says "integer" for the same field, the field is an integer. */
function refineIntegers(v5Def, v3Def) {
  if (!v5Def.properties || !v3Def?.properties) return v5Def;
  for (const [p, s] of Object.entries(v5Def.properties)) {
    const old = v3Def.properties[p];
    if (!old) continue;
    if (s.type === "number" && old.type === "integer") s.type = "integer";
    if (s.type === "array" && s.items?.type === "number" && old.items?.type === "integer") s.items.type = "integer";
    if (s.type === "object" && s.additionalProperties?.type === "number" && old.additionalProperties?.type === "integer") s.additionalProperties.type = "integer";
  }
  return v5Def;
}

/** Scalars both sources spell as unions or aliases: a plain type union is cheap and never "matches multiple". */
const scalarOverrides = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { description: "IntOrString holds an int32 or a string.", type: ["string", "integer"] },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { description: "A fixed-point number such as 500m, 1Gi or 2.", type: ["string", "number"] },
};

/**
 * The API server reads `field: null` as "not set" (a trailing `data:` or `creationTimestamp: null` is common), so every
 * object and every optional field also accepts null. The real type comes first: completion inserts by `type[0]`.
 * `errorMessage` keeps the usual wording for a scalar ("Expected "integer"", not "one of integer, null"); objects
 * cannot have it, it would also replace their "Property x is not allowed".
 */
function acceptNull(definitions) {
  const widen = (schema) => {
    const type = schema.type;
    if (Array.isArray(type)) { if (!type.includes("null")) schema.type = [...type, "null"]; return; }
    if (typeof type !== "string") return;
    schema.type = [type, "null"];
    if (type !== "object" && !schema.enum && !schema.const && !schema.pattern && !schema.format) schema.errorMessage = `Incorrect type. Expected "${type}".`;
  };
  for (const def of Object.values(definitions)) {
    widen(def); // a definition is only ever reached through a field: Time, Quantity, ObjectMeta...
    const required = new Set(def.required ?? []);
    for (const [name, prop] of Object.entries(def.properties ?? {})) {
      if (!required.has(name)) widen(prop);
    }
  }
}

/** The single apiVersion and kind a definition pins, when it is a top-level kind. */
function kindOf(def) {
  const a = def.properties?.apiVersion?.enum;
  const k = def.properties?.kind?.enum;
  return a?.length === 1 && k?.length === 1 ? { apiVersion: a[0], kind: k[0] } : undefined;
}

/**
 * The `if` that selects one kind. `type: object`: `required` alone holds for null, so an empty document would match
 * every kind. The lengths: while completing, yaml-language-server accepts a `const` that merely starts with the value
 * typed, so `kind: Deployment` would also select DeploymentList; a length check keeps the match exact and stays cheap.
 * Keep in step with kindCondition in server/schema/schemaService.ts.
 */
function kindCondition(apiVersion, kind) {
  const exactly = (value) => ({ const: value, minLength: value.length, maxLength: value.length });
  return { type: "object", properties: { apiVersion: exactly(apiVersion), kind: exactly(kind) }, required: ["apiVersion", "kind"] };
}

function build() {
  const started = Date.now();
  const v3 = loadV3();
  const v5 = loadV5Declarations();
  const v3ByMangled = new Map([...v3.definitions.keys()].map((id) => [mangle(id), id]));
  const idOf = (mangled) => v5.declarations.get(mangled)?.id ?? v3ByMangled.get(mangled);
  const merged = new Map(v3.definitions);
  let fromV5 = 0;
  for (const { id, node } of v5.declarations.values()) {
    merged.set(id, refineIntegers(definitionFromDeclaration(node, idOf), v3.definitions.get(id)));
    fromV5++;
  }
  for (const [id, def] of Object.entries(scalarOverrides)) merged.set(id, def);

  const definitions = Object.fromEntries([...merged.keys()].sort().map((id) => [id, merged.get(id)]));
  acceptNull(definitions);
  const kinds = [];
  const seenKinds = new Set();
  for (const [id, def] of Object.entries(definitions)) {
    const k = kindOf(def);
    if (!k || seenKinds.has(`${k.apiVersion} ${k.kind}`)) continue;
    seenKinds.add(`${k.apiVersion} ${k.kind}`);
    kinds.push({ ...k, id });
  }
  const dangling = new Set();
  JSON.stringify(definitions, (key, value) => {
    if (key === "$ref" && typeof value === "string" && !(value.slice("#/definitions/".length) in definitions)) dangling.add(value);
    return value;
  });
  if (dangling.size) throw new Error(`unresolved references: ${[...dangling].slice(0, 10).join(", ")}`);

  const sources = `kubernetes-models@${v5.version ?? "(v5 missing)"} (declarations) and kubernetes-models@${v3.version} (schemas)`;
  const schema = {
    // Draft-07 keywords, but no `$schema`: yaml-language-server would meta-validate the resolved (cyclic) schema with
    // ajv on every load, which overflows the stack on JSONSchemaProps and costs time for nothing.
    $comment: `Draft-07. Generated by scripts/build-schema.mjs from ${sources}. Do not edit.`,
    title: "Kubernetes",
    properties: {
      apiVersion: { type: "string", description: "APIVersion defines the versioned schema of this representation of an object.", examples: [...new Set(kinds.map((k) => k.apiVersion))].sort() },
      kind: { type: "string", description: "Kind is a string value representing the REST resource this object represents.", examples: [...new Set(kinds.map((k) => k.kind))].sort() },
    },
    allOf: kinds.map(({ apiVersion, kind, id }) => ({ if: kindCondition(apiVersion, kind), then: { $ref: `#/definitions/${id}` } })),
    definitions,
  };
  mkdirSync(dirname(outFile), { recursive: true });
  const text = JSON.stringify(schema);
  // Written whole, then renamed: test files that build it concurrently never read half a file.
  const partial = `${outFile}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, outFile);
  console.log(`build-schema: ${relative(process.cwd(), outFile)}: ${merged.size} definitions (${fromV5} from v5), ${kinds.length} kinds, ${(text.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms; from ${sources}`);
}

build();
