// Worker thread of the readiness tree: analyses a cluster snapshot off the extension host's main thread (dist/cluster-worker.js).
import { type MessagePort, parentPort } from "node:worker_threads";
import type { KubereadyConfig } from "../rules/config.js";
import { analyzeSnapshot } from "./analyze.js";
import { type AnalysisReply, type AnalysisRequest, type AnalysisResult, FINDINGS_PER_MESSAGE, OBJECTS_PER_MESSAGE, toWire } from "./analysisWire.js";
import type { LiveObject } from "./snapshot.js";

interface Job { job: number; context: string; config: KubereadyConfig; results: MessagePort; objects: LiveObject[] }

let current: Job | undefined;

function run(job: Job): void {
  const analysis = analyzeSnapshot({ context: job.context, server: "", objects: job.objects, errors: [], resourceVersions: {} }, job.config);
  const post = (result: AnalysisResult) => job.results.postMessage(result);
  const uris = analysis.documents.map((d) => d.uri);
  for (let from = 0; from < uris.length; from += OBJECTS_PER_MESSAGE) post({ type: "uris", from, uris: uris.slice(from, from + OBJECTS_PER_MESSAGE) });
  const documentOf = new Map(uris.map((u, i) => [u, i]));
  const wire = toWire(analysis.findings, (uri) => documentOf.get(uri) ?? -1);
  for (let from = 0; from < wire.length; from += FINDINGS_PER_MESSAGE) post({ type: "findings", findings: wire.slice(from, from + FINDINGS_PER_MESSAGE) });
}

parentPort?.on("message", (msg: AnalysisRequest) => {
  if (msg.type === "start") {
    current?.results.close();
    current = { job: msg.job, context: msg.context, config: msg.config, results: msg.results, objects: [] };
  } else if (msg.type === "objects" && current?.job === msg.job) {
    for (const o of msg.objects) current.objects.push(o);
  } else if (msg.type === "run" && current?.job === msg.job) {
    const job = current;
    current = undefined;
    let reply: AnalysisReply;
    try {
      run(job);
      reply = { type: "done", job: job.job };
    } catch (e) {
      reply = { type: "failed", job: job.job, message: e instanceof Error ? e.message : String(e) };
    }
    // The main thread reads the results port until it is empty, then closes it.
    parentPort!.postMessage(reply);
  }
});
