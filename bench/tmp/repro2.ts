import { parseFile } from "../../rules/engine.js";
import { Parser, Composer, LineCounter } from "yaml";
const text = "        app: ai-service\nkind: Deployment\nmetadata:\n  name: ai-service\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: ai-service\n  template:\n    metadata:\n      labels:\napiVersion: apps/v1\n    spec:\n      nodeSelector:\n        \"kubernetes.io/os\": linux\n";
const p = parseFile("file:///a.yaml", text);
for (const f of p.problems) console.log(JSON.stringify(f.range), f.message);
for (const c of p.chunks) for (const e of c.errors) console.log(e, JSON.stringify(text.slice(e.start, e.end)));
const lc = new LineCounter(); const parser = new Parser(lc.addNewLine);
const docs = [...new Composer().compose(parser.parse(text), true, text.length)];
for (const d of docs) for (const e of d.errors) console.log(e.code, e.pos, e.linePos);
