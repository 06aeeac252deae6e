// Tests for the Calico selector evaluation of model/cni-allows.ts (the rules' tables cover the policies themselves).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calicoSelectorMayMatch } from "./cni-allows.js";

describe("calicoSelectorMayMatch", () => {
  const pod = { app: "ledger", tier: "api" };
  for (const [expr, expected] of [
    ["all()", true],
    ["app == 'ledger'", true],
    ["app == \"teller\"", false],
    ["app != 'ledger'", false],
    ["has(tier)", true],
    ["!has(tier)", false],
    ["tier in {'api', 'web'}", true],
    ["tier not in {'api'}", false],
    ["app == 'teller' || tier == 'api'", true],
    ["app == 'ledger' && has(missing)", false],
    // Grouping and functions this model does not evaluate are taken as possibly true (an assumed allow is silence).
    ["(app == 'teller')", true],
    ["starts_with(app, 'x')", true],
  ] as const) {
    it(`${expr} → ${expected}`, () => assert.equal(calicoSelectorMayMatch(expr, pod), expected));
  }
});
