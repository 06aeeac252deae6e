// Tests for secrets/secret-generator-literals.
import assert from "node:assert/strict";
import { it } from "node:test";
import { analyzeFiles } from "../../engine.js";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

testRule(rule, {
  valid: [
    { name: "a configMapGenerator is not a secret", yaml: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: c\n    literals: [LOG_LEVEL=info]\n" },
    { name: "empty values and placeholders", yaml: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: s\n    literals: [password=, token=<REPLACE_ME>]\n" },
  ],
  invalid: [
    {
      name: "literals are reported once per generator, naming the keys, never the values",
      yaml: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: db\n    literals:\n      - username=app\n      - password=fixture-generator-1\n",
      findings: [{ line: 5, column: 5, message: /^secretGenerator "db" writes 2 literal values \(username, password\) into the kustomization(?!.*fixture-generator)/ }],
    },
  ],
});

it("secrets/secret-generator-literals: a kustomization.yaml without apiVersion and kind is read as kustomize reads it", () => {
  const { findings } = analyzeFiles([{ uri: "file:///app/kustomization.yaml", text: "secretGenerator:\n  - name: api\n    literals: [API_KEY=fixture-generator-2]\n" }], undefined, [rule]);
  assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.rule}`), ["3 secrets/secret-generator-literals"]);
});
