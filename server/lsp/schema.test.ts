// Tests for the schema layer: per-document validation, hover and completion on the document under the cursor, in file coordinates.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { CompletionList, Hover, Position, Range } from "vscode-languageserver";
import { parseFile, type ParsedFile } from "../../rules/engine.js";
import { ensureKubernetesSchema, repositoryRoot } from "../schema/ensureKubernetesSchema.js";
import { installNetworkGuard, type NetworkGuard } from "../schema/networkGuard.js";
import { createSchemaService, type SchemaService } from "../schema/schemaService.js";
import { objectKindOf, SchemaLayer } from "./schema.js";

let guard: NetworkGuard;
let layer: SchemaLayer;
/** Today's reference: yaml-language-server over the whole file with the whole schema. */
let whole: SchemaService;
const logs: string[] = [];
before(() => {
  guard = installNetworkGuard();
  whole = createSchemaService({ schema: ensureKubernetesSchema() });
  layer = new SchemaLayer(repositoryRoot, (m) => logs.push(m));
});
after(() => guard.restore());

const FILE = `# shop: the config, the web tier, its service (as kubectl prints a List), a custom resource, a document being written
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {mode: production}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
          imagePullPolicy: 
          bogusField: 1
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: web}
    spce: {}
---
apiVersion: example.com/v1
kind: Widget
spec: {anything: [1, 2]}
---
apiVersion: v1

`;

let version = 0;
const open = (text: string) => {
  const doc = TextDocument.create("file:///work/shop.yaml", "yaml", ++version, text);
  return { doc, parsed: parseFile(doc.uri, text) };
};

function rangeOf(text: string, needle: string): Range {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not in text`);
  const d = TextDocument.create("file:///x", "yaml", 0, text);
  return { start: d.positionAt(index), end: d.positionAt(index + needle.length) };
}
const endOf = (text: string, needle: string): Position => rangeOf(text, needle).end;
const hoverText = (h: Hover | null) => (h && typeof h.contents === "object" && "value" in h.contents ? h.contents.value : "");
/** A completion list as its items' labels and edits, order-independent. */
const items = (list: CompletionList | undefined) =>
  (list?.items ?? []).map((i) => JSON.stringify({ label: i.label, textEdit: i.textEdit, insertText: i.insertText })).sort();

test("only a document that is exactly one object of a known kind is narrowed", () => {
  const { parsed } = open(FILE);
  const kinds = parsed.chunks.map((chunk) => objectKindOf(chunk, parsed.objects.filter((o) => o.source.chunk === chunk)));
  assert.deepEqual(kinds, [
    { apiVersion: "v1", kind: "ConfigMap" },
    { apiVersion: "apps/v1", kind: "Deployment" },
    undefined, // a List: its items are objects of their own
    { apiVersion: "example.com/v1", kind: "Widget" }, // unknown to the schema: the service decides
    undefined, // no kind yet
  ]);
});

test("diagnostics per document are those of the whole file, in file coordinates", async () => {
  const { doc, parsed } = open(FILE);
  const found = (await layer.diagnostics(doc, parsed, false)).map((d) => [d.range, d.message]);
  const reference = (await whole.validate(doc)).map((d) => [d.range, d.message]);
  assert.deepEqual(found, reference);
  assert.deepEqual(found, [
    [{ start: endOf(FILE, "imagePullPolicy: "), end: endOf(FILE, "imagePullPolicy: ") }, 'Value is not accepted. Valid values: "Always", "IfNotPresent", "Never".'],
    [rangeOf(FILE, "bogusField"), "Property bogusField is not allowed."],
    // Not `spce` in the List's Service: the schema has no branch for a List, so its items are not checked (as before).
  ]);
  assert.deepEqual(logs, []);
});

test("hover on the second document: its field's docs, the range in file coordinates", async () => {
  const { doc, parsed } = open(FILE);
  const at = rangeOf(FILE, "imagePullPolicy");
  const hover = await layer.hover(doc, at.start, parsed);
  assert.match(hoverText(hover), /Image pull policy/);
  assert.deepEqual(hover?.range, at);
  assert.deepEqual(hover, await whole.hover(doc, at.start));
});

test("hover inside a List item and on a kind the schema does not know: as the whole file", async () => {
  const { doc, parsed } = open(FILE);
  for (const needle of ["metadata: {name: web}", "spec: {anything", "apiVersion: example.com", "kind: List"]) {
    const at = rangeOf(FILE, needle).start;
    assert.deepEqual(await layer.hover(doc, at, parsed), await whole.hover(doc, at), needle);
  }
});

test("hover on a comment outside every document of a multi-document file: none, as the whole file", async () => {
  const { doc, parsed } = open(FILE);
  assert.equal(await layer.hover(doc, { line: 0, character: 3 }, parsed), null);
  assert.equal((await whole.hover(doc, { line: 0, character: 3 })) ?? null, null);
});

test("completion on the second document: enum values, their edits in file coordinates", async () => {
  const { doc, parsed } = open(FILE);
  const position = endOf(FILE, "imagePullPolicy: ");
  const list = await layer.complete(doc, position, parsed);
  assert.deepEqual(list?.items.map((i) => i.label).sort(), ["Always", "IfNotPresent", "Never"]);
  for (const item of list!.items) {
    assert.ok(item.textEdit && "range" in item.textEdit);
    assert.equal(item.textEdit.range.start.line, position.line, `${item.label} edits the cursor's line`);
  }
  assert.deepEqual(items(list), items(await whole.complete(doc, position)));
});

test("completion of field names in the second document's container: as the whole file", async () => {
  const text = FILE.replace("          imagePullPolicy: \n          bogusField: 1\n", "          \n");
  const { doc, parsed } = open(text);
  const position = { line: rangeOf(text, "image: nginx").start.line + 1, character: 10 };
  const list = await layer.complete(doc, position, parsed);
  const labels = list!.items.map((i) => i.label);
  assert.ok(labels.includes("securityContext") && labels.includes("resources"), labels.join());
  assert.ok(!labels.includes("image"), "fields already present are not offered");
  assert.deepEqual(items(list), items(await whole.complete(doc, position)));
});

test("completion in a document without a kind yet: the whole schema still offers it", async () => {
  const { doc, parsed } = open(FILE);
  const position = { line: doc.lineCount - 2, character: 0 }; // the empty line under the last `apiVersion: v1`
  const list = await layer.complete(doc, position, parsed);
  assert.ok(list!.items.some((i) => i.label === "kind"), JSON.stringify(list!.items.map((i) => i.label)));
  assert.deepEqual(items(list), items(await whole.complete(doc, position)));
});

test("a parse of another text is not trusted: the whole file is used", async () => {
  const { doc } = open(FILE);
  const stale: ParsedFile = parseFile(doc.uri, FILE.replace("imagePullPolicy: ", "imagePullPolicy: Always"));
  const position = endOf(FILE, "imagePullPolicy: ");
  assert.deepEqual(items(await layer.complete(doc, position, stale)), items(await whole.complete(doc, position)));
});

test("nothing tried to reach the network", () => {
  assert.deepEqual(guard.attempts, []);
});
