// PSA conformance through the real CLI: `kubeready lint --format json --pss-level L --pss-version V` on every fixture.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { kebabCheckId } from "../../rules/pss/pssRule.js";
import { PSS_LATEST_MINOR } from "../../rules/pss/policy/index.js";
import { namedFixtures, type Level } from "./psa-fixture-generator.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "kubeready.js");
const SHARED = resolve(ROOT, "..", "shared", "conformance", "psa");
const built = existsSync(join(ROOT, "dist", "cli.js"));

/** `rules` lists every rule of a finding that stands for several (one root cause, e.g. a container without securityContext). */
interface JsonFinding { file: string; rule: string; rules?: string[] }

/** Runs the CLI over one folder and returns the pss/ rules reported per absolute file path. */
async function lintFolder(dir: string, level: string, version: string): Promise<Map<string, Set<string>>> {
  const { stdout } = await run(process.execPath, [BIN, "lint", dir, "--format", "json", "--pss-level", level, "--pss-version", version, "--fail-on", "never"], { cwd: dir, maxBuffer: 256 * 1024 * 1024 });
  const out = JSON.parse(stdout) as { findings: JsonFinding[] };
  const byFile = new Map<string, Set<string>>();
  for (const f of out.findings) {
    for (const rule of f.rules ?? [f.rule]) {
      if (!rule.startsWith("pss/")) continue;
      const abs = resolve(dir, f.file);
      let s = byFile.get(abs);
      if (!s) byFile.set(abs, (s = new Set()));
      s.add(rule);
    }
  }
  return byFile;
}

function verdict(expect: string, check: string, rules: Set<string> | undefined): string | undefined {
  if (expect === "pass") return rules?.size ? `expected no pss/ finding, got ${[...rules].join(", ")}` : undefined;
  const want = `pss/${kebabCheckId(check)}`;
  if (!rules?.size) return `expected ${want}, got nothing`;
  return rules.has(want) ? undefined : `expected ${want}, got ${[...rules].join(", ")}`;
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

test("official PSA fixtures (../shared/conformance/psa) through the CLI", { skip: !built ? "dist/cli.js missing: run npm run build" : !existsSync(join(SHARED, "EXPECTED.json")) ? "skipped: ../shared/conformance/psa not found" : false }, async () => {
  const expected = JSON.parse(readFileSync(join(SHARED, "EXPECTED.json"), "utf8")) as { file: string; check: string; expect: string; level: string; version: string }[];
  const groups = new Map<string, typeof expected>();
  for (const e of expected) {
    const k = `${e.level}|${e.version}`;
    const g = groups.get(k);
    if (g) g.push(e); else groups.set(k, [e]);
  }
  const mismatches: string[] = [];
  let ok = 0;
  await inBatches([...groups.entries()], 2, async ([k, entries]) => {
    const [level, version] = k.split("|");
    const found = await lintFolder(join(SHARED, "testdata", level, version), level, version);
    for (const e of entries) {
      const problem = verdict(e.expect, e.check, found.get(join(SHARED, e.file)));
      if (problem) mismatches.push(`${e.file}: ${problem}`); else ok++;
    }
  });
  console.log(`psa conformance (CLI, official fixtures): ${ok}/${expected.length} (${((100 * ok) / expected.length).toFixed(1)}%)`);
  assert.deepEqual(mismatches.slice(0, 50), []);
});

const tmp = mkdtempSync(join(tmpdir(), "kubeready-psa-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("every policy version v1.0 … latest: upstream's fixture generator (ported) through the CLI", { skip: !built && "dist/cli.js missing: run npm run build" }, async () => {
  const jobs: { level: Level; minor: number }[] = [];
  for (const level of ["baseline", "restricted"] as Level[]) for (let minor = 0; minor <= PSS_LATEST_MINOR; minor++) jobs.push({ level, minor });
  const mismatches: string[] = [];
  let ok = 0, total = 0;
  await inBatches(jobs, 2, async ({ level, minor }) => {
    const dir = join(tmp, level, `v1.${minor}`);
    const cases = namedFixtures(level, minor);
    for (const c of cases) {
      const path = join(dir, c.file);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, stringify(c.pod));
    }
    const found = await lintFolder(dir, level, `v1.${minor}`);
    for (const c of cases) {
      total++;
      const problem = verdict(c.expect, c.check, found.get(join(dir, c.file)));
      if (problem) mismatches.push(`${level}/v1.${minor}/${relative(dir, join(dir, c.file))}: ${problem}`); else ok++;
    }
  });
  console.log(`psa conformance (CLI, generated v1.0-v1.${PSS_LATEST_MINOR}): ${ok}/${total} (${((100 * ok) / total).toFixed(1)}%)`);
  assert.deepEqual(mismatches.slice(0, 50), []);
});
