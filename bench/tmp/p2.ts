import { analyzeText, parseFile } from "../../rules/engine.js";
import { SEED_MANIFESTS } from "../../test/fuzz/inputs.js";
const which = process.argv[2];
let text = "";
if (which === "long") text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata: {k: "${"x".repeat(Number(process.argv[3] ?? 40000))}"}\n`;
else { const parts: string[] = []; for (let i = 0, n = 0; n < Number(process.argv[3] ?? 2) * 2 ** 20; i++) { const d = SEED_MANIFESTS[0].replace("name: web", `name: web-${i}`); parts.push(d); n += d.length; } text = parts.join("---\n"); }
let t = performance.now(); const p = parseFile("file:///x.yaml", text); console.log("parse", performance.now() - t, p.chunks.length);
t = performance.now(); const f = analyzeText(text); console.log("analyze", performance.now() - t, f.length);
