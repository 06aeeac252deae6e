// Objects from documents: List items become objects; unreadable documents are reported, never silently skipped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeText, parseFile } from "../engine.js";

describe("objects of a file", () => {
  it("expands kind: List (kubectl get -o yaml) into its items, with positions inside the list", () => {
    const text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers:\n    - name: c\n      image: nginx:1.27\n      securityContext: {readOnlyRootFilesystem: false}\n";
    const parsed = parseFile("file:///l.yaml", text);
    assert.deepEqual(parsed.objects.map((o) => `${o.kind}/${o.name}`), ["Pod/p"]);
    const f = analyzeText(text).find((x) => x.rule === "hardening/read-only-root-filesystem");
    assert.ok(f);
    assert.equal(f.range.start.line, 10);
  });

  it("reports an undefined alias and an alias bomb instead of skipping the document", () => {
    const text = [
      "apiVersion: v1\nkind: Pod\nmetadata: {name: q, labels: *nope}\nspec: {}\n",
      "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\napiVersion: v1\nkind: ConfigMap\n",
    ].join("---\n");
    const problems = parseFile("file:///a.yaml", text).problems.map((p) => p.message);
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /not analysed: Unresolved alias/);
    assert.match(problems[1], /alias bomb/);
  });
});

describe("stringMap (labels, selectors, annotations)", () => {
  it("reads scalars as text and leaves out mappings and lists, which the API server rejects there", async () => {
    const { stringMap } = await import("./object.js");
    // A null-prototype mapping cannot even be turned into text: rules reading such a selector failed with
    // "Cannot convert object to primitive value" (found by the live-object property test).
    assert.deepEqual(stringMap({ app: "web", replicas: 2, on: true, nested: { a: 1 }, bare: Object.create(null), list: ["x"], none: null }), { app: "web", replicas: "2", on: "true" });
  });
});
