// .ci/run fails when the tests that need ../shared were skipped while CI=true (scripts/ci-skips.mjs).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const SCRIPT = join(import.meta.dirname, "..", "scripts", "ci-skips.mjs");
const LOG = [
  "ok 1 - psa conformance (engine) # SKIP skipped: ../shared/conformance/psa not found (/x/shared/conformance/psa)",
  "ok 2 - fix safety over the corpus # SKIP corpus not found at /x/shared/corpus: SKIPPED",
  "ok 3 - something else # SKIP dist/cli.js missing: run npm run build",
].join("\n");

function runWith(log: string, ci: string | undefined) {
  const file = join(mkdtempSync(join(tmpdir(), "kubeready-ci-")), "test.log");
  writeFileSync(file, log);
  const env = { ...process.env };
  delete env.CI;
  if (ci !== undefined) env.CI = ci;
  return spawnSync(process.execPath, [SCRIPT, file], { encoding: "utf8", env });
}

describe("ci-skips", () => {
  it("fails in CI when tests were skipped for want of ../shared, naming them", () => {
    const r = runWith(LOG, "true");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /2 test\(s\) skipped because \.\.\/shared is missing/);
  });
  it("passes outside CI, and in CI when nothing needed ../shared", () => {
    assert.equal(runWith(LOG, undefined).status, 0);
    assert.equal(runWith("ok 1 - psa conformance (engine)\nok 3 - x # SKIP dist/cli.js missing", "true").status, 0);
  });
});
