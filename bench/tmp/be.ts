import { analyzeText } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.2
`;
for (const f of analyzeText(text)) {
  if (!f.rule.startsWith("resources/")) continue;
  for (const fix of f.fixes!()) if (!fix.suppression) {
    const out = applyTextEdits(text, fix.edits as any);
    console.log(f.rule, f.key, fix.title, fix.safe, "\n" + out);
    console.log(analyzeText(out).filter(x => x.rule === f.rule).map(x => [x.key, x.message]));
  }
}
