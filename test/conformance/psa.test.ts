// Conformance: the official PSA fixtures (../shared/conformance/psa) must be judged exactly as upstream judges them.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { evaluatePod, overridersOf, parsePssLevel, parsePssVersion } from "../../rules/pss/policy/index.js";

interface Expectation {
  file: string;
  check: string;
  expect: "pass" | "fail";
  level: string;
  version: string;
  note?: string;
}

/** The repository root: the nearest folder upwards from the working directory whose package.json is kubeready's. */
function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).name === "kubeready") return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const fixtures = resolve(repoRoot(), "..", "shared", "conformance", "psa");
const available = existsSync(join(fixtures, "EXPECTED.json"));

/**
 * Judges one fixture; returns why it mismatches, or undefined when it conforms.
 * PSA mode: exactly what PSA's evaluator reports. In the restricted profile a restricted check replaces its baseline
 * twin (OverrideCheckIDs) and PSA reports only the replacing check; upstream's fixtures only assert a message
 * substring both share, so the replacing check counts. Strict mode (includeOverridden) must name the expected check
 * itself.
 */
function judge(e: Expectation, strict: boolean): string | undefined {
  const level = parsePssLevel(e.level);
  const version = parsePssVersion(e.version);
  if (!level || !version) return `unparseable level/version ${e.level} ${e.version}`;
  const pod = parse(readFileSync(join(fixtures, e.file), "utf8")) as { metadata?: unknown; spec?: unknown };
  const violations = evaluatePod(pod?.metadata, pod?.spec, level, version, { includeOverridden: strict });
  const fired = violations.map((v) => v.checkId);
  if (e.expect === "pass") {
    return violations.length === 0 ? undefined : `expected pass, got ${violations.map((v) => `${v.checkId} (${v.detail})`).join("; ")}`;
  }
  if (violations.length === 0) return `expected ${e.check} to fire, nothing fired`;
  const accepted = new Set([e.check, ...(!strict && level === "restricted" ? overridersOf(e.check, version) : [])]);
  return fired.some((id) => accepted.has(id)) ? undefined : `expected ${[...accepted].join(" or ")}, got ${fired.join(", ")}`;
}

const skip = available ? false : `skipped: ../shared/conformance/psa not found (${fixtures})`;

for (const strict of [false, true]) {
  const mode = strict ? "strict: the expected check itself, with includeOverridden" : "PSA verdicts";
  test(`psa conformance (${mode})`, { skip }, () => {
    const expectations = JSON.parse(readFileSync(join(fixtures, "EXPECTED.json"), "utf8")) as Expectation[];
    assert.ok(expectations.length > 0, "EXPECTED.json lists no fixtures");
    const mismatches: string[] = [];
    let viaOverride = 0;
    for (const e of expectations) {
      const why = judge(e, strict);
      if (why) mismatches.push(`${e.file} [${e.level} ${e.version}]: ${why}`);
      else if (!strict && e.expect === "fail" && e.level === "restricted" && overridersOf(e.check, parsePssVersion(e.version)!).length > 0) viaOverride++;
    }
    const ok = expectations.length - mismatches.length;
    const pct = ((ok / expectations.length) * 100).toFixed(ok === expectations.length ? 0 : 2);
    const note = viaOverride ? ` (${viaOverride} restricted fail fixtures matched through the restricted check that overrides the expected baseline one)` : "";
    console.log(`psa conformance${strict ? " [strict]" : ""}: ${ok}/${expectations.length} (${pct}%)${note}`);
    assert.deepEqual(mismatches, [], `${mismatches.length} fixtures mismatch:\n${mismatches.join("\n")}`);
  });
}
