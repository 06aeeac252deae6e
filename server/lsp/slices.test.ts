// A file of many documents is parsed, checked and schema-validated in slices: the event loop runs between them, the
// result is the one-go result, and a newer text makes the work stop without touching the index (issue 14.3).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { checkFile, parseFile, parseFileInSteps } from "../../rules/engine.js";
import { runSteps } from "../../rules/model/document.js";
import { ensureKubernetesSchema, repositoryRoot } from "../schema/ensureKubernetesSchema.js";
import { installNetworkGuard, type NetworkGuard } from "../schema/networkGuard.js";
import { SchemaLayer } from "./schema.js";
import { MemoryRelease } from "./memory.js";
import { checkInSlices, hasManyDocuments, Pacer, SLICED_FROM_DOCUMENTS } from "./slices.js";
import { Workspace } from "./workspace.js";

const N = SLICED_FROM_DOCUMENTS + 500;
function manyDocuments(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    // Every 100th document is a privileged Pod (findings to compare), one has a syntax error.
    if (i % 100 === 0) s += `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - name: c\n      image: c:1\n      securityContext: {privileged: true}\n`;
    else if (i === 777) s += `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\ndata: {k: v}\n`;
    else s += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: v}\n`;
  }
  return s;
}

/** Counts how often the event loop got to run a `setImmediate` callback while `work` was in progress. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => { if (running) { turns++; setImmediate(tick); } };
  setImmediate(tick);
  const result = await work();
  running = false;
  return { result, turns };
}

/** A pacer that yields at every pause (SLICE_MS of work is a machine's speed; the test must not depend on it). */
const eagerPacer = (stillWanted: () => boolean = () => true) => new Pacer(stillWanted, 0);

describe("sliced analysis of a file of many documents", () => {
  const text = manyDocuments(N);
  const uri = "file:///work/many.yaml";

  it("the stepped parse pauses and gives the one-go parse", () => {
    let pauses = 0;
    const steps = parseFileInSteps(uri, text);
    let r = steps.next();
    while (!r.done) { pauses++; r = steps.next(); }
    const oneGo = parseFile(uri, text);
    assert.ok(pauses >= N / 64, `paused ${pauses} times`);
    assert.deepEqual(r.value.objects.map((o) => [o.kind, o.name, o.source.chunk.line]), oneGo.objects.map((o) => [o.kind, o.name, o.source.chunk.line]));
    assert.deepEqual(r.value.problems.map((p) => [p.rule, p.range]), oneGo.problems.map((p) => [p.rule, p.range]));
    assert.ok(oneGo.problems.some((p) => p.rule === "yaml/syntax"));
    assert.deepEqual(runSteps(parseFileInSteps(uri, text)).objects.length, oneGo.objects.length);
  });

  it("parses and checks in slices with the event loop running in between, and finds what the one-go check finds", async () => {
    const ws = new Workspace();
    const { result: parsed, turns } = await turnsDuring(() => ws.updateInSlices(uri, text, eagerPacer()));
    assert.ok(parsed && turns > 10, `the event loop ran ${turns} times during the parse`);
    assert.equal(ws.index.objectsOf(uri).length, parsed.objects.length);
    const { result: sliced, turns: checkTurns } = await turnsDuring(() => checkInSlices(parsed, ws.index, undefined as never, () => true, eagerPacer()));
    assert.ok(checkTurns > 10, `the event loop ran ${checkTurns} times during the check`);
    const oneGo = checkFile(parsed, ws.index);
    assert.ok(oneGo.some((f) => f.rule.startsWith("pss/")));
    assert.deepEqual(sliced!.map((f) => [f.rule, f.range.start.line, f.message]), oneGo.map((f) => [f.rule, f.range.start.line, f.message]));
  });

  it("gives up when the text is superseded, leaving the index as it was", async () => {
    const ws = new Workspace();
    let wanted = true;
    const pacer = eagerPacer(() => wanted);
    setImmediate(() => { wanted = false; });
    assert.equal(await ws.updateInSlices(uri, text, pacer), undefined);
    assert.equal(ws.index.objectsOf(uri).length, 0);
    assert.equal(ws.parsed(uri), undefined);
  });

  it("gives up while the index's key map is built (after the parse), leaving the index as it was", async () => {
    const ws = new Workspace();
    const other = "file:///work/other.yaml";
    ws.update(other, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c5}\n");
    // Wanted through the whole parse, then given up at the first pause of prepareInSteps.
    let pauses = 0;
    const parsePauses = (() => { let n = 0; const g = parseFileInSteps(uri, text); while (!g.next().done) n++; return n; })();
    const pacer = eagerPacer(() => ++pauses <= parsePauses);
    assert.equal(await ws.updateInSlices(uri, text, pacer), undefined);
    assert.ok(pauses > parsePauses, "gave up before the key map was built");
    assert.equal(ws.index.objectsOf(uri).length, 0);
    assert.deepEqual(ws.index.named("ConfigMap", "default", "c5").map((o) => o.uri), [other]);
  });

  it("a closed file of many documents leaves nothing of it in the index, and the other files' answers are whole", async () => {
    const ws = new Workspace();
    const other = "file:///work/other.yaml";
    ws.update(other, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c5}\n");
    assert.equal(ws.index.ofKind("ConfigMap").length, 1);
    const parsed = await ws.updateInSlices(uri, text, eagerPacer());
    assert.ok(parsed);
    assert.deepEqual(ws.index.named("ConfigMap", "default", "c5").map((o) => o.uri), [other, uri]);
    ws.remove(uri);
    assert.deepEqual(ws.index.ofKind("ConfigMap").map((o) => o.uri), [other]);
    assert.deepEqual(ws.index.named("ConfigMap", "default", "c5").map((o) => o.uri), [other]);
    assert.equal(ws.index.inNamespaceAll("default").length, 1);
  });

  it("tells a file of many documents from its `---` lines, stopping at the n-th", () => {
    assert.equal(hasManyDocuments(manyDocuments(SLICED_FROM_DOCUMENTS)), true);
    assert.equal(hasManyDocuments(manyDocuments(SLICED_FROM_DOCUMENTS - 1)), false);
    assert.equal(hasManyDocuments("apiVersion: v1\nkind: ConfigMap\n", 1), false);
    assert.equal(hasManyDocuments("---\na: 1\n---\nb: 2\n", 2), true);
  });
});

describe("memory given back after a huge file closes", () => {
  it("collects once, after the delay, however many closes came before", async () => {
    let calls = 0;
    const release = new MemoryRelease(5, () => { calls++; });
    release.schedule();
    release.schedule();
    release.schedule();
    assert.equal(calls, 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls, 1);
    assert.equal(release.collections, 1);
  });

  it("does nothing where no collector is available", async () => {
    const release = new MemoryRelease(1, null);
    release.schedule();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(release.collections, 0);
  });
});

describe("schema validation of a file of many documents", () => {
  let guard: NetworkGuard;
  before(() => { guard = installNetworkGuard(); ensureKubernetesSchema(); });
  after(() => guard.restore());

  it("gives the event loop back between documents, with the diagnostics of the one-go validation", async () => {
    const text = manyDocuments(300).replace("image: c:1", "image: c:1\n      imagePullPolicy: Sometimes");
    const doc = TextDocument.create("file:///work/schema.yaml", "yaml", 1, text);
    const parsed = parseFile(doc.uri, text);
    const oneGo = await new SchemaLayer(repositoryRoot, () => undefined).diagnostics(doc, parsed, false);
    assert.ok(oneGo.length > 0);
    const { result, turns } = await turnsDuring(() => new SchemaLayer(repositoryRoot, () => undefined).diagnostics(doc, parsed, false, eagerPacer()));
    assert.ok(turns > 10, `the event loop ran ${turns} times during the validation`);
    assert.deepEqual(result, oneGo);
    let wanted = true;
    setImmediate(() => { wanted = false; });
    assert.equal(await new SchemaLayer(repositoryRoot, () => undefined).diagnostics(doc, parsed, false, eagerPacer(() => wanted)), undefined);
  });
});
