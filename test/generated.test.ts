// Fails when generated files are stale: docs/ (rule pages, catalog), the hover texts and package.json's settings. Fix: `npm run docs`.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RULES } from "../rules/index.js";
import { currentConfiguration, generateDocs, generatedConfiguration, pagePath, ROOT, stalePages } from "../scripts/gen-docs.js";
import { SETTING_KEYS } from "../server/settings.js";

const HINT = "run `npm run docs` and commit the result";

describe("generated files are up to date", () => {
  const { files } = generateDocs(ROOT);

  it("generates a page for every rule and both engine pseudo-rules, plus the catalog", () => {
    for (const r of RULES) assert.ok(files.has(pagePath(r.meta.id)), r.meta.id);
    assert.ok(files.has("docs/rules/yaml-syntax.md"));
    assert.ok(files.has("docs/rules/yaml-unreadable.md"));
    const catalog = files.get("docs/RULES.md") ?? "";
    for (const r of RULES) assert.ok(catalog.includes(`(rules/${r.meta.id.replace("/", "-")}.md)`), `${r.meta.id} missing from the catalog`);
  });

  for (const [rel, text] of files) {
    it(rel, () => {
      const path = join(ROOT, rel);
      assert.ok(existsSync(path), `${rel} does not exist: ${HINT}`);
      assert.ok(readFileSync(path, "utf8") === text, `${rel} is stale: ${HINT}`);
    });
  }

  it("docs/rules/ holds no page of a rule that no longer exists", () => {
    assert.deepEqual(stalePages(ROOT, files), [], HINT);
  });

  it("package.json contributes.configuration matches server/settings.ts and the rule list", () => {
    const current = currentConfiguration(readFileSync(join(ROOT, "package.json"), "utf8"));
    assert.ok(current, `package.json has no $generated-start/$generated-end entries in contributes.configuration: ${HINT}`);
    assert.deepEqual(current, JSON.parse(JSON.stringify(generatedConfiguration())), `package.json settings are stale: ${HINT}`);
  });

  it("contributes exactly the kubeready.* settings of server/settings.ts", () => {
    const [section] = generatedConfiguration() as { properties: Record<string, unknown> }[];
    assert.deepEqual(Object.keys(section.properties), SETTING_KEYS.map((k) => `kubeready.${k}`));
    assert.deepEqual(SETTING_KEYS, [
      "enable", "pss.level", "pss.version", "rules", "defaultNamespace", "criticalWorkloads", "exclude", "trace.server", "schema.enable", "schema.deferToRedHatYaml",
      "render.enable", "render.helmPath", "render.kustomizePath",
      "cluster.includeNamespaces", "cluster.excludeNamespaces",
    ]);
  });
});
