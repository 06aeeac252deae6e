// A lean parse (batches, syntax trees dropped and parsed again on demand) finds exactly what the full parse finds.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, parseFile, type Finding } from "./engine.js";
import { parseFileLean } from "./lean.js";

const POD = (i: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  annotations:\n    note: "continued\n    here"\nspec:\n  containers:\n    - name: c\n      image: c:1\n      securityContext:\n        privileged: true # kubeready-disable-next-line is not here\n`;
const LIST = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: li}\n    spec:\n      containers: [{name: c, image: c:1}]\n";

/** 2,500 documents (three batches): pods with findings at the batch edges, a List, a template, broken YAML. */
function text(): string {
  const docs: string[] = [];
  for (let i = 0; i < 2500; i++) {
    if (i % 997 === 0 || i === 999 || i === 1000) docs.push(POD(i));
    else if (i === 1500) docs.push(LIST);
    else if (i === 1700) docs.push("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    else if (i === 2100) docs.push("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b\n");
    else docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: v}\n`);
  }
  return docs.map((d) => `---\n${d}`).join("");
}

const show = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`).sort();

describe("parseFileLean", () => {
  it("gives the full parse's findings, positions and fixes", () => {
    const t = text();
    const full = analyzeFiles([{ uri: "file:///big.yaml", text: t }], undefined, undefined, parseFile).findings;
    const lean = analyzeFiles([{ uri: "file:///big.yaml", text: t }], undefined, undefined, parseFileLean).findings;
    assert.ok(full.some((f) => f.rule === "pss/privileged") && full.some((f) => f.rule === "yaml/not-analysed") && full.some((f) => f.rule === "yaml/syntax"));
    assert.deepEqual(show(lean), show(full));
    const edits = (fs: Finding[]) => fs.filter((f) => f.rule === "hardening/read-only-root-filesystem").map((f) => JSON.stringify(f.fixes!().map((x) => x.edits)));
    assert.deepEqual(edits(lean), edits(full));
  });

  it("keeps no syntax tree: the parsed file holds no chunks", () => {
    assert.equal(parseFileLean("file:///big.yaml", text()).chunks.length, 0);
  });
});
