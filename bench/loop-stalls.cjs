// Preload (`node --require bench/loop-stalls.cjs server.js`): records every event-loop turn that kept a timer waiting
// longer than KUBEREADY_STALL_MS (default 40), with the main thread's own CPU time in it (from /proc, so a turn that
// only waited for a core on a loaded machine is told apart from one that computed), and writes them as JSON to
// KUBEREADY_STALLS_FILE at exit. Times are CLOCK_MONOTONIC microseconds, the clock of `--cpu-prof` profiles.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");

const out = process.env.KUBEREADY_STALLS_FILE;
if (out) {
  const threshold = Number(process.env.KUBEREADY_STALL_MS || 40);
  const every = 5;
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  /** Main thread CPU time in ms (the first field of schedstat is nanoseconds on the CPU). */
  const cpu = () => { try { return Number(readFileSync(schedstat, "utf8").split(" ")[0]) / 1e6; } catch { return NaN; } };
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const stalls = [];
  const turns = { n: 0, cpuOver50: 0, cpuOver100: 0, maxCpuMs: 0, maxWallMs: 0 };
  let lastAt = now();
  let lastCpu = cpu();
  const tick = () => {
    const at = now();
    const c = cpu();
    const wallMs = (at - lastAt) / 1000 - every;
    const cpuMs = c - lastCpu;
    turns.n++;
    if (cpuMs > 50) turns.cpuOver50++;
    if (cpuMs > 100) turns.cpuOver100++;
    turns.maxCpuMs = Math.max(turns.maxCpuMs, cpuMs);
    turns.maxWallMs = Math.max(turns.maxWallMs, wallMs);
    if (wallMs > threshold) stalls.push({ startUs: lastAt + every * 1000, endUs: at, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs) });
    lastAt = at;
    lastCpu = c;
    setTimeout(tick, every).unref();
  };
  setTimeout(tick, every).unref();
  process.on("exit", () => { writeFileSync(out, JSON.stringify({ threshold, turns, stalls })); });
}
