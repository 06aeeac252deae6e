// The Go linters the peer bench races, found in (or built into) the pinned-tools cache by scripts/tools.mjs.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export interface Peer { name: string; versionArgs: string[] }

export const PEERS: readonly Peer[] = [
  { name: "kube-score", versionArgs: ["version"] },
  { name: "kubeconform", versionArgs: ["-v"] },
];

const TOOLS = join(__dirname, "..", "scripts", "tools.mjs");

/** The cached binary, built first when Go is here and it is missing; `note` says what happened or why it is absent. */
export function ensurePeer(p: Peer): { path?: string; note: string } {
  const have = () => spawnSync(process.execPath, [TOOLS, "path", p.name], { encoding: "utf8" });
  let r = have();
  if (r.status === 0) return { path: r.stdout.trim(), note: "cached" };
  if (spawnSync("go", ["version"]).status !== 0) return { note: "Go is not installed, so it cannot be built here" };
  const started = Date.now();
  const build = spawnSync(process.execPath, [TOOLS, "install", p.name], { encoding: "utf8", stdio: ["ignore", "inherit", "inherit"] });
  r = have();
  if (build.status !== 0 || r.status !== 0) return { note: `the build failed (exit ${build.status})` };
  return { path: r.stdout.trim(), note: `built in ${((Date.now() - started) / 1000).toFixed(0)} s` };
}

export function peerVersion(p: Peer): string {
  const r = spawnSync(process.execPath, [TOOLS, "list"], { encoding: "utf8" });
  return r.stdout.split("\n").find((l) => l.startsWith(`${p.name}\t`))?.split("\t")[1] ?? "?";
}
