// Fails a CI run whose test log shows tests skipped for want of ../shared (PSA conformance fixtures, the corpus).
// Locally those tests skip with one line; in CI (CI=true) a green run must mean they ran. Usage: node scripts/ci-skips.mjs LOG
import { readFileSync } from "node:fs";

/** Skip reasons that mean "the data these tests need is not beside the clone". */
const NEEDS_SHARED = /\.\.\/shared|shared\/conformance|corpus not found/i;

export function sharedSkips(log) {
  return log.split("\n").filter((line) => /# SKIP\b/.test(line) && NEEDS_SHARED.test(line)).map((line) => line.trim());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) { console.error("usage: node scripts/ci-skips.mjs TEST-LOG"); process.exit(2); }
  const skipped = sharedSkips(readFileSync(file, "utf8"));
  if (skipped.length && process.env.CI === "true") {
    console.error(`ci-skips: ${skipped.length} test(s) skipped because ../shared is missing, and CI=true requires them to run:\n  ${skipped.join("\n  ")}\nClone the repository beside the shared data (../shared/conformance/psa, ../shared/corpus).`);
    process.exit(1);
  }
  console.log(skipped.length ? `ci-skips: ${skipped.length} test(s) skipped for want of ../shared (allowed outside CI)` : "ci-skips: no test skipped for want of ../shared");
}
