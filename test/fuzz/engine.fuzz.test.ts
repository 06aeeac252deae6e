// Fuzzes the engine (parseFile, incremental re-parse, checkFile, fixes, fixAll) with mutated manifests and pathological inputs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isCreate } from "../../rules/api.js";
import { checkFile, parseFile, type Finding } from "../../rules/engine.js";
import { fixAll } from "../../rules/fixall.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import { corpusSamples, FUZZ_RUNS, mutatedDocument, pathologicalInputs, SEED, SEED_MANIFESTS } from "./inputs.js";

/** A call that takes longer than this is a hang for our purposes (generous: the machine is shared). */
const BOUND_MS = 20_000;
const URI = "file:///fuzz/manifest.yaml";

interface Outcome { findings: Finding[]; ms: number }

/** Every finding's range lies inside the text (0-based lines, characters within the line) and starts before it ends. */
function assertRangesInside(text: string, findings: readonly Finding[], label: string): void {
  const lines = text.split("\n");
  for (const f of findings) {
    const { start, end } = f.range;
    const where = `${label}: ${f.rule} ${JSON.stringify(f.range)} (${lines.length} lines)`;
    assert.ok(start.line >= 0 && start.line < lines.length, `start line outside the text: ${where}`);
    assert.ok(end.line >= 0 && end.line < lines.length, `end line outside the text: ${where}`);
    assert.ok(start.character >= 0 && start.character <= lines[start.line].length, `start character outside its line: ${where}`);
    assert.ok(end.character >= 0 && end.character <= lines[end.line].length, `end character outside its line: ${where}`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `range ends before it starts: ${where}`);
  }
}

/** Parses and checks `text` cold, computes every fix and applies its text edits; returns the findings. */
function analyse(text: string, label: string): Outcome {
  const t0 = performance.now();
  const parsed = parseFile(URI, text);
  const index = new WorkspaceIndex();
  index.setFile(URI, parsed.objects);
  const findings = checkFile(parsed, index);
  let fixesBudget = 500;
  assertRangesInside(text, findings, label);
  for (const f of findings) {
    if (fixesBudget-- <= 0) break; // a 2 MB file has tens of thousands of findings: sample their fixes
    const fixes = f.fixes?.() ?? [];
    for (const fix of fixes) {
      for (const e of fix.edits) {
        if (isCreate(e)) { assert.equal(typeof e.text, "string"); continue; }
        assert.ok(e.range.start.line >= 0 && e.range.end.line >= e.range.start.line - 0, `${label}: fix edit range ${JSON.stringify(e.range)}`);
        if (e.uri === URI && text.length < 100_000) applyTextEdits(text, [e]);
      }
    }
  }
  return { findings, ms: performance.now() - t0 };
}

const signature = (fs: readonly Finding[]) => fs.map((f) => `${f.rule}|${f.key}|${JSON.stringify(f.range)}|${f.message}`).sort();

const corpus = corpusSamples(80);
if (corpus.length === 0) console.log("fuzz: ../shared/corpus not found: corpus documents SKIPPED, fuzzing the built-in seed manifests only");
const pool = [...SEED_MANIFESTS, ...corpus.map((c) => c.text)];

describe("engine fuzz", { timeout: 240_000 }, () => {
  it("survives mutated manifests: no exception, ranges inside the text, fixes compute, incremental = cold", () => {
    let runs = 0, findings = 0, fixesChecked = 0;
    fc.assert(
      fc.property(mutatedDocument(pool), fc.nat({ max: 2 ** 30 }), ({ seed, text }, salt) => {
        runs++;
        const label = `seed #${seed}`;
        const cold = analyse(text, label);
        findings += cold.findings.length;
        assert.ok(cold.ms < BOUND_MS, `${label}: analysis took ${cold.ms.toFixed(0)} ms`);
        // Incremental: reaching `text` from the unmutated seed re-uses chunks; the result must equal a cold parse.
        const uri = `file:///fuzz/incremental-${salt}.yaml`;
        const before = parseFile(uri, pool[seed]);
        const after = parseFile(uri, text, {}, before);
        const index = new WorkspaceIndex();
        index.setFile(uri, after.objects);
        const incremental = checkFile(after, index);
        const coldIndex = new WorkspaceIndex();
        const coldParsed = parseFile(uri, text);
        coldIndex.setFile(uri, coldParsed.objects);
        assert.deepEqual(signature(incremental), signature(checkFile(coldParsed, coldIndex)), `${label}: incremental findings differ from a cold analysis`);
        // Fix-all terminates and never breaks a file that parsed.
        const fixed = fixAll(URI, text, {}, []);
        if (fixed.applied > 0) {
          fixesChecked++;
          const re = parseFile(URI, fixed.text);
          assert.equal(re.problems.filter((p) => p.severity === "error").length, 0, `${label}: fixAll produced broken YAML`);
        }
      }),
      { seed: SEED, numRuns: FUZZ_RUNS ?? 250, endOnFailure: true, includeErrorInReport: true },
    );
    console.log(`fuzz: engine: ${runs} mutated documents from ${pool.length} seeds (${corpus.length} corpus files), ${findings} findings, ${fixesChecked} fix-all results re-parsed`);
  });

  for (const { name, text } of pathologicalInputs()) {
    it(`survives ${name}`, () => {
      const out = analyse(text, name);
      assert.ok(out.ms < BOUND_MS, `${name}: analysis took ${out.ms.toFixed(0)} ms`);
      const t0 = performance.now();
      fixAll(URI, text, {}, []);
      assert.ok(performance.now() - t0 < BOUND_MS, `${name}: fixAll took too long`);
      console.log(`fuzz: ${name}: ${out.findings.length} findings in ${out.ms.toFixed(0)} ms`);
    });
  }

  it("survives a 2 MB file under the size limit, and an edit inside it re-uses the other documents", () => {
    const parts: string[] = [];
    for (let i = 0, n = 0; n < 2 * 2 ** 20; i++) { const d = SEED_MANIFESTS[0].replace("name: web", `name: web-${i}`); parts.push(d); n += d.length; }
    const text = parts.join("---\n");
    const first = analyse(text, "2 MB");
    const before = parseFile(URI, text);
    const edited = text.replace("name: web-7", "name: web-7x");
    const after = parseFile(URI, edited, {}, before);
    const reused = after.chunks.filter((c) => before.chunks.includes(c)).length;
    assert.equal(reused, after.chunks.length - 1, "exactly one document re-parsed");
    console.log(`fuzz: 2 MB file: ${first.findings.length} findings in ${first.ms.toFixed(0)} ms; ${reused}/${after.chunks.length} documents re-used after an edit`);
  });
});
