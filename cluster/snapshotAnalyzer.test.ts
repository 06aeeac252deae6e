// Snapshot analysis for the editor: on a worker or in slices it finds what analyzeSnapshot finds, lets the event loop run, and a newer analysis supersedes an older one.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateLargeCluster, loadDemoCluster } from "../test/standin/fixtures.js";
import { analyzeSnapshot, type ClusterAnalysis } from "./analyze.js";
import { withoutFixes } from "./analysisWire.js";
import type { ClusterSnapshot, LiveObject } from "./snapshot.js";
import { SnapshotAnalyzer } from "./snapshotAnalyzer.js";
import { buildReadinessTree, buildReadinessTreeSliced } from "./tree.js";

const WORKER_SOURCE = join(__dirname, "analyze-worker.ts");

function snapshotOf(objects: LiveObject[], context = "standin"): ClusterSnapshot {
  const live = objects.map((o, i) => ({ ...o, metadata: { ...o.metadata, uid: `uid-${i}`, resourceVersion: String(i + 1) } }));
  return { context, server: "https://standin", objects: live, errors: [{ code: "forbidden", kind: "Secret", message: "secrets is forbidden" }], resourceVersions: {} };
}

const demo = snapshotOf(loadDemoCluster(new Date("2026-06-01T00:00:00Z")));
const large = snapshotOf(generateLargeCluster({ namespaces: 40, podsPerNamespace: 10 }));

function assertSameAnalysis(actual: ClusterAnalysis | undefined, snapshot: ClusterSnapshot): void {
  assert.ok(actual, "the analysis finished");
  const expected = analyzeSnapshot(snapshot);
  assert.deepEqual(actual.findings, expected.findings.map(withoutFixes));
  assert.equal(actual.context, expected.context);
  assert.deepEqual(actual.errors, expected.errors);
  assert.deepEqual(actual.documents.map((d) => d.uri), expected.documents.map((d) => d.uri));
  assert.ok(actual.documents.every((d, i) => d.object === snapshot.objects[i]), "documents hold the snapshot's own objects");
  // A document's YAML is written when it is opened.
  for (const i of [0, 7, actual.documents.length - 1]) assert.equal(actual.documents[i]!.text, expected.documents[i]!.text);
}

/** Counts event-loop turns while `promise` is pending: synchronous work would allow one at most. */
async function turnsWhile<T>(promise: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let counting = true;
  const count = () => { if (counting) { turns++; setImmediate(count); } };
  setImmediate(count);
  try {
    return { value: await promise, turns };
  } finally {
    counting = false;
  }
}

describe("SnapshotAnalyzer in this thread (no worker)", () => {
  it("finds what analyzeSnapshot finds, without fixes, documents writing their YAML on demand", async () => {
    const analyzer = new SnapshotAnalyzer({ script: null });
    assertSameAnalysis(await analyzer.analyze(demo), demo);
    assert.equal(analyzer.lastPlace, "in-thread");
  });

  it("gives the event loop turns while it analyses", async () => {
    const analyzer = new SnapshotAnalyzer({ script: null, sliceMs: 0 });
    const { value, turns } = await turnsWhile(analyzer.analyze(large));
    assertSameAnalysis(value, large);
    assert.ok(turns >= 10, `the event loop turned during the analysis (${turns} turns)`);
  });

  it("resolves an older analysis to undefined when a newer one starts, and finishes the newer one", async () => {
    const analyzer = new SnapshotAnalyzer({ script: null, sliceMs: 0 });
    const older = analyzer.analyze(large);
    const newer = analyzer.analyze(demo);
    assert.equal(await older, undefined);
    assertSameAnalysis(await newer, demo);
  });

  it("resolves to undefined when cancelled", async () => {
    const analyzer = new SnapshotAnalyzer({ script: null, sliceMs: 0 });
    const pending = analyzer.analyze(large);
    analyzer.cancel();
    assert.equal(await pending, undefined);
  });
});

describe("SnapshotAnalyzer on a worker thread", () => {
  it("finds what analyzeSnapshot finds; a newer analysis stops the worker busy with an older one", async () => {
    const analyzer = new SnapshotAnalyzer({ script: WORKER_SOURCE });
    try {
      assertSameAnalysis(await analyzer.analyze(demo), demo);
      assert.equal(analyzer.lastPlace, "worker");
      const older = analyzer.analyze(large);
      const newer = analyzer.analyze(demo);
      assert.equal(await older, undefined);
      assertSameAnalysis(await newer, demo);
      assert.equal(analyzer.lastPlace, "worker");
      const { value, turns } = await turnsWhile(analyzer.analyze(large));
      assertSameAnalysis(value, large);
      assert.ok(turns >= 10, `the event loop turned during the analysis (${turns} turns)`);
    } finally {
      analyzer.dispose();
    }
  });

  it("analyses in this thread when the worker cannot start", async () => {
    const analyzer = new SnapshotAnalyzer({ script: join(__dirname, "no-such-worker.js") });
    try {
      assertSameAnalysis(await analyzer.analyze(demo), demo);
      assert.equal(analyzer.lastPlace, "in-thread");
    } finally {
      analyzer.dispose();
    }
  });
});

describe("buildReadinessTreeSliced", () => {
  it("builds buildReadinessTree's tree, a namespace at a time", async () => {
    const analysis = analyzeSnapshot(large);
    for (const options of [{}, { onlyFailing: true }, { includeControlledObjects: true }]) {
      const { value, turns } = await turnsWhile(buildReadinessTreeSliced(analysis, options, { sliceMs: 0 }));
      assert.deepEqual(value, buildReadinessTree(analysis, options));
      assert.ok(turns >= 10, `the event loop turned while the tree was built (${turns} turns)`);
    }
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const building = buildReadinessTreeSliced(analyzeSnapshot(large), {}, { sliceMs: 0, signal: controller.signal });
    controller.abort();
    await assert.rejects(building, { name: "AbortError" });
  });
});
