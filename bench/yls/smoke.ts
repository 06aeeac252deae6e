// Smoke run: keystroke -> publishDiagnostics latency of standalone yaml-language-server on a generated 5,000-line manifest.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { generateManifest, middleReplicasLine } from "./manifest.js";
import { startYamlLanguageServer, YLS_VALIDATION_DELAY_MS } from "./yamlLanguageServer.js";

const LINES = 5000;
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const text = generateManifest(LINES);
  const uri = pathToFileURL(join(tmpdir(), "kubeready-yls-smoke", "manifest.yaml")).toString();
  const line = middleReplicasLine(text);
  const at = { line, character: "  replicas: 2".length };
  const server = await startYamlLanguageServer();
  try {
    const first = server.waitForDiagnostics(uri);
    const openedAt = performance.now();
    await server.open(uri, text);
    const opened = await first;
    console.log(`${server.serverInfo} on Node ${process.version}: ${text.split("\n").length - 1} lines, open -> diagnostics ${(opened.receivedAt - openedAt).toFixed(0)} ms (${opened.diagnostics.length} diagnostics)`);
    const latencies: number[] = [];
    for (let k = 0; k < KEYSTROKES; k++) {
      const typing = k % 2 === 0;
      // Typing "x" after `replicas: 2` makes it a string (one type error); deleting it makes the file clean again.
      const expected = typing ? 1 : 0;
      const published = server.waitForDiagnostics(uri, { accept: (d) => d.length === expected });
      const change = typing
        ? { range: { start: at, end: at }, text: "x" }
        : { range: { start: at, end: { line, character: at.character + 1 } }, text: "" };
      const sentAt = await server.change(uri, [change]);
      latencies.push((await published).receivedAt - sentAt);
    }
    const m = median(latencies);
    console.log(`keystroke -> publishDiagnostics over ${KEYSTROKES} keystrokes: median ${m.toFixed(0)} ms, min ${Math.min(...latencies).toFixed(0)}, max ${Math.max(...latencies).toFixed(0)} ms`);
    console.log(`  of which ${YLS_VALIDATION_DELAY_MS} ms is yaml-language-server's fixed validation delay: median compute ~${(m - YLS_VALIDATION_DELAY_MS).toFixed(0)} ms`);
    console.log(`  server RSS ${(server.residentMemoryBytes() / 2 ** 20).toFixed(0)} MiB; network attempts refused: ${server.networkAttempts().length}`);
  } finally {
    await server.shutdown();
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
