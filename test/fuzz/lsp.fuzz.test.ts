// Fuzzes the language server over stdio: mutated and pathological documents, edits, code actions and hovers; it must keep answering.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { startLspServer, type LspClient } from "../lsp/client.js";
import { corpusSamples, FUZZ_RUNS, mutatedDocument, pathologicalInputs, SEED, SEED_MANIFESTS } from "./inputs.js";

const SERVER = join(__dirname, "..", "..", "dist", "server.js");
/** Every request and every publication must come within this bound (generous: the machine is shared). */
const BOUND_MS = 30_000;

function within<T>(p: Promise<T>, label: string, ms = BOUND_MS): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms`)), ms).unref())]);
}

/** Diagnostics ranges lie inside the document as the editor sees it (lines split on \n). */
function assertInside(text: string, diagnostics: readonly Diagnostic[], label: string): void {
  const lines = text.split("\n");
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length,
        `${label}: ${d.code} range ${JSON.stringify(d.range)} outside the text (${lines.length} lines)`);
    }
  }
}

const corpus = corpusSamples(40);
if (corpus.length === 0) console.log("fuzz: ../shared/corpus not found: corpus documents SKIPPED, fuzzing the built-in seed manifests only");
const pool = [...SEED_MANIFESTS, ...corpus.map((c) => c.text)];

describe("language server fuzz", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build", timeout: 300_000 }, () => {
  let dir: string;
  let client: LspClient;
  let n = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-lsp-fuzz-"));
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `text`, checks its diagnostics, asks for every code action and a hover, optionally edits it, closes it. */
  async function exercise(text: string, label: string, edit?: { line: number; character: number; deleteChars: number; insert: string }): Promise<number> {
    const uri = pathToFileURL(join(dir, `fuzz-${++n}.yaml`)).toString();
    const opened = client.waitForDiagnostics(uri, (p) => p.version === 1, BOUND_MS);
    client.open(uri, text, 1);
    let p: PublishDiagnosticsParams = await within(opened, `${label}: diagnostics after open`);
    assertInside(text, p.diagnostics, label);
    if (edit) {
      const changed = client.waitForDiagnostics(uri, (q) => q.version === 2, BOUND_MS);
      // Positions may lie past the end of a line or of the document: the server must clamp, as editors do.
      client.change(uri, 2, [{ range: { start: { line: edit.line, character: edit.character }, end: { line: edit.line, character: edit.character + edit.deleteChars } }, text: edit.insert }]);
      p = await within(changed, `${label}: diagnostics after an edit`);
    }
    const whole = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };
    const actions = (await within(client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri }, range: whole, context: { diagnostics: p.diagnostics.slice(0, 50) },
    }), `${label}: codeAction`)) as CodeAction[] | null;
    assert.ok(Array.isArray(actions), `${label}: codeAction answered ${JSON.stringify(actions)}`);
    await within(client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri }, range: whole, context: { diagnostics: [], only: ["source.fixAll.kubeready"] },
    }), `${label}: fix-all`);
    const d = p.diagnostics[0];
    await within(client.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position: d?.range.start ?? { line: 0, character: 0 } }), `${label}: hover`);
    client.close(uri);
    assert.equal(client.process.exitCode, null, `${label}: the server exited; stderr: ${client.stderr().slice(-2000)}`);
    return p.diagnostics.length;
  }

  it("answers every mutated document, edit, code action and hover", async () => {
    let runs = 0, diagnostics = 0;
    await fc.assert(
      fc.asyncProperty(
        mutatedDocument(pool),
        fc.record({ line: fc.nat({ max: 400 }), character: fc.nat({ max: 200 }), deleteChars: fc.nat({ max: 30 }), insert: fc.constantFrom("", "x", "\t", ": ", "- ", "\n", "---\n", "#", "🚀", "{", "\u0000", "  privileged: true\n") }),
        async ({ seed, text }, edit) => {
          runs++;
          diagnostics += await exercise(text, `seed #${seed}`, edit);
        },
      ),
      { seed: SEED, numRuns: FUZZ_RUNS ? Math.ceil(FUZZ_RUNS / 5) : 40, endOnFailure: true, includeErrorInReport: true },
    );
    console.log(`fuzz: lsp: ${runs} mutated documents (${corpus.length} corpus seeds), ${diagnostics} diagnostics, every request answered`);
  });

  for (const { name, text } of pathologicalInputs()) {
    it(`answers after ${name}`, async () => {
      const t0 = performance.now();
      const count = await exercise(text, name, { line: 2, character: 0, deleteChars: 1, insert: "x" });
      console.log(`fuzz: lsp: ${name}: ${count} diagnostics, handled in ${(performance.now() - t0).toFixed(0)} ms`);
    });
  }

  it("still analyses a normal manifest correctly afterwards", async () => {
    const uri = pathToFileURL(join(dir, "after-fuzz.yaml")).toString();
    const wait = client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "hardening/read-only-root-filesystem" || ((d.data as { rules?: string[] } | undefined)?.rules ?? []).includes("hardening/read-only-root-filesystem")), BOUND_MS);
    client.open(uri, SEED_MANIFESTS[0]);
    await within(wait, "diagnostics of a normal manifest");
    assert.doesNotMatch(client.stderr(), /Unhandled|FATAL|heap out of memory/i);
  });
});
