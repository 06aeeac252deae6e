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

/** Judges one fixture; returns why it mismatches, or undefined when it conforms. */
function judge(e: Expectation): string | undefined {
  const level = parsePssLevel(e.level);
  const version = parsePssVersion(e.version);
  if (!level || !version) return `unparseable level/version ${e.level} ${e.version}`;
  const pod = parse(readFileSync(join(fixtures, e.file), "utf8")) as { metadata?: unknown; spec?: unknown };
  const violations = evaluatePod(pod?.metadata, pod?.spec, level, version);
  const fired = violations.map((v) => v.checkId);
  if (e.expect === "pass") {
    return violations.length === 0 ? undefined : `expected pass, got ${violations.map((v) => `${v.checkId} (${v.detail})`).join("; ")}`;
  }
  if (violations.length === 0) return `expected ${e.check} to fire, nothing fired`;
  // In the restricted profile a restricted check can replace its baseline twin (OverrideCheckIDs): upstream then
  // reports the replacing check, and its fixtures only assert a message substring both share.
  const accepted = new Set([e.check, ...(level === "restricted" ? overridersOf(e.check, version) : [])]);
  return fired.some((id) => accepted.has(id)) ? undefined : `expected ${[...accepted].join(" or ")}, got ${fired.join(", ")}`;
}

test("psa conformance: official Pod Security Admission fixtures", { skip: available ? false : `skipped: ../shared/conformance/psa not found (${fixtures})` }, () => {
  const expectations = JSON.parse(readFileSync(join(fixtures, "EXPECTED.json"), "utf8")) as Expectation[];
  assert.ok(expectations.length > 0, "EXPECTED.json lists no fixtures");
  const mismatches: string[] = [];
  let viaOverride = 0;
  for (const e of expectations) {
    const why = judge(e);
    if (why) mismatches.push(`${e.file} [${e.level} ${e.version}]: ${why}`);
    else if (e.expect === "fail" && e.level === "restricted" && overridersOf(e.check, parsePssVersion(e.version)!).length > 0) viaOverride++;
  }
  const ok = expectations.length - mismatches.length;
  const pct = ((ok / expectations.length) * 100).toFixed(ok === expectations.length ? 0 : 2);
  console.log(`psa conformance: ${ok}/${expectations.length} (${pct}%)` + (viaOverride ? `; ${viaOverride} restricted fail fixtures matched through an overriding check` : ""));
  assert.deepEqual(mismatches, [], `${mismatches.length} fixtures mismatch:\n${mismatches.join("\n")}`);
});
