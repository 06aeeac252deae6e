// Tests for the embedded schema service: validation ranges, completion, hover, CRDs; the network is disabled throughout.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Hover, Position, Range } from "vscode-languageserver-types";
import { crdToSchemas } from "./crdSchemas.js";
import { ensureKubernetesSchema } from "./ensureKubernetesSchema.js";
import { installNetworkGuard, type NetworkGuard } from "./networkGuard.js";
import { createSchemaService, SCHEMA_DIAGNOSTIC_SOURCE, type SchemaService } from "./schemaService.js";

let guard: NetworkGuard;
let service: SchemaService;
let version = 0;
before(() => {
  guard = installNetworkGuard();
  service = createSchemaService({ schema: ensureKubernetesSchema() });
});
after(() => {
  guard.restore();
});

const doc = (text: string) => TextDocument.create(`file:///test/doc${++version}.yaml`, "yaml", version, text);

/** The range of the `occurrence`-th `needle` in `text` (0-based lines and characters). */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} not in text`);
  const d = TextDocument.create("file:///x", "yaml", 0, text);
  return { start: d.positionAt(index), end: d.positionAt(index + needle.length) };
}
const endOf = (text: string, needle: string): Position => rangeOf(text, needle).end;

/** The markdown of a hover, or "" when there is none. */
function hoverText(hover: Hover | null): string {
  const c = hover?.contents;
  if (!c) return "";
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((m) => (typeof m === "string" ? m : m.value)).join("\n");
  return c.value;
}

const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
${container}`;

test("a valid multi-document manifest has no schema errors", async () => {
  const text = `${deployment("          imagePullPolicy: IfNotPresent\n")}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
# an empty document, as a trailing separator leaves
---
`;
  assert.deepEqual(await service.validate(doc(text)), []);
});

test("fields newer than kubernetes-models@3 (sidecars, user namespaces, AppArmor) are known", async () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostUsers: false
  initContainers:
    - {name: proxy, image: envoy:1.31, restartPolicy: Always}
  containers:
    - name: app
      image: app:1.0
      securityContext:
        appArmorProfile: {type: RuntimeDefault}
`;
  assert.deepEqual(await service.validate(doc(text)), []);
  const wrong = text.replace("hostUsers: false", "hostUsers: nope");
  assert.deepEqual((await service.validate(doc(wrong))).map((d) => d.range), [rangeOf(wrong, "nope")]);
});

test("unknown fields and wrong types are reported on the offending key or value", async () => {
  const cases: { name: string; text: string; range: Range; message: RegExp }[] = [
    (() => {
      const text = deployment("          imagePullPolicy: Always\n          bogusField: 1\n");
      return { name: "unknown field in a container", text, range: rangeOf(text, "bogusField"), message: /Property bogusField is not allowed/ };
    })(),
    (() => {
      const text = deployment("").replace("replicas: 2", 'replicas: "two"');
      return { name: "string where an integer is expected", text, range: rangeOf(text, '"two"'), message: /Incorrect type. Expected "integer"/ };
    })(),
    (() => {
      const text = deployment("          imagePullPolicy: Sometimes\n");
      return { name: "value outside an enum", text, range: rangeOf(text, "Sometimes"), message: /Valid values: "Always", "IfNotPresent", "Never"/ };
    })(),
    (() => {
      const text = deployment("          ports: 80\n");
      return { name: "scalar where a list is expected", text, range: rangeOf(text, "80"), message: /Incorrect type. Expected "array"/ };
    })(),
    (() => {
      const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspce: {}\n";
      return { name: "unknown field in the second document", text, range: rangeOf(text, "spce"), message: /Property spce is not allowed/ };
    })(),
  ];
  for (const c of cases) {
    const diagnostics = await service.validate(doc(c.text));
    assert.equal(diagnostics.length, 1, `${c.name}: ${JSON.stringify(diagnostics)}`);
    assert.deepEqual(diagnostics[0].range, c.range, c.name);
    assert.match(diagnostics[0].message, c.message, c.name);
    assert.equal(diagnostics[0].source, SCHEMA_DIAGNOSTIC_SOURCE);
  }
});

test("validateLines checks only the given YAML document and reports in file coordinates", async () => {
  const first = deployment("          bogusOne: 1\n");
  const text = `${first}---\n${deployment("          bogusTwo: 2\n")}`;
  const secondStart = first.split("\n").length; // the line after `---`
  const d = doc(text);
  const onlySecond = await service.validateLines(d, secondStart, d.lineCount);
  assert.deepEqual(onlySecond.map((x) => [x.range, x.message]), [[rangeOf(text, "bogusTwo"), "Property bogusTwo is not allowed."]]);
  const onlyFirst = await service.validateLines(d, 0, secondStart - 1);
  assert.deepEqual(onlyFirst.map((x) => [x.range, x.message]), [[rangeOf(text, "bogusOne"), "Property bogusOne is not allowed."]]);
});

test("documents of unknown kinds and non-Kubernetes YAML are not reported", async () => {
  const text = "apiVersion: example.com/v1\nkind: Widget\nspec: {anything: [1, 2]}\n---\nfoo: bar\n";
  assert.deepEqual(await service.validate(doc(text)), []);
});

test("enum values are completed for imagePullPolicy", async () => {
  const text = deployment("          imagePullPolicy: \n");
  const list = await service.complete(doc(text), endOf(text, "imagePullPolicy: "));
  assert.deepEqual(list.items.map((i) => i.label).sort(), ["Always", "IfNotPresent", "Never"]);
});

test("field names are completed inside a container, without the ones already present", async () => {
  const text = deployment("          \n");
  const position = { line: 16, character: 10 };
  const labels = (await service.complete(doc(text), position)).items.map((i) => i.label);
  for (const expected of ["securityContext", "resources", "imagePullPolicy", "livenessProbe", "env"]) {
    assert.ok(labels.includes(expected), `${expected} missing from ${labels.join(",")}`);
  }
  assert.ok(!labels.includes("image") && !labels.includes("name"), "already present fields are not offered");
  assert.ok(!labels.includes("replicas"), "Deployment fields are not offered in a container");
});

test("hover shows the field's description", async () => {
  const text = deployment("          imagePullPolicy: Always\n");
  const hover = await service.hover(doc(text), rangeOf(text, "imagePullPolicy").start);
  assert.match(hoverText(hover), /Image pull policy\. One of Always, Never, IfNotPresent/);
  assert.deepEqual(hover?.range, rangeOf(text, "imagePullPolicy"));
});

test("a custom resource validates once its CRD is in scope", async () => {
  const crd = parse(readFileSync(join(__dirname, "fixtures", "certificate-crd.yaml"), "utf8"));
  const certificate = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web-tls
  labels: {app: web}
spec:
  secretName: web-tls
  dnsNames: [web.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
  privateKey: {algorithm: ECDSA, size: 256}
  keystores: {pkcs12: {create: true}}
`;
  const broken = certificate.replace("  dnsNames: [web.example.com]", "  dnsNames: web.example.com\n  renewBefre: 720h");
  assert.deepEqual(await service.validate(doc(broken)), [], "without its CRD a custom resource is not checked");

  service.setCrdSchemas(crdToSchemas(crd));
  assert.deepEqual(await service.validate(doc(certificate)), []);
  const diagnostics = await service.validate(doc(broken));
  const found = diagnostics.map((d) => ({ range: d.range, message: d.message })).sort((a, b) => a.range.start.line - b.range.start.line);
  assert.deepEqual(found, [
    { range: rangeOf(broken, "web.example.com"), message: 'Incorrect type. Expected "array".' },
    { range: rangeOf(broken, "renewBefre"), message: "Property renewBefre is not allowed." },
  ]);

  const algorithm = certificate.replace("algorithm: ECDSA", "algorithm: ");
  const items = (await service.complete(doc(algorithm), endOf(algorithm, "algorithm: "))).items.map((i) => i.label);
  assert.deepEqual(items.sort(), ["ECDSA", "Ed25519", "RSA"]);
  const hover = await service.hover(doc(certificate), rangeOf(certificate, "secretName").start);
  assert.match(hoverText(hover), /Name of the Secret resource/);

  service.setCrdSchemas([]);
  assert.deepEqual(await service.validate(doc(broken)), [], "removing the CRD removes its schema");
});

test("a kustomize patch (partial object) is checked by field name and type, not for missing fields", async () => {
  const patch = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          resources: {limits: {memory: 1Gi}}
        - name: sidecar
          $patch: delete
`;
  const whole = (await service.validate(doc(patch))).map((d) => d.message).sort();
  assert.deepEqual(whole, ['Missing property "selector".', "Property $patch is not allowed."]);
  assert.deepEqual(await service.validate(doc(patch), { partial: true }), []);
  const typo = patch.replace("resources:", "resource:");
  assert.deepEqual((await service.validate(doc(typo), { partial: true })).map((d) => [d.range, d.message]), [
    [rangeOf(typo, "resource"), "Property resource is not allowed."],
  ]);
});

test("YAML syntax errors are left to the rule engine unless asked for", async () => {
  const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 'c}\n";
  assert.deepEqual(await service.validate(doc(text)), []);
  assert.ok((await service.validate(doc(text), { syntaxErrors: true })).length > 0);
});

test("null stands for an unset optional field, as the API server reads it", async () => {
  const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: null\ndata:\n";
  assert.deepEqual(await service.validate(doc(text)), []);
});

test("a $schema modeline pointing at the network fails closed without any connection", async () => {
  const text = "# yaml-language-server: $schema=https://example.invalid/schema.json\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
  const diagnostics = await service.validate(doc(text));
  assert.ok(diagnostics.some((d) => /Unable to load schema/.test(d.message)), JSON.stringify(diagnostics));
});

test("nothing tried to reach the network", () => {
  assert.deepEqual(guard.attempts, []);
});
