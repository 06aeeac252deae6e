// The messages between the extension host and the snapshot-analysis worker, and the compact form findings travel in.
import type { Severity } from "../rules/api.js";
import type { KubereadyConfig } from "../rules/config.js";
import type { Finding, ObjectRef } from "../rules/engine.js";
import type { Range } from "../rules/model/position.js";
import type { MessagePort } from "node:worker_threads";
import type { LiveObject } from "./snapshot.js";

/**
 * Main thread → worker. A job is `start`, its objects in batches (each posted in its own turn of the event loop, so
 * no single structured clone of 17,000 objects blocks the extension host), then `run`.
 */
export type AnalysisRequest =
  | { type: "start"; job: number; context: string; config: KubereadyConfig; results: MessagePort }
  | { type: "objects"; job: number; objects: LiveObject[] }
  | { type: "run"; job: number };

/**
 * Worker → main thread, on the job's `results` port: the documents' URIs and the findings in batches. The main thread
 * reads them one at a time (`receiveMessageOnPort`), giving its event loop turns in between: a port's listener
 * would get every queued message in one go, and deserialising them all blocks for as long as the analysis is big.
 */
export type AnalysisResult =
  | { type: "uris"; from: number; uris: string[] }
  | { type: "findings"; findings: WireFinding[] };

/** Worker → main thread, on the worker's own port: the job's results are all posted, or it failed. */
export type AnalysisReply =
  | { type: "done"; job: number }
  | { type: "failed"; job: number; message: string };

/**
 * A finding without its `fixes` thunk (functions do not cross threads; nothing fixes live objects), as a tuple: a
 * structured clone writes every property name of every object again, so tuples are a third the size. The document
 * is its index in the snapshot's objects; findings of one object share one `ObjectRef` (cloned once per message).
 */
export type WireFinding = [
  document: number, rule: string, severity: Severity, message: string, key: string, fixable: Finding["fixable"],
  startLine: number, startCharacter: number, endLine: number, endCharacter: number, object: ObjectRef | 0,
  /** A grouped finding's rules and a finding's related places (rare: absent otherwise). */
  extra?: { rules?: string[]; related?: Finding["related"] },
];

/**
 * Findings per message: small enough that reading one message back stays well under a frame — on a loaded machine
 * too, where a few milliseconds of CPU take ten times as long (1,000 took 5–10 ms to deserialise).
 */
export const FINDINGS_PER_MESSAGE = 250;
/**
 * Objects per message to the worker, and URIs per message back: the structured clone is made on the sending thread
 * in one go, ~20 µs per slimmed pod (500 took 9–13 ms of the extension host's CPU per message).
 */
export const OBJECTS_PER_MESSAGE = 100;

/** Encodes findings for the trip; `documentOf` maps a finding's URI to its document's index. */
export function toWire(findings: readonly Finding[], documentOf: (uri: string) => number): WireFinding[] {
  const refs = new Map<number, ObjectRef>();
  return findings.map((f) => {
    const doc = documentOf(f.uri);
    let object: ObjectRef | 0 = 0;
    if (f.object) {
      const seen = refs.get(doc);
      const same = seen && seen.apiVersion === f.object.apiVersion && seen.kind === f.object.kind && seen.namespace === f.object.namespace && seen.name === f.object.name;
      object = same ? seen : { apiVersion: f.object.apiVersion, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name };
      if (!same) refs.set(doc, object);
    }
    const { start, end } = f.range;
    const row: WireFinding = [doc, f.rule, f.severity, f.message, f.key, f.fixable, start.line, start.character, end.line, end.character, object];
    if (f.rules || f.related) row.push({ ...(f.rules ? { rules: f.rules } : {}), ...(f.related ? { related: f.related } : {}) });
    return row;
  });
}

function rangeOf(ranges: Map<string, Range>, sl: number, sc: number, el: number, ec: number): Range {
  const key = `${sl}:${sc}:${el}:${ec}`;
  let range = ranges.get(key);
  if (!range) ranges.set(key, (range = { start: { line: sl, character: sc }, end: { line: el, character: ec } }));
  return range;
}

/** Rule ids, severities, fix safeties as this thread already holds them: 50,000 findings share a few dozen strings, not 150,000 copies. */
const ruleIds = new Map<string, string>();

function interned(rule: string): string {
  const known = ruleIds.get(rule);
  if (known !== undefined) return known;
  ruleIds.set(rule, rule);
  return rule;
}

/**
 * Decodes findings; `uris` are the documents' URIs by index. Equal ranges are one object, from `ranges` (pass the
 * same map for all of an analysis's findings): objects of one kind put the same fields on the same lines, so 50,000
 * findings have a few hundred ranges, and the main thread's garbage collector has 150,000 objects fewer to move.
 */
export function fromWire(wire: readonly WireFinding[], uris: readonly string[], ranges: Map<string, Range> = new Map()): Finding[] {
  return wire.map(([doc, rule, severity, message, key, fixable, sl, sc, el, ec, object, extra]) => ({
    ...(extra?.rules ? { rules: extra.rules } : {}),
    ...(extra?.related ? { related: extra.related } : {}),
    rule: interned(rule),
    severity: interned(severity) as Severity,
    message,
    uri: uris[doc]!,
    range: rangeOf(ranges, sl, sc, el, ec),
    ...(object ? { object } : {}),
    key,
    fixable: interned(fixable) as Finding["fixable"],
  }));
}

/**
 * A finding as the wire carries it back (everything but `fixes` and `facts`): what in-thread analysis keeps too, to
 * compare. The root-cause keys are for folding a run's output (`kubeready cluster` analyses in its own thread); the
 * tree does not fold, and 50,000 findings' keys would double what crosses threads.
 */
export function withoutFixes(f: Finding): Finding {
  const { fixes: _fixes, facts: _facts, ...rest } = f;
  return rest;
}
