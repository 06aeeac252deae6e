// The list splitter gives back exactly what JSON.parse of the whole answer gives, however the bytes are chunked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ListItemSplitter } from "./listSplitter.js";

/** Feeds `text` in chunks of `size` bytes; returns what the caller would build: the page with its items parsed back in. */
function splitInChunks(text: string, size: number): { page: unknown; split: boolean } {
  const bytes = Buffer.from(text, "utf8");
  const s = new ListItemSplitter();
  for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
  const r = s.result();
  if (!r) return { page: JSON.parse(s.text()), split: false };
  const page = JSON.parse(r.head) as { items?: unknown };
  if (r.items.length > 0 || Array.isArray(page.items)) {
    assert.deepEqual(page.items, [], "the head keeps an empty items array in the array's place");
    page.items = r.items.map((t) => JSON.parse(t));
  }
  return { page, split: true };
}

const pods = {
  kind: "PodList",
  apiVersion: "v1",
  metadata: { resourceVersion: "123", continue: "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ" },
  items: [
    { metadata: { name: "a", namespace: "ns", annotations: { note: "braces } ] { [ and \"quotes\", commas, colons: and \\ backslashes" } }, spec: { containers: [{ name: "c", args: ["--x=[1,2]", "{}"] }] } },
    { metadata: { name: "ünïcödé-名前", labels: { items: "not the list", "a\"b": "c" } }, spec: { items: [1, 2, 3] } },
    { metadata: { name: "emoji 🚢 \u2028 line separator" } },
  ],
};

const cases: Array<{ name: string; text: string; split: boolean }> = [
  { name: "a list of three pods, compact as the API server writes it", text: JSON.stringify(pods), split: true },
  { name: "the same, pretty-printed (blanks between elements)", text: JSON.stringify(pods, null, 2), split: true },
  { name: "items before metadata", text: JSON.stringify({ items: pods.items, metadata: pods.metadata, kind: "PodList" }), split: true },
  { name: "an empty list", text: '{"kind":"PodList","metadata":{"resourceVersion":"5"},"items":[]}', split: true },
  { name: "items null", text: '{"kind":"PodList","items":null}', split: true },
  { name: "no items key", text: '{"kind":"PodList","metadata":{}}', split: true },
  { name: "items an object (not a list)", text: '{"items":{"a":[1]}}', split: true },
  { name: "elements that are not objects", text: '{"items":[null, 1, "x", [2, {"y": "]"}], true, {"metadata":{"name":"n"}}]}', split: true },
  { name: "a key whose value is the string items, then an array", text: '{"kind":"items","other":[1,2],"items":[{"a":1}]}', split: true },
  { name: "a top-level array", text: "[1,2,3]", split: false },
  { name: "two items keys (JSON.parse keeps the last)", text: '{"items":[1],"items":[2,3]}', split: false },
];

describe("ListItemSplitter", () => {
  for (const c of cases) {
    it(`${c.name}: equal to JSON.parse in every chunk size`, () => {
      const expected = JSON.parse(c.text);
      for (const size of [1, 2, 3, 5, 7, 16, 64, 100_000]) {
        const got = splitInChunks(c.text, size);
        assert.equal(got.split, c.split, `split at chunk size ${size}`);
        assert.deepEqual(got.page, expected, `chunk size ${size}`);
      }
    });
  }

  it("broken JSON is not split into something that parses: the whole text fails as before", () => {
    for (const text of ['{"items":[{"a":1},{"b":2}', '{"items":[{"a":1}}]}', '{"items":[{"a":1}]', '{"items":[{"a":1}]}}', "", '{"items":["unterminated]}']) {
      for (const size of [1, 4, 100]) {
        const bytes = Buffer.from(text);
        const s = new ListItemSplitter();
        for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
        const r = s.result();
        const parse = () => (r ? [JSON.parse(r.head), ...r.items.map((t) => JSON.parse(t))] : JSON.parse(s.text()));
        assert.throws(parse, SyntaxError, `${JSON.stringify(text)} at chunk size ${size}`);
      }
    }
  });
});
