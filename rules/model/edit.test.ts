// Tests for the minimal YAML edits: each case sets or removes a field in a manifest and shows the exact text that results.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { parseFile } from "../engine.js";
import { applyTextEdits, removeField, setField, type Plain } from "./edit.js";
import type { Path } from "./position.js";


function objectOf(text: string) {
  const o = parseFile("file:///edit.yaml", text).objects[0];
  assert.ok(o, "the text holds a Kubernetes object");
  return o;
}

function set(text: string, path: Path, value: Plain): string {
  const e = setField(objectOf(text), path, value);
  assert.ok(e, "setField returned an edit");
  const out = applyTextEdits(text, [e]);
  for (const d of parseAllDocuments(out) as ReturnType<typeof parseAllDocuments> & unknown[]) assert.deepEqual(d.errors, [], `invalid YAML:\n${out}`);
  return out;
}

const NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";

describe("setField", () => {
  const cases: { name: string; text: string; path: Path; value: Plain; expected: string }[] = [
    {
      name: "a map under `key:` with no value (end of file, no newline): the fuzzer's case",
      text: `${NS}  labels:`, path: ["metadata", "labels"], value: { a: "b", c: "d" },
      expected: `${NS}  labels:\n    a: b\n    c: d\n`,
    },
    {
      name: "a map under `key:` with no value, followed by more keys",
      text: `${NS}  labels:\nspec: {}\n`, path: ["metadata", "labels"], value: { a: "b" },
      expected: `${NS}  labels:\n    a: b\nspec: {}\n`,
    },
    {
      name: "a nested key under an empty `key:`",
      text: `${NS}  labels:\n`, path: ["metadata", "labels", "team"], value: "web",
      expected: `${NS}  labels:\n    team: web\n`,
    },
    {
      name: "a map under an empty `key:` that is followed by a sibling",
      text: `${NS}  labels:\n  annotations:\n`, path: ["metadata", "annotations"], value: { x: "z" },
      expected: `${NS}  labels:\n  annotations:\n    x: z\n`,
    },
    {
      name: "`key: null` is replaced in place",
      text: `${NS}  labels: null\n`, path: ["metadata", "labels", "a"], value: "b",
      expected: `${NS}  labels: {a: b}\n`,
    },
    {
      name: "an existing scalar is replaced in place, comments kept",
      text: `${NS}  labels:\n    a: old # why\n`, path: ["metadata", "labels", "a"], value: "new",
      expected: `${NS}  labels:\n    a: new # why\n`,
    },
    {
      name: "a missing key is appended to its block map at the map's indentation",
      text: `${NS}  labels:\n    a: b\n# trailing comment\n`, path: ["metadata", "labels", "c"], value: "d",
      expected: `${NS}  labels:\n    a: b\n    c: d\n# trailing comment\n`,
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(set(c.text, c.path, c.value), c.expected));
});

describe("removeField", () => {
  it("removes a block pair with its line and keeps the comment above", () => {
    const text = `${NS}  # the team\n  labels:\n    a: b\n    c: d\n`;
    const e = removeField(objectOf(text), ["metadata", "labels", "a"]);
    assert.ok(e);
    assert.equal(applyTextEdits(text, [e]), `${NS}  # the team\n  labels:\n    c: d\n`);
  });
});
