// The meta test of the rule folders: each one is registered, documented with the fixed headings, and has fixtures that fire and stay clean.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { Rule } from "../rules/api.js";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { enabled } from "../rules/testing.js";
import { analyzeFiles, FILE_RULE, SYNTAX_RULE } from "../rules/engine.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";

const RULES_DIR = resolve(__dirname, "..", "rules");
export const DOC_HEADINGS = ["What it checks", "Why it matters", "Example", "Fix", "Options", "References"] as const;
const KEBAB_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\/[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Every `rules/<family>/<rule>/` folder that holds a rule.ts (model/ and helper folders have none). */
function ruleFolders(): { family: string; name: string; dir: string }[] {
  const out: { family: string; name: string; dir: string }[] = [];
  for (const family of readdirSync(RULES_DIR).sort()) {
    const familyDir = join(RULES_DIR, family);
    if (!statSync(familyDir).isDirectory()) continue;
    for (const name of readdirSync(familyDir).sort()) {
      const dir = join(familyDir, name);
      if (statSync(dir).isDirectory() && existsSync(join(dir, "rule.ts"))) out.push({ family, name, dir });
    }
  }
  return out;
}

/** Second- and third-level headings of a docs.md, in order. */
export function headingsOf(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return [...withoutCode.matchAll(/^#{2,3}[ \t]+(.+?)[ \t]*#*$/gm)].map((m) => m[1].trim());
}

/**
 * Findings of `ruleId` when a fixture is analysed with every registered rule and the default configuration.
 * The folder's own rule joins the set even before it is registered, so a missing registry line fails one test, not three.
 */
function findingsOf(ruleId: string, file: string, own: Rule | undefined) {
  const rules = own && !RULES.includes(own) ? [...RULES.filter((r) => r.meta.id !== ruleId), own] : RULES;
  const rule = own ?? RULES.find((r) => r.meta.id === ruleId);
  const config = rule ? enabled(DEFAULT_CONFIG, rule) : DEFAULT_CONFIG; // a rule off by default is judged switched on
  const { findings } = analyzeFiles([{ uri: pathToFileURL(file).href, text: readFileSync(file, "utf8") }], config, rules);
  return {
    mine: findings.filter((f) => f.rule === ruleId),
    broken: findings.filter((f) => f.rule === SYNTAX_RULE || f.rule === FILE_RULE),
    internal: findings.filter((f) => f.rule === ruleId && f.message.startsWith("internal error")),
  };
}

function ownRule(dir: string): Rule | undefined {
  try {
    return (require(join(dir, "rule.ts")) as { default?: Rule }).default;
  } catch {
    return undefined; // the export test reports why
  }
}

const folders = ruleFolders();

describe("rule folders", () => {
  it("finds the rule folders (a broken scan would make every other check pass vacuously)", () => {
    assert.ok(folders.length > 0, `no rules/<family>/<rule>/rule.ts under ${RULES_DIR}`);
  });

  for (const { family, name, dir } of folders) {
    const id = `${family}/${name}`;
    describe(id, () => {
      it("exports a rule whose meta.id is <family>/<folder>", () => {
        const mod = require(join(dir, "rule.ts")) as { default?: Rule };
        assert.ok(mod.default && typeof mod.default.check === "function", `rules/${id}/rule.ts has no default export made with defineRule`);
        assert.equal(mod.default.meta.id, id);
      });

      it("is registered in RULES under the folder's id", () => {
        const mod = require(join(dir, "rule.ts")) as { default?: Rule };
        const registered = RULES_BY_ID.get(id);
        assert.ok(registered, `${id} is not in RULES: add it to rules/${family}/index.ts (and the family to rules/index.ts)`);
        assert.equal(registered, mod.default, `RULES holds another object under ${id} than rules/${id}/rule.ts exports`);
      });

      it("has docs.md with the headings What it checks · Why it matters · Example · Fix · Options · References", () => {
        const docs = join(dir, "docs.md");
        assert.ok(existsSync(docs), `rules/${id}/docs.md is missing`);
        const headings = headingsOf(readFileSync(docs, "utf8"));
        const missing = DOC_HEADINGS.filter((h) => !headings.includes(h));
        assert.deepEqual(missing, [], `rules/${id}/docs.md lacks the headings: ${missing.join(", ")} (found: ${headings.join(", ") || "none"})`);
        const order = DOC_HEADINGS.map((h) => headings.indexOf(h));
        assert.deepEqual(order, [...order].sort((a, b) => a - b), `rules/${id}/docs.md: headings must come in the order ${DOC_HEADINGS.join(" · ")}`);
      });

      it("fires on fixtures/invalid.yaml", () => {
        const file = join(dir, "fixtures", "invalid.yaml");
        assert.ok(existsSync(file), `rules/${id}/fixtures/invalid.yaml is missing`);
        const { mine, broken, internal } = findingsOf(id, file, ownRule(dir));
        assert.deepEqual(broken.map((f) => f.message), [], "the fixture itself must be valid YAML");
        assert.deepEqual(internal.map((f) => f.message), [], "the rule threw");
        assert.ok(mine.length > 0, `${id} reported nothing on fixtures/invalid.yaml`);
      });

      it("stays silent on fixtures/valid.yaml", () => {
        const file = join(dir, "fixtures", "valid.yaml");
        assert.ok(existsSync(file), `rules/${id}/fixtures/valid.yaml is missing`);
        const { mine, broken } = findingsOf(id, file, ownRule(dir));
        assert.deepEqual(broken.map((f) => f.message), [], "the fixture itself must be valid YAML");
        assert.deepEqual(mine.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`), []);
      });
    });
  }
});

describe("the registry", () => {
  it("has kebab-case <family>/<name> ids", () => {
    const bad = RULES.map((r) => r.meta.id).filter((id) => !KEBAB_ID.test(id));
    assert.deepEqual(bad, []);
  });

  it("has unique ids", () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it("is sorted by id", () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)));
  });
});
