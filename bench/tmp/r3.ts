import { Parser, Composer, LineCounter } from "yaml";
const text = "  app: x\nkind: Deployment\napiVersion: apps/v1\n    spec:\n      nodeSelector:\n";
const lc = new LineCounter(); const docs = [...new Composer().compose(new Parser(lc.addNewLine).parse(text), true, text.length)];
for (const d of docs) for (const e of d.errors) if (e.message.includes("nodeSelector")) console.log(lc.linePos(e.pos[0]));
