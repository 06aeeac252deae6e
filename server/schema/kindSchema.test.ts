// Tests for validating against one kind's part of the schema: the same diagnostics as the whole schema, case by case.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { TextDocument } from "vscode-languageserver-textdocument";
import { crdToSchemas, type JsonSchema } from "./crdSchemas.js";
import { ensureKubernetesSchema } from "./ensureKubernetesSchema.js";
import { kindlessSchema, kindSchema } from "./kindSchema.js";
import { installNetworkGuard, type NetworkGuard } from "./networkGuard.js";
import { createSchemaService, type ObjectKind, type SchemaService, type ValidateOptions } from "./schemaService.js";

let guard: NetworkGuard;
let schema: JsonSchema;
let service: SchemaService;
let version = 0;
before(() => {
  guard = installNetworkGuard();
  schema = ensureKubernetesSchema();
  service = createSchemaService({ schema });
});
after(() => guard.restore());

const doc = (text: string) => TextDocument.create(`file:///test/kind${++version}.yaml`, "yaml", version, text);
const DEPLOYMENT: ObjectKind = { apiVersion: "apps/v1", kind: "Deployment" };
const CERTIFICATE: ObjectKind = { apiVersion: "cert-manager.io/v1", kind: "Certificate" };
const certificateCrd = () => parse(readFileSync(join(__dirname, "fixtures", "certificate-crd.yaml"), "utf8"));

/** Diagnostics as `[line, message]`, sorted: what a reader checks. */
const summary = (ds: { range: { start: { line: number } }; message: string }[]) =>
  ds.map((d) => [d.range.start.line, d.message] as const).sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));

/** Validates with the whole schema and with `kind`'s part, asserts both agree exactly, and returns the summary. */
async function bothWays(text: string, kind: ObjectKind, options: ValidateOptions = {}) {
  const whole = await service.validate(doc(text), options);
  const narrowed = await service.validate(doc(text), { ...options, kind });
  assert.deepEqual(narrowed, whole, `${kind.kind}: the narrowed schema must report exactly what the whole one does`);
  return summary(narrowed);
}

const deployment = (extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 8080, name: http}]
          resources: {limits: {memory: 1Gi}}
${extra}`;

test("a kind's schema holds its branch and only the definitions it reaches", () => {
  const configMap = kindSchema(schema, "v1", "ConfigMap")!;
  const branches = configMap.allOf as { if: { properties: { kind: { const: string } } } }[];
  assert.deepEqual(branches.map((b) => b.if.properties.kind.const), ["ConfigMap"]);
  const names = Object.keys(configMap.definitions as object);
  assert.ok(names.includes("io.k8s.api.core.v1.ConfigMap") && names.includes("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), names.join());
  assert.ok(!names.includes("io.k8s.api.core.v1.PodSpec"), "a ConfigMap reaches no pod spec");
  assert.ok(Object.keys(kindSchema(schema, "apps/v1", "Deployment")!.definitions as object).includes("io.k8s.api.core.v1.PodSpec"));
  assert.deepEqual(configMap.properties, schema.properties, "the root's apiVersion and kind (completion examples) stay");
  assert.equal(kindSchema(schema, "example.com/v1", "Widget"), undefined, "a kind the schema lacks has no part of it");
  assert.equal(kindSchema(schema, "v1", "Deployment"), undefined, "apiVersion and kind select together");
  assert.deepEqual(kindlessSchema(schema)!.allOf, []);
});

test("a valid Deployment: nothing either way", async () => {
  assert.deepEqual(await bothWays(deployment(), DEPLOYMENT), []);
});

test("an invalid Deployment: the same findings, ranges and messages", async () => {
  const text = deployment("          imagePullPolicy: Sometimes\n          bogusField: 1\n      hostNetwork: yes\n")
    .replace("replicas: 2", 'replicas: "two"')
    .replace("  selector:\n    matchLabels: {app: web}\n", "");
  assert.deepEqual(await bothWays(text, DEPLOYMENT), [
    [5, 'Missing property "selector".'],
    [6, 'Incorrect type. Expected "integer".'],
    [17, 'Value is not accepted. Valid values: "Always", "IfNotPresent", "Never".'],
    [18, "Property bogusField is not allowed."],
    [19, 'Incorrect type. Expected "boolean".'],
  ]);
});

test("the kind decides: a Deployment checked as a ConfigMap matches no branch", async () => {
  // What makes the test above meaningful: the hint is not ignored.
  const text = deployment("          bogusField: 1\n");
  assert.equal((await service.validate(doc(text), { kind: DEPLOYMENT })).length, 1);
  assert.deepEqual(await service.validate(doc(text), { kind: { apiVersion: "v1", kind: "ConfigMap" } }), []);
});

test("a kind the schema does not know: nothing either way, also with a structure that would be wrong elsewhere", async () => {
  const text = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, bogus: 1}\nspec: {anything: [1, 2]}\n";
  assert.deepEqual(await bothWays(text, { apiVersion: "example.com/v1", kind: "Widget" }), []);
  const modeline = `# yaml-language-server: $schema=https://example.invalid/widget.json\n${text}`;
  const found = await bothWays(modeline, { apiVersion: "example.com/v1", kind: "Widget" });
  assert.ok(found.some(([, m]) => /Unable to load schema/.test(m)), "a modeline still decides, and fails closed");
});

test("a custom resource: its CRD's schema once in scope, nothing once it is gone", async () => {
  const certificate = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web-tls}
spec:
  secretName: web-tls
  dnsNames: web.example.com
  renewBefre: 720h
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
`;
  assert.deepEqual(await bothWays(certificate, CERTIFICATE), [], "no CRD, no schema");
  service.setCrdSchemas(crdToSchemas(certificateCrd()));
  try {
    assert.deepEqual(await bothWays(certificate, CERTIFICATE), [[5, 'Incorrect type. Expected "array".'], [6, "Property renewBefre is not allowed."]]);
    assert.deepEqual(await bothWays(deployment("          bogusField: 1\n"), DEPLOYMENT), [[19, "Property bogusField is not allowed."]], "built-in kinds are unaffected");
  } finally {
    service.setCrdSchemas([]);
  }
  assert.deepEqual(await bothWays(certificate, CERTIFICATE), [], "removing the CRD removes its narrowed schema too");
});

test("a kustomize patch (partial object): field names and types, no missing fields, directives allowed", async () => {
  const patch = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          resource: {limits: {memory: 1Gi}}
        - name: sidecar
          $patch: delete
`;
  assert.deepEqual(await bothWays(patch, DEPLOYMENT, { partial: true }), [[8, "Property resource is not allowed."]]);
  assert.deepEqual(await bothWays(patch, DEPLOYMENT), [
    [3, 'Missing property "selector".'],
    [8, "Property resource is not allowed."],
    [10, "Property $patch is not allowed."],
  ]);
});

test("null for an optional field and syntax errors on request behave the same", async () => {
  const configMap: ObjectKind = { apiVersion: "v1", kind: "ConfigMap" };
  assert.deepEqual(await bothWays("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: null\ndata:\n", configMap), []);
  const broken = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 'b}\n";
  assert.ok((await bothWays(broken, configMap, { syntaxErrors: true })).length > 0);
});

test("nothing tried to reach the network", () => {
  assert.deepEqual(guard.attempts, []);
});
