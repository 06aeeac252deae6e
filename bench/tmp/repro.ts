import { checkFile, parseFile } from "../../rules/engine.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import { fixAll } from "../../rules/fixall.js";
const text = "%YAML 1.2\n\t[%YAML 1.2\n~# c\n# c\n\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: b\n";
const URI = "file:///a.yaml";
const p = parseFile(URI, text); const ix = new WorkspaceIndex(); ix.setFile(URI, p.objects);
const f = checkFile(p, ix);
console.log(text.split("\n").length, f.map(x => [x.rule, JSON.stringify(x.range), x.message]));
console.log(p.chunks.map(c => [c.offset, c.line, c.text.length]));
