import { fixAll } from "../../rules/fixall.js";
import { analyzeText } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
for (const text of ["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n"]) {
  const r = fixAll("file:///input.yaml", text, {}, []);
  console.log(JSON.stringify(r.text), r.applied);
  for (const f of analyzeText(text)) for (const fix of f.fixes!()) if (!fix.suppression) console.log(f.rule, JSON.stringify(fix.edits), JSON.stringify(applyTextEdits(text, fix.edits as any)));
}
