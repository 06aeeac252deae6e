// The .kubeready.yaml schema: committed and up to date, contributed to VS Code, and it accepts what `kubeready init`
// writes and every rule's options while catching typos.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import { parse } from "yaml";
import { RULES } from "../../rules/index.js";
import { INIT_TEMPLATE } from "./commands.js";
import { configSchema, configSchemaText } from "./configSchema.js";

const ROOT = join(__dirname, "..", "..");

describe(".kubeready.yaml schema", () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(configSchema());

  it("is committed and up to date (npm run config-schema regenerates it)", () => {
    assert.equal(readFileSync(join(ROOT, "schemas", "kubeready-config.schema.json"), "utf8"), configSchemaText());
  });

  it("is contributed to VS Code for .kubeready.yaml", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { contributes: { yamlValidation?: { fileMatch: string; url: string }[] } };
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ".kubeready.yaml", url: "./schemas/kubeready-config.schema.json" }]);
  });

  for (const [name, yaml, ok] of [
    ["the init template", INIT_TEMPLATE, true],
    ["a rule with options", "rules:\n  hardening/namespace-pss-enforce:\n    severity: info\n    ignoreNamespaces: [a]\n", true],
    ["a family wildcard", "rules:\n  pss/*: warning\n", true],
    ["a misspelt rule", "rules:\n  pss/privilegd: off\n", false],
    ["a bad severity", "rules:\n  pss/privileged: fatal\n", false],
    ["an unknown option", "rules:\n  pss/privileged:\n    colour: red\n", false],
    ["an unknown top-level key", "excludes: []\n", false],
    ["a bad PSS version", "pss:\n  version: 2.0\n", false],
  ] as const) {
    it(`${ok ? "accepts" : "rejects"} ${name}`, () => {
      assert.equal(validate(parse(yaml)), ok, JSON.stringify(validate.errors?.slice(0, 2)));
    });
  }

  it("lists every rule", () => {
    const props = (configSchema().properties as { rules: { properties: Record<string, unknown> } }).rules.properties;
    assert.deepEqual(Object.keys(props).sort(), RULES.map((r) => r.meta.id).sort());
  });
});
