import { checkFile, parseFile, analyzeFiles, clearParseCache } from "../../rules/engine.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import { generateManifest } from "../yls/manifest.js";
import { typingTrace } from "../trace.js";
const size = Number(process.argv[2] ?? 50000);
const text = generateManifest(size);
const uri = "file:///k.yaml";
let t0 = performance.now();
const res = analyzeFiles([{ uri, text }]);
console.log("full", performance.now() - t0, "findings", res.findings.length, [...new Set(res.findings.map(f=>f.rule))]);
const index = new WorkspaceIndex();
let prev = parseFile(uri, text); index.setFile(uri, prev.objects); checkFile(prev, index);
const trace = typingTrace(text, 21);
const ts: number[] = [];
for (let r = 0; r < 5; r++) for (const step of trace.texts) {
  const t = performance.now();
  const p = parseFile(uri, step, {}, prev); 
  const t1 = performance.now();
  index.setFile(uri, p.objects); const f = checkFile(p, index); ts.push(performance.now() - t); prev = p;
  if (r==0 && ts.length < 3) console.log("parse", t1 - t, "check", performance.now() - t1, f.length);
}
ts.sort((a,b)=>a-b); console.log("p50", ts[ts.length>>1]);
