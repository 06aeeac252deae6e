// Placeholder fixes in the editor: a snippet edit whose tab stops are the placeholders when the client supports
// snippet edits, a plain edit otherwise; the snippet inserts exactly the fix's text.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Fix } from "../../rules/api.js";
import { findingsOf } from "../../rules/testing.js";
import bestEffort from "../../rules/resources/best-effort/rule.js";
import { asSnippet, toCodeAction } from "./convert.js";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: registry.example/app:1.0.0
      - name: side
        image: registry.example/side:1.0.0
        args: ["$(POD_IP)", "{}"]
`;

/** What a snippet inserts when every tab stop keeps its default (VS Code's rendering of `${n:default}` and escapes). */
function expand(snippet: string): string {
  return snippet.replace(/\$\{\d+:((?:[^\\}]|\\.)*)\}/g, "$1").replace(/\\([\\$}])/g, "$1");
}

function bestEffortFix(): Fix {
  const [f] = findingsOf(bestEffort, { name: "no resources", yaml: DEPLOYMENT });
  return f.fixes!()[0];
}

describe("placeholder fixes in the editor", () => {
  it("are snippet edits with one tab stop per placeholder, numbered across the document's edits", () => {
    const action = toCodeAction(bestEffortFix(), undefined, () => 1, true, true);
    const edits = (action.edit!.documentChanges![0] as { edits: { snippet?: { kind: string; value: string }; newText?: string }[] }).edits;
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e) => e.snippet?.kind === "snippet" && e.newText === undefined));
    assert.deepEqual(edits.flatMap((e) => [...e.snippet!.value.matchAll(/\$\{(\d+):/g)].map((m) => Number(m[1]))), [1, 2, 3, 4]);
    assert.equal(action.isPreferred, false, "an unsafe fix is never the preferred one");
  });

  it("insert exactly the fix's text (dollars and braces escaped)", () => {
    const fix = bestEffortFix();
    const stops = { next: 1 };
    for (const e of fix.edits) {
      const text = (e as { newText: string }).newText;
      assert.equal(expand(asSnippet(text, stops)), text);
    }
    assert.equal(asSnippet("a: $(X) {} \\ <REPLACE_ME_SECRET>", { next: 7 }), "a: \\$(X) {\\} \\\\ ${7:<REPLACE_ME_SECRET>}");
  });

  it("stay plain text edits for a client without snippet edits", () => {
    const action = toCodeAction(bestEffortFix(), undefined, () => 1, true, false);
    const edits = (action.edit!.documentChanges![0] as { edits: { newText?: string }[] }).edits;
    assert.ok(edits.every((e) => typeof e.newText === "string" && e.newText.includes("<REPLACE_ME>")));
  });
});
