// package.json must carry the readiness tree's contributions exactly as contributions.ts declares them (a stale copy fails).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readinessTreeContributions } from "./contributions.js";
import { VIEW_ID } from "./ids.js";

type Contributes = Record<string, unknown>;
const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { contributes?: Contributes };
const contributes = pkg.contributes ?? {};
const wired = JSON.stringify(contributes.views ?? {}).includes(`"${VIEW_ID}"`);

/** Every entry of `want` (arrays: by deep equality of items) is in `have`. */
function assertIncluded(want: unknown, have: unknown, path: string): void {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(have), `${path} must be an array in package.json`);
    for (const item of want) {
      assert.ok((have as unknown[]).some((h) => JSON.stringify(h) === JSON.stringify(item)), `${path} lacks ${JSON.stringify(item)}`);
    }
    return;
  }
  if (want && typeof want === "object") {
    assert.ok(have && typeof have === "object", `${path} is missing in package.json`);
    for (const [k, v] of Object.entries(want)) assertIncluded(v, (have as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  assert.equal(have, want, path);
}

describe("readiness tree contributions in package.json", () => {
  it("match client/src/tree/contributions.ts", (t) => {
    if (!wired) {
      t.skip(`package.json does not contribute the view ${VIEW_ID} yet: merge readinessTreeContributions into "contributes"`);
      return;
    }
    assertIncluded(readinessTreeContributions, contributes, "contributes");
  });
});
