// Lists the synchronous stretches of a V8 CPU profile (`node --cpu-prof`): runs of samples with no idle sample between
// them, longer than a threshold, with where their time went. Used to find what delays a request on the server.
// Usage: node --import tsx bench/cpu-blocks.ts PROFILE.cpuprofile [minMs=50]
import { readFileSync } from "node:fs";

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] }

export interface Block { startMs: number; ms: number; samples: number; self: [string, number][]; entries: [string, number][]; gcMs: number }

const IDLE = new Set(["(idle)", "(program)"]);

function frameName(n: Node): string {
  const f = n.callFrame;
  const file = f.url.replace(/^.*\/(node_modules\/)?/, "");
  return `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
}

/** Stretches of the profile without an idle sample, longer than `minMs`, each with its top self-time frames and its entry frames. */
export function blocksOf(p: Profile, minMs: number, top = 6): Block[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const rootId = p.nodes[0]!.id;
  /** The frame just below the root's direct children that are not runtime glue: where a macrotask entered JS. */
  const entryOf = (id: number): string => {
    const chain: Node[] = [];
    for (let at: number | undefined = id; at !== undefined && at !== rootId; at = parent.get(at)) chain.push(byId.get(at)!);
    chain.reverse();
    // Skip the event loop's own frames (processImmediate, listOnTimeout, processTicksAndRejections…) to the first user frame.
    const user = chain.find((n) => /\/(dist|rules|server|render|cluster)\//.test(n.callFrame.url) || /kubeready|server\.js/.test(n.callFrame.url));
    const at = chain.findIndex((n) => n === user);
    return user ? chain.slice(Math.max(0, at), at + 3).map(frameName).join(" > ") : chain.slice(0, 3).map(frameName).join(" > ") || "(root)";
  };
  const out: Block[] = [];
  let t = p.startTime;
  let cur: { start: number; end: number; ids: number[]; dts: number[] } | undefined;
  const flush = () => {
    if (!cur) return;
    const ms = (cur.end - cur.start) / 1000;
    if (ms >= minMs) {
      const self = new Map<string, number>();
      const entries = new Map<string, number>();
      let gc = 0;
      cur.ids.forEach((id, i) => {
        const dt = cur!.dts[i]! / 1000;
        const n = byId.get(id)!;
        const name = frameName(n);
        self.set(name, (self.get(name) ?? 0) + dt);
        if (n.callFrame.functionName === "(garbage collector)") gc += dt;
        const e = entryOf(id);
        entries.set(e, (entries.get(e) ?? 0) + dt);
      });
      const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, Math.round(v)] as [string, number]);
      out.push({ startMs: (cur.start - p.startTime) / 1000, ms, samples: cur.ids.length, self: sorted(self), entries: sorted(entries), gcMs: Math.round(gc) });
    }
    cur = undefined;
  };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    const n = byId.get(p.samples[i]!)!;
    if (IDLE.has(n.callFrame.functionName)) { flush(); continue; }
    // The sample stands for the interval before it.
    if (!cur) cur = { start: t - dt, end: t, ids: [], dts: [] };
    cur.end = t;
    cur.ids.push(n.id);
    cur.dts.push(dt);
  }
  flush();
  return out;
}

/** The samples of `p` inside [startUs, endUs] (monotonic µs, as loop-stalls.cjs records), summarised like a block. */
export function windowOf(p: Profile, startUs: number, endUs: number, top = 6): Block {
  const all = blocksOf({ ...p, ...clip(p, startUs, endUs) }, 0, top);
  const merged: Block = { startMs: (startUs - p.startTime) / 1000, ms: (endUs - startUs) / 1000, samples: 0, self: [], entries: [], gcMs: 0 };
  const self = new Map<string, number>(), entries = new Map<string, number>();
  for (const b of all) {
    merged.samples += b.samples;
    merged.gcMs += b.gcMs;
    for (const [k, v] of b.self) self.set(k, (self.get(k) ?? 0) + v);
    for (const [k, v] of b.entries) entries.set(k, (entries.get(k) ?? 0) + v);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  merged.self = sorted(self);
  merged.entries = sorted(entries);
  return merged;
}

/** The samples of a window as a profile of their own (same nodes). */
function clip(p: Profile, startUs: number, endUs: number): Pick<Profile, "samples" | "timeDeltas" | "startTime"> {
  const samples: number[] = [], timeDeltas: number[] = [];
  let t = p.startTime, last = startUs;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < startUs || t > endUs) continue;
    samples.push(p.samples[i]!);
    timeDeltas.push(t - last);
    last = t;
  }
  return { samples, timeDeltas, startTime: startUs };
}

function print(b: Block, head: string): void {
  console.log(`\n${head}`);
  console.log(`  entered at: ${b.entries.map(([k, v]) => `${v} ms ${k}`).join("\n              ")}`);
  console.log(`  self:       ${b.self.map(([k, v]) => `${v} ms ${k}`).join("\n              ")}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  const [file, stallsFile] = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
  const minMs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 50);
  if (!file) { console.error("usage: bench/cpu-blocks.ts PROFILE.cpuprofile [STALLS.json] [minMs]"); process.exit(2); }
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const total = profile.timeDeltas.reduce((s, d) => s + d, 0) / 1000;
  if (stallsFile) {
    // Event-loop turns (from loop-stalls.cjs) whose main-thread CPU time passed minMs: what ran in each.
    const { turns, stalls } = JSON.parse(readFileSync(stallsFile, "utf8")) as { turns: Record<string, number>; stalls: { startUs: number; endUs: number; wallMs: number; cpuMs: number }[] };
    const heavy = stalls.filter((s) => s.cpuMs >= minMs);
    console.log(`${file}: ${(total / 1000).toFixed(1)} s profiled; ${turns.n} loop turns, ${turns.cpuOver50} over 50 ms CPU, ${turns.cpuOver100} over 100 ms, max ${turns.maxCpuMs?.toFixed?.(0)} ms CPU / ${turns.maxWallMs?.toFixed?.(0)} ms wall; ${stalls.length} stalls ≥ threshold in wall time, ${heavy.length} with ≥ ${minMs} ms CPU`);
    for (const s of heavy) print(windowOf(profile, s.startUs, s.endUs), `@${((s.startUs - profile.startTime) / 1e6).toFixed(2)} s: ${s.wallMs} ms wall, ${s.cpuMs} ms main-thread CPU`);
  } else {
    const blocks = blocksOf(profile, minMs);
    console.log(`${file}: ${(total / 1000).toFixed(1)} s profiled, ${blocks.length} stretch(es) of ≥ ${minMs} ms without an idle sample`);
    for (const b of blocks) print(b, `@${(b.startMs / 1000).toFixed(2)} s: ${b.ms.toFixed(0)} ms (${b.samples} samples, GC ${b.gcMs} ms)`);
  }
}
