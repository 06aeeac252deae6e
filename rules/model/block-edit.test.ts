// Tests for block-style edits (containers, env sources, whole documents) and appendToList with flag-like items.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFile } from "../engine.js";
import { replaceDocument, replacePair } from "./block-edit.js";
import { appendToList, applyTextEdits } from "./edit.js";

const first = (text: string) => parseFile("file:///t.yaml", text).objects[0];
const apply = (text: string, edit: { range: never; newText: string } | { range: unknown; newText: string } | undefined) => {
  assert.ok(edit);
  return applyTextEdits(text, [edit as never]);
};

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: a:1
    args:
    - --one=1
    env:
    - name: TOKEN # keep me
      value: x
`;

describe("appendToList", () => {
  it("puts a new item at the list's dash column even when the items start with '-'", () => {
    const o = first(POD);
    assert.equal(apply(POD, appendToList(o, ["spec", "containers", 0, "args"], ["--two=2"])), POD.replace("    - --one=1\n", "    - --one=1\n    - \"--two=2\"\n"));
  });
});

describe("appendBlockItems", () => {
  it("renders a map item in block style at the list's column (kubectl's flush lists)", () => {
    const o = first(POD);
    const out = apply(POD, appendToList(o, ["spec", "containers"], [{ name: "b", image: "b:1", ports: [{ containerPort: 80 }] }]));
    assert.equal(out, POD + "  - name: b\n    image: \"b:1\"\n    ports:\n    - containerPort: 80\n");
  });
  it("creates a missing list", () => {
    const o = first(POD);
    const out = apply(POD, appendToList(o, ["spec", "volumes"], [{ name: "v", emptyDir: {} }]));
    assert.equal(out, POD + "  volumes:\n  - name: v\n    emptyDir: {}\n");
  });
});

describe("replacePair", () => {
  it("swaps `value:` for `valueFrom:` on the same line and keeps the comment above", () => {
    const o = first(POD);
    const out = apply(POD, replacePair(o, ["spec", "containers", 0, "env", 0, "value"], "valueFrom", { secretKeyRef: { name: "s", key: "token" } }));
    assert.equal(out, POD.replace("      value: x\n", "      valueFrom: {secretKeyRef: {name: s, key: token}}\n"));
  });
});

describe("replaceDocument", () => {
  it("replaces only the object's document and keeps the comment before it and the separators", () => {
    const text = "a: 1\n---\n# about b\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    const b = parseFile("file:///t.yaml", text).objects.find((x) => x.kind === "Secret")!;
    const out = apply(text, replaceDocument(b, "apiVersion: v2\nkind: X\n"));
    assert.equal(out, "a: 1\n---\n# about b\napiVersion: v2\nkind: X\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  });
});
