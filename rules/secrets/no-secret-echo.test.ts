// Proves that no rule repeats a secret's value in a finding: message, key, fix titles (and, for this family's fixes, edits).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCreate } from "../api.js";
import { analyzeFiles, type Finding } from "../engine.js";
import { RULES } from "../index.js";
import { CANARY_MANIFESTS, leaks } from "./canaries.js";

const OWN_FAMILIES = ["secrets/", "observability/", "operations/"];

describe("no rule echoes a secret value", () => {
  const { findings } = analyzeFiles([{ uri: "file:///canary/manifests.yaml", text: CANARY_MANIFESTS }], undefined, RULES);

  it("the canaries are found by the secrets rules (the test can fail)", () => {
    const rules = new Set(findings.map((f) => f.rule));
    for (const id of ["secrets/secret-in-repository", "secrets/literal-secret-env", "secrets/configmap-credentials"]) assert.ok(rules.has(id), `${id} did not fire`);
    assert.ok(findings.filter((f) => f.rule === "secrets/literal-secret-env").length >= 3);
  });

  for (const field of ["message", "key"] as const) {
    it(`no ${field} contains a secret value`, () => {
      const bad = findings.flatMap((f: Finding) => leaks(f[field]).map((l) => `${f.rule}: ${l}`));
      assert.deepEqual(bad, []);
    });
  }

  it("no fix title contains a secret value", () => {
    const bad = findings.flatMap((f) => (f.fixes?.() ?? []).flatMap((x) => leaks(x.title).map((l) => `${f.rule}: ${x.title} (${l})`)));
    assert.deepEqual(bad, []);
  });

  it("fixes of the secrets, observability and operations rules never write a secret value", () => {
    const own = findings.filter((f) => OWN_FAMILIES.some((p) => f.rule.startsWith(p)));
    const bad = own.flatMap((f) => (f.fixes?.() ?? []).flatMap((x) => x.edits.flatMap((e) => leaks(isCreate(e) ? e.text : e.newText).map((l) => `${f.rule}: ${x.title} (${l})`))));
    assert.deepEqual(bad, []);
  });

  it("the Secret fix says the values leave the file", () => {
    const f = findings.find((x) => x.rule === "secrets/secret-in-repository");
    assert.ok(f);
    assert.match(f.fixes!()[0].title, /values leave this file/);
  });
});
