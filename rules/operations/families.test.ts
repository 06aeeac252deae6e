// Meta test for the observability, secrets and operations families: every rule folder registered, documented, with fixtures that fire and stay clean.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Rule } from "../api.js";
import { DEFAULT_CONFIG } from "../config.js";
import { analyzeFiles, SYNTAX_RULE } from "../engine.js";
import { RULES_BY_ID } from "../index.js";
import { rules as observability } from "../observability/index.js";
import { rules as operations } from "./index.js";
import { rules as secrets } from "../secrets/index.js";
import { enabled } from "../testing.js";

const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const FAMILIES: Record<string, readonly Rule[]> = { observability, operations, secrets };
const HEADINGS = ["What it checks", "Why it matters", "Example", "Fix", "Options", "References"];

for (const [family, registered] of Object.entries(FAMILIES)) {
  describe(`${family} family`, () => {
    const folders = readdirSync(join(RULES_DIR, family), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(RULES_DIR, family, d.name, "rule.ts")))
      .map((d) => d.name).sort();

    it("registers every rule folder, sorted, in the family and the global registry", () => {
      assert.deepEqual(registered.map((r) => r.meta.id), folders.map((f) => `${family}/${f}`));
      for (const r of registered) assert.equal(RULES_BY_ID.get(r.meta.id), r, `${r.meta.id} missing from rules/index.ts`);
    });

    for (const rule of registered) {
      const folder = join(RULES_DIR, rule.meta.id);
      describe(rule.meta.id, () => {
        it("has docs with the fixed headings, in order", () => {
          const docs = readFileSync(join(folder, "docs.md"), "utf8");
          const found = [...docs.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
          assert.deepEqual(found, HEADINGS);
          assert.match(docs, new RegExp(`^# ${rule.meta.id.replace("/", "\\/")}$`, "m"));
        });
        it("has a table test", () => assert.ok(existsSync(join(folder, "rule.test.ts"))));
        for (const [file, fires] of [["invalid.yaml", true], ["valid.yaml", false]] as const) {
          it(`fixtures/${file} ${fires ? "fires" : "stays clean"}`, () => {
            const text = readFileSync(join(folder, "fixtures", file), "utf8");
            const { findings } = analyzeFiles([{ uri: `file:///fixtures/${rule.meta.id}/${file}`, text }], enabled(DEFAULT_CONFIG, rule), [rule]);
            assert.equal(findings.filter((f) => f.rule === SYNTAX_RULE).length, 0, "fixture must be valid YAML");
            const own = findings.filter((f) => f.rule === rule.meta.id);
            if (fires) assert.ok(own.length > 0, "expected at least one finding");
            else assert.deepEqual(own.map((f) => `${f.range.start.line + 1}: ${f.message}`), []);
          });
        }
      });
    }
  });
}
