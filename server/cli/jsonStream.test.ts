// The streamed JSON report is byte for byte what JSON.stringify(report, null, 2) + "\n" writes.
import assert from "node:assert/strict";
import { it } from "node:test";
import { writeJsonReport } from "./jsonStream.js";

function streamed(head: Record<string, unknown>, key: string, items: unknown[]): { text: string; writes: number } {
  const chunks: string[] = [];
  writeJsonReport((c) => chunks.push(c), head, key, items.length, (i) => items[i]);
  return { text: chunks.join(""), writes: chunks.length };
}

const ODD = { s: "line\nbreak \"quoted\" \\ é 😀 \u0000", n: -0, big: 1e21, nan: NaN, nested: { a: [], b: {}, c: [1, [2, { d: null }]] }, gone: undefined, f: () => 1, date: new Date(0) };

const CASES: [string, Record<string, unknown>, string, unknown[]][] = [
  ["no items", { tool: "t", findings: 0, summary: { n: 0 } }, "findings", []],
  ["items first and last", { findings: 0 }, "findings", [{ a: 1 }, "x", 2, null]],
  ["odd values around and inside", { before: ODD, findings: 0, after: [ODD, undefined], skipped: undefined }, "findings", [ODD, undefined, () => 0, [ODD]]],
  ["a key that needs escaping", { "we\"ird\nkey": 1, findings: 0 }, "findings", [{ "k\"": "v" }]],
  ["the items key is missing from the values only", { tool: "t", version: "1", findings: undefined, errors: [] }, "findings", [{ file: "f" }]],
];

for (const [name, head, key, items] of CASES) {
  it(`jsonStream: ${name}`, () => {
    const expected = `${JSON.stringify({ ...head, [key]: items }, null, 2)}\n`;
    assert.equal(streamed(head, key, items).text, expected);
  });
}

it("jsonStream: an empty report", () => {
  assert.equal(streamed({}, "findings", []).text, "{}\n".replace("{}", JSON.stringify({}, null, 2)));
});

it("jsonStream: many items are written in several pieces, the same text", () => {
  const items = Array.from({ length: 5000 }, (_, i) => ({ file: `ns/Deployment/d${i}`, rule: "r", message: "m".repeat(i % 50), related: i % 7 ? undefined : [{ line: i }] }));
  const head = { tool: "kubeready", version: "0", findings: 0, summary: { findings: items.length } };
  const { text, writes } = streamed(head, "findings", items);
  assert.equal(text, `${JSON.stringify({ ...head, findings: items }, null, 2)}\n`);
  assert.ok(writes > 5, `${writes} writes`);
});

it("jsonStream: writePieces waits for a full stream to drain, and stops when it closes", async () => {
  const { EventEmitter } = await import("node:events");
  const { writePieces } = await import("./jsonStream.js");
  const written: string[] = [];
  const full = Object.assign(new EventEmitter(), { write: (c: string) => { written.push(c); return false; } });
  let finished = false;
  const writing = writePieces(full, ["a", "b", "c"]).then(() => (finished = true));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, ["a"], "waits after a write the stream could not take");
  full.emit("drain");
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, ["a", "b"]);
  full.emit("close");
  await writing;
  assert.equal(finished, true);
  assert.deepEqual(written, ["a", "b"], "nothing is written after the stream closed");
  assert.equal(full.listenerCount("drain") + full.listenerCount("close") + full.listenerCount("error"), 0, "no listeners left behind");
  const plain: string[] = [];
  await writePieces({ write: (c: string) => plain.push(c) }, ["x", "y"]);
  assert.deepEqual(plain, ["x", "y"]);
});
