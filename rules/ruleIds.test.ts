// compareRuleIds must order rule ids exactly as localeCompare did (the registry, findings and summaries are sorted by it).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULES } from "./index.js";
import { compareRuleIds } from "./ruleIds.js";

describe("compareRuleIds", () => {
  it("agrees with localeCompare on every pair of registry ids", () => {
    const ids = RULES.map((r) => r.meta.id);
    for (const a of ids) for (const b of ids) assert.equal(compareRuleIds(a, b), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });

  it("agrees with localeCompare on the id alphabet's edge cases (prefixes, '-' against '/', digits against letters)", () => {
    const ids = ["pss/a", "pss/a-b", "pss/a0", "pss/ab", "pss-x/a", "pss0/a", "pssa/a", "p/z", "yaml/syntax", "yaml/syntax-2", "a/b-c", "a/b/c", "a-b/c"];
    for (const a of ids) for (const b of ids) assert.equal(compareRuleIds(a, b), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });

  it("leaves the registry sorted", () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)));
  });
});
