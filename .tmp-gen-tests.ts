import { readFileSync, writeFileSync } from "node:fs";
import { findingsOf, applyAllFixes } from "./rules/testing.ts";
import { RULES_BY_ID } from "./rules/index.ts";
const list = JSON.parse(readFileSync("/tmp/gen/pss-list.json", "utf8"));
for (const c of list) {
  const rule = RULES_BY_ID.get(`pss/${c.kebab}`)!;
  const invalid = readFileSync(`rules/pss/${c.kebab}/fixtures/invalid.yaml`, "utf8");
  const found = findingsOf(rule, { name: "x", yaml: invalid });
  const exp = found.map((f) => `{ line: ${f.range.start.line + 1}, column: ${f.range.start.character + 1}, message: /^${f.message.split(":")[0].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:/ }`);
  let output = "";
  if (c.fix) {
    const { text } = applyAllFixes(rule, { name: "x", yaml: invalid });
    output = `\n      output: ${JSON.stringify(text)},`;
    console.log(`=== ${c.kebab} fixed diff:`);
    const a = invalid.split("\n"), b = text.split("\n");
    for (const l of b) if (!a.includes(l)) console.log("+ " + l);
    for (const l of a) if (!b.includes(l)) console.log("- " + l);
  }
  const src = `// Tests for pss/${c.kebab}: the fixtures, and what the rule reports on them.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(\`./fixtures/\${name}.yaml\`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "privileged level switches PSS off", yaml: fixture("invalid").replace("enforce: baseline", "enforce: privileged"), config: { pss: { level: "privileged" } } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [${exp.join(", ")}],${output}
    },
  ],
});
`;
  writeFileSync(`rules/pss/${c.kebab}/rule.test.ts`, src);
}
