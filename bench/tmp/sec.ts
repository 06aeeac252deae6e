import { readFileSync } from "node:fs";
import { analyzeText } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
const text = readFileSync("/work/shared/corpus/aks-store-demo/aks-store-all-in-one.yaml", "utf8").split("\n").slice(140, 175).join("\n") + "\n";
for (const f of analyzeText(text)) {
  if (f.rule !== "secrets/secret-in-repository") continue;
  for (const fix of f.fixes!()) if (!fix.suppression) {
    console.log(JSON.stringify(fix.edits, null, 1));
    console.log(applyTextEdits(text, fix.edits as any));
  }
}
