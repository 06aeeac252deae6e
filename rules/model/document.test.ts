// Splitting a file into YAML documents: where each document starts, for the shapes at the edges of a file.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { documentStarts, splitDocuments } from "./document.js";

describe("documentStarts", () => {
  for (const [name, text, starts] of [
    ["one document", "a: 1\n", [0]],
    ["a leading ---", "---\na: 1\n---\nb: 2\n", [0, 9]],
    // A blank first line, then `---` (Helm output, files with a leading newline): this looped forever.
    ["a blank first line, then ---", "\n---\na: 1\n", [0, 1]],
    ["blank lines, then ---", "\n\n---\na: 1\n", [0, 2]],
    ["a CRLF blank first line, then ---", "\r\n---\r\na: 1\r\n", [0, 2]],
    ["a directive after a blank first line", "\n%YAML 1.1\n---\na: 1\n", [0]],
    ["a comment, then ---", "# c\n---\na: 1\n", [0, 4]],
  ] as const) {
    it(name, () => assert.deepEqual(documentStarts(text), [...starts]));
  }

  it("a blank first line, then --- and a document without a final newline: its object is read", () => {
    const docs = splitDocuments("\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a");
    assert.ok(docs.some((d) => d.text.includes("kind: ServiceAccount")));
  });
});
