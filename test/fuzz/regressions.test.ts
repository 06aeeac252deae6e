// Regression tests for engine bugs the fuzzers found: each case is the minimal input, with the range it must get.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeText, parseFile } from "../../rules/engine.js";

describe("fuzz regressions", () => {
  it("positions after a rejected multi-line scalar are on the right line (yaml's Parser skips its newline)", () => {
    // `labels:` at column 0 ends the map; the next lines are stray tokens, one of them a two-line plain scalar.
    const text = "  app: x\nkind: Deployment\napiVersion: apps/v1\n    spec:\n      nodeSelector:\n";
    const p = parseFile("file:///a.yaml", text);
    const node = p.problems.find((f) => f.message.includes('"nodeSelector"'));
    assert.ok(node, JSON.stringify(p.problems.map((f) => f.message)));
    assert.deepEqual(node.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 18 } });
  });

  it("a syntax error at the end of the file stays inside the text", () => {
    const text = "a: [1, 2\n";
    const lines = text.split("\n");
    for (const f of analyzeText(text)) {
      assert.ok(f.range.end.line < lines.length, JSON.stringify(f.range));
      assert.ok(f.range.end.character <= lines[f.range.end.line].length, `${f.message} ${JSON.stringify(f.range)}`);
    }
  });

  it("a zero-width syntax error inside a line is still widened to one character", () => {
    const text = "a: b: c\n";
    const f = analyzeText(text).find((x) => x.rule === "yaml/syntax");
    assert.ok(f);
    assert.ok(f.range.end.character > f.range.start.character || f.range.end.line > f.range.start.line, JSON.stringify(f.range));
  });
});
