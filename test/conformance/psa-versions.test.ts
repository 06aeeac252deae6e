// Every policy version v1.0-v1.37: upstream's fixture generator (ported) judged by our PSA port, and the port
// of the generator itself checked against the official fixtures that ../shared carries for v1.25+.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { evaluatePod, overridersOf, PSS_LATEST_MINOR } from "../../rules/pss/policy/index.js";
import { minimalValidOSPod, namedFixtures, type Level } from "./psa-fixture-generator.js";

const LEVELS: Level[] = ["baseline", "restricted"];
const MINORS = Array.from({ length: PSS_LATEST_MINOR + 1 }, (_, i) => i);

function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    try {
      if (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name === "kubeready") return dir;
    } catch {
      // no package.json here
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
const shared = resolve(repoRoot(), "..", "shared", "conformance", "psa", "testdata");

test("generated fixtures v1.0-latest: pass pods pass, fail pods fail on their check", () => {
  const mismatches: string[] = [];
  let total = 0;
  for (const level of LEVELS) {
    for (const minor of MINORS) {
      const version = { major: 1 as const, minor };
      const cases = namedFixtures(level, minor);
      for (const os of ["linux", "windows"] as const) {
        cases.push({ file: `pass/base_${os}.yaml`, expect: "pass", check: "", pod: minimalValidOSPod(level, minor, os) });
      }
      for (const c of cases) {
        total++;
        const where = `${level}/v1.${minor}/${c.file}`;
        const ids = evaluatePod(c.pod.metadata, c.pod.spec, level, version).map((v) => v.checkId);
        if (c.expect === "pass" && ids.length > 0) mismatches.push(`${where}: expected pass, got ${ids.join(", ")}`);
        if (c.expect === "fail") {
          const accepted = [c.check, ...(level === "restricted" ? overridersOf(c.check, version) : [])];
          if (!ids.some((id) => accepted.includes(id))) mismatches.push(`${where}: expected ${accepted.join(" or ")}, got ${ids.join(", ") || "nothing"}`);
          // with includeOverridden the expected check itself must be named
          const strict = evaluatePod(c.pod.metadata, c.pod.spec, level, version, { includeOverridden: true }).map((v) => v.checkId);
          if (!strict.includes(c.check)) mismatches.push(`${where}: [strict] expected ${c.check}, got ${strict.join(", ") || "nothing"}`);
        }
        if (c.expect === "pass" && evaluatePod(c.pod.metadata, c.pod.spec, level, version, { includeOverridden: true }).length > 0) {
          mismatches.push(`${where}: [strict] expected pass`);
        }
      }
    }
  }
  console.log(`psa generated fixtures v1.0-v1.${PSS_LATEST_MINOR}: ${total - mismatches.length}/${total}`);
  assert.deepEqual(mismatches, []);
});

test("the generator port reproduces the official fixtures of v1.25+", { skip: existsSync(shared) ? false : "skipped: ../shared/conformance/psa not found" }, () => {
  const problems: string[] = [];
  let compared = 0;
  for (const level of LEVELS) {
    for (const dir of readdirSync(join(shared, level))) {
      const minor = Number(/^v1\.(\d+)$/.exec(dir)?.[1]);
      if (!Number.isInteger(minor)) continue;
      const generated = new Map(namedFixtures(level, minor).map((f) => [f.file, f.pod]));
      for (const kind of ["pass", "fail"]) {
        for (const name of readdirSync(join(shared, level, dir, kind))) {
          const file = `${kind}/${name}`;
          const official = parse(readFileSync(join(shared, level, dir, file), "utf8"));
          let ours = generated.get(file);
          if (!ours && (name === "base_linux.yaml" || name === "base_windows.yaml")) {
            ours = minimalValidOSPod(level, minor, name === "base_linux.yaml" ? "linux" : "windows");
            ours.metadata = { name: name.replace(/\.yaml$/, "") };
          }
          generated.delete(file);
          if (!ours) {
            problems.push(`${level}/${dir}/${file}: not generated`);
            continue;
          }
          compared++;
          try {
            assert.deepStrictEqual(ours, official);
          } catch {
            problems.push(`${level}/${dir}/${file}: differs\n  ours:     ${JSON.stringify(ours)}\n  official: ${JSON.stringify(official)}`);
          }
        }
      }
      for (const file of generated.keys()) problems.push(`${level}/${dir}/${file}: generated but not official`);
    }
  }
  console.log(`psa generator vs official fixtures: ${compared - problems.filter((p) => p.includes("differs")).length}/${compared} identical`);
  assert.deepEqual(problems, []);
});
