// Builds schemas/generated/kubernetes.json, one offline JSON schema for every built-in kind, from kubernetes-models@3.
//
// kubernetes-models@3 ships each OpenAPI definition as a plain JSON-schema object (in `_schemas/*.js`) and the
// descriptions as JSDoc on the matching `.d.ts` interfaces; later majors ship compiled validators only.
// We load the schema objects with a stand-in for `@kubernetes-models/validate` (so nothing is compiled),
// read the descriptions with the TypeScript parser, and emit draft-07 with `#/definitions/...` refs.
// The root dispatches on apiVersion+kind through `allOf: [{if, then}]`, so an unknown kind (a CRD whose
// schema is not in scope) is never reported. Usage: node scripts/build-schema.mjs [--out FILE]
import { createRequire } from "node:module";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const outArg = process.argv.indexOf("--out");
const outFile = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, "schemas/generated/kubernetes.json");

/** A package's folder, found from its main file: these packages do not export `./package.json`. */
function packageDir(req, name) {
  let dir = dirname(req.resolve(name));
  while (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== name) dir = dirname(dir);
  return dir;
}
const modelsDir = packageDir(require, "kubernetes-models");
const modelsVersion = JSON.parse(readFileSync(join(modelsDir, "package.json"), "utf8")).version;
const machineryDir = packageDir(createRequire(join(modelsDir, "package.json")), "@kubernetes-models/apimachinery");
const packageDirs = [modelsDir, machineryDir];

/** Loads every `_schemas/*.js` with a fake `register` that records (id, schema) instead of compiling it. */
function loadRawSchemas() {
  const raw = new Map();
  const Module = require("node:module");
  const realLoad = Module._load;
  const stub = { register: (id, schema) => { raw.set(id, schema); } };
  Module._load = function (request, parent, isMain) {
    if (request === "@kubernetes-models/validate") return stub;
    return realLoad.call(this, request, parent, isMain);
  };
  try {
    for (const dir of packageDirs) {
      const schemasDir = join(dir, "_schemas");
      for (const name of readdirSync(schemasDir).filter((n) => n.endsWith(".js")).sort()) {
        require(join(schemasDir, name)).addSchema();
      }
    }
  } finally {
    Module._load = realLoad;
  }
  return raw;
}

function walkFiles(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== "_schemas" && name !== "node_modules" && name !== "dist") walkFiles(p, out); }
    else if (name.endsWith(".js")) out.push(p);
  }
  return out;
}

function jsDocText(node) {
  const docs = node.jsDoc;
  if (!docs || docs.length === 0) return undefined;
  const c = docs[docs.length - 1].comment;
  const text = typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => p.text ?? "").join("") : undefined;
  return text && text.trim() ? text.trim() : undefined;
}

/** id -> { description, properties: {name -> description} }, read from the model `.d.ts` beside each `setSchema` call. */
function loadDescriptions() {
  const docs = new Map();
  for (const dir of packageDirs) {
    for (const file of walkFiles(dir, [])) {
      const js = readFileSync(file, "utf8");
      const m = /setSchema\)\((\w+), "([^"]+)"/.exec(js);
      if (!m) continue;
      const [, className, id] = m;
      let dts;
      try { dts = readFileSync(file.replace(/\.js$/, ".d.ts"), "utf8"); } catch { continue; }
      const sf = ts.createSourceFile("x.d.ts", dts, ts.ScriptTarget.ES2022, true);
      const entry = { description: undefined, properties: {} };
      for (const stmt of sf.statements) {
        if (ts.isInterfaceDeclaration(stmt) && stmt.name.text === `I${className}`) {
          entry.description = jsDocText(stmt);
          for (const member of stmt.members) {
            if (!ts.isPropertySignature(member) || !member.name) continue;
            const name = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : undefined;
            const d = name && jsDocText(member);
            if (d) entry.properties[name] = d;
          }
        }
        if (!entry.description && ts.isClassDeclaration(stmt) && stmt.name?.text === className) entry.description = jsDocText(stmt);
      }
      docs.set(id, entry);
    }
  }
  return docs;
}

const isNullSchema = (s) => s && typeof s === "object" && s.type === "null" && Object.keys(s).length === 1;

/** Rewrites one raw definition: local refs, no OpenAPI `nullable`, `[X, null]` unions collapsed, objects closed. */
function normalize(schema) {
  if (Array.isArray(schema)) return schema.map(normalize);
  if (!schema || typeof schema !== "object") return schema;
  if (Array.isArray(schema.oneOf) && schema.oneOf.length === 2 && schema.oneOf.some(isNullSchema)) {
    const { oneOf, ...rest } = schema;
    return normalize({ ...rest, ...oneOf.find((s) => !isNullSchema(s)) });
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue;
    if (key === "$ref" && typeof value === "string") { out.$ref = `#/definitions/${value.replace(/#$/, "")}`; continue; }
    if (key === "properties") {
      out.properties = {};
      for (const [p, s] of Object.entries(value)) out.properties[p] = normalize(s);
      continue;
    }
    out[key] = normalize(value);
  }
  if (out.properties && out.additionalProperties === undefined && out.type !== undefined) out.additionalProperties = false;
  if (out.properties && out.type === undefined) { out.type = "object"; out.additionalProperties ??= false; }
  return out;
}

/** Scalars that kubernetes-models spells as `oneOf`: a plain type union is cheaper and never "matches multiple". */
const simplified = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: ["string", "integer"] },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: ["string", "number"] },
};

function build() {
  const started = Date.now();
  const raw = loadRawSchemas();
  const docs = loadDescriptions();
  const definitions = {};
  const kinds = [];
  for (const id of [...raw.keys()].sort()) {
    const def = { ...(simplified[id] ?? normalize(raw.get(id))) };
    const doc = docs.get(id);
    if (doc?.description) def.description = doc.description;
    if (doc && def.properties) {
      for (const [p, d] of Object.entries(doc.properties)) {
        if (def.properties[p]) def.properties[p] = { description: d, ...def.properties[p] };
      }
    }
    definitions[id] = def;
    const apiVersions = raw.get(id).properties?.apiVersion?.enum;
    const kindNames = raw.get(id).properties?.kind?.enum;
    if (apiVersions?.length === 1 && kindNames?.length === 1) kinds.push({ apiVersion: apiVersions[0], kind: kindNames[0], id });
  }
  const schema = {
    // Draft-07 keywords, but no `$schema`: yaml-language-server would meta-validate the resolved (cyclic) schema with
    // ajv on every load, which overflows the stack on JSONSchemaProps and costs time for nothing.
    $comment: `Draft-07. Generated by scripts/build-schema.mjs from kubernetes-models@${modelsVersion}. Do not edit.`,
    title: "Kubernetes",
    properties: {
      apiVersion: { type: "string", description: "APIVersion defines the versioned schema of this representation of an object.", examples: [...new Set(kinds.map((k) => k.apiVersion))].sort() },
      kind: { type: "string", description: "Kind is a string value representing the REST resource this object represents.", examples: [...new Set(kinds.map((k) => k.kind))].sort() },
    },
    allOf: kinds.map(({ apiVersion, kind, id }) => ({
      // `type: object` in the condition: `required` alone holds for null, so an empty document would match every kind.
      if: { type: "object", properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ["apiVersion", "kind"] },
      then: { $ref: `#/definitions/${id}` },
    })),
    definitions,
  };
  mkdirSync(dirname(outFile), { recursive: true });
  const text = JSON.stringify(schema);
  writeFileSync(outFile, text);
  console.log(`build-schema: ${outFile}: ${Object.keys(definitions).length} definitions, ${kinds.length} kinds, ${(text.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms`);
}

build();
