// The quick-fix menu order: fixes first with the best one preferred, suppressions after (as ESLint orders them).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic } from "vscode-languageserver";
import type { Fix } from "../../rules/api.js";
import { orderQuickFixes } from "./codeActionOrder.js";

const diag = (code: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: code, code });
const fix = (title: string, safe: boolean, suppression = false): Fix => ({ title, safe, suppression, edits: [] });

describe("orderQuickFixes", () => {
  it("lists every fix before any Disable action, across diagnostics", () => {
    const a = diag("a"), b = diag("b");
    const out = orderQuickFixes([
      { diagnostic: a, fixes: [fix("fix a", true), fix("Disable a for Pod p", false, true)] },
      { diagnostic: b, fixes: [fix("guess b", false), fix("fix b", true), fix("Disable b for Pod p", false, true)] },
    ]);
    assert.deepEqual(out.map((o) => o.fix.title), ["fix a", "guess b", "fix b", "Disable a for Pod p", "Disable b for Pod p"]);
    assert.deepEqual(out.filter((o) => o.preferred).map((o) => o.fix.title), ["fix a", "fix b"]);
  });

  it("never prefers a suppression or an unsafe fix", () => {
    const out = orderQuickFixes([{ diagnostic: diag("a"), fixes: [fix("Disable a", false, true), fix("unsafe", false)] }]);
    assert.deepEqual(out.map((o) => [o.fix.title, o.preferred]), [["unsafe", false], ["Disable a", false]]);
  });
});
