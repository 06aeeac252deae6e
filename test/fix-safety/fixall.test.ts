// Fix-all on the file shapes that broke it before: no final newline, CRLF, BOM, tabs in comments, flow collections,
// anchors and aliases, comments between keys, `---` with and without content, mixed line endings, and two fixes in one
// mapping. Every shape must keep the properties of fixall-props.ts, with safe and with unsafe fixes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixAll, minimalEdit } from "../../rules/fixall.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { checkFixAll } from "./fixall-props.js";

const URI = "file:///shapes/manifest.yaml";

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsUser: 1000
  containers:
  - name: app
    image: registry.example/app:1.0.0
`;

const SHAPES: Record<string, string> = {
  "plain": POD,
  "no final newline": POD.replace(/\n$/, ""),
  "CRLF": POD.replace(/\n/g, "\r\n"),
  "CRLF without final newline": POD.replace(/\n$/, "").replace(/\n/g, "\r\n"),
  "BOM": `\uFEFF${POD}`,
  "BOM and CRLF": `\uFEFF${POD.replace(/\n/g, "\r\n")}`,
  "mixed line endings": POD.replace("kind: Pod\n", "kind: Pod\r\n").replace("spec:\n", "spec:\r\n"),
  "tabs in comments": POD.replace("spec:\n", "spec:\t# the\tpod\n").replace("  containers:\n", "  #\tcontainers follow\n  containers:\n"),
  "flow mappings": `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {securityContext: {runAsUser: 1000}, containers: [{name: app, image: "registry.example/app:1.0.0"}]}\n`,
  "flow sequence of block maps": POD.replace("  containers:\n  - name: app\n    image: registry.example/app:1.0.0\n", "  containers: [{name: app, image: registry.example/app:1.0.0, securityContext: {}}]\n"),
  "empty securityContext": POD.replace("    image: registry.example/app:1.0.0\n", "    image: registry.example/app:1.0.0\n    securityContext: {}\n"),
  "null securityContext": POD.replace("    image: registry.example/app:1.0.0\n", "    image: registry.example/app:1.0.0\n    securityContext:\n"),
  "anchors and aliases": POD.replace("  securityContext:\n    runAsUser: 1000\n", "  securityContext: &psc\n    runAsUser: 1000\n").replace("    image: registry.example/app:1.0.0\n", "    image: registry.example/app:1.0.0\n  - name: side\n    image: registry.example/side:1.0.0\n    securityContext: *psc\n"),
  "comments between keys": POD.replace("  containers:\n", "  # the containers\n\n  # more\n  containers:\n").replace("    image:", "    # image below\n    image:"),
  "documents with and without content": `---\n${POD}---\n---\n# only a comment\n---\n${POD.replace("name: web", "name: two")}...\n`,
  "two containers, second privileged": POD.replace("    image: registry.example/app:1.0.0\n", "    image: registry.example/app:1.0.0\n  - name: side\n    image: registry.example/side:1.0.0\n    securityContext:\n      privileged: true\n"),
  "last line is a comment without newline": `${POD}# end`,
};

describe("fix-all keeps every file shape", () => {
  for (const [name, text] of Object.entries(SHAPES)) {
    for (const unsafe of [false, true]) {
      it(`${name}${unsafe ? " (unsafe fixes too)" : ""}`, () => {
        const { result, failures } = checkFixAll(URI, text, [], undefined, unsafe);
        assert.deepEqual(failures, []);
        assert.ok(result.applied > 0, "the shape has something to fix");
      });
    }
  }

  it("CRLF stays CRLF in inserted lines; a BOM and a missing final newline stay", () => {
    const out = fixAll(URI, SHAPES["BOM and CRLF"], {}, []).text;
    assert.ok(out.startsWith("\uFEFF"));
    assert.doesNotMatch(out.replace(/\r\n/g, ""), /\n/);
    assert.doesNotMatch(fixAll(URI, SHAPES["no final newline"], {}, []).text, /\n$/);
  });

  it("mixed line endings: inserted lines end like the line they follow", () => {
    const out = fixAll(URI, SHAPES["mixed line endings"], {}, []).text;
    assert.ok(out.includes("kind: Pod\r\n") && out.includes("spec:\r\n"));
    assert.match(out, /runAsUser: 1000\n/);
  });

  it("a file with a syntax error is not fixed, and says why", () => {
    const r = fixAll(URI, `${POD}  bad: [\n`, {}, []);
    assert.equal(r.applied, 0);
    assert.match(r.stopped ?? "", /syntax errors/);
  });

  it("minimalEdit never produces an inverted range, also without a final newline or with CRLF", () => {
    for (const [a, b] of [["a\nb", "a\nb\nc"], ["a\nb\n", "a\nb\nc\n"], ["a\r\nb", "a\r\nb\r\nc"], ["x", "y"], ["a\nb\nc", "a\nc"], ["", "a\n"]]) {
      const e = minimalEdit(a, b)!;
      const s = e.range.start, t = e.range.end;
      assert.ok(s.line < t.line || (s.line === t.line && s.character <= t.character), `${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
      assert.equal(applyTextEdits(a, [e]), b);
    }
  });
});
