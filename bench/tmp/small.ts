import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { analyzeFiles, clearParseCache } from "../../rules/engine.js";
const f = process.argv[2];
const text = readFileSync(f, "utf8");
const uri = "file://" + f;
for (let i = 0; i < 50; i++) { clearParseCache(); analyzeFiles([{ uri, text }]); }
const a: number[] = [], b: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 200); i++) {
  let t = performance.now(); parseAllDocuments(text); b.push(performance.now() - t);
  clearParseCache(); t = performance.now(); analyzeFiles([{ uri, text }]); a.push(performance.now() - t);
}
a.sort((x, y) => x - y); b.sort((x, y) => x - y);
console.log("full p50", a[100].toFixed(3), "bare p50", b[100].toFixed(3), "ratio", (a[100] / b[100]).toFixed(2));
