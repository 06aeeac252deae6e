// The Go linters the peer bench races, found in (or built into) the pinned-tools cache by scripts/tools.mjs.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** `source`: the proxy refuses its module path, so it is built from a clone named by the environment variable `gitEnv`. */
export interface Peer { name: string; source?: { gitEnv: string; refused: string } }

export const PEERS: readonly Peer[] = [
  { name: "kube-score" },
  { name: "polaris", source: { gitEnv: "KUBEREADY_POLARIS_GIT", refused: "github.com/fairwindsops/polaris" } },
  { name: "kube-linter", source: { gitEnv: "KUBEREADY_KUBE_LINTER_GIT", refused: "golang.stackrox.io/kube-linter" } },
  { name: "kubeconform" },
];

const TOOLS = join(__dirname, "..", "scripts", "tools.mjs");

/** The cached binary, built first when Go is here and it is missing; `note` says what happened or why it is absent. */
export function ensurePeer(p: Peer): { path?: string; note: string } {
  const have = () => spawnSync(process.execPath, [TOOLS, "path", p.name], { encoding: "utf8" });
  let r = have();
  if (r.status === 0) return { path: r.stdout.trim(), note: "cached" };
  if (spawnSync("go", ["version"]).status !== 0) return { note: "Go is not installed, so it cannot be built here" };
  const git = p.source ? process.env[p.source.gitEnv] : undefined;
  if (p.source && !git) {
    return { note: `not built: the Go module proxy refuses ${p.source.refused} ("403 Forbidden … This module version is not available" for \`go list -m -versions\`), so it is built from a clone: \`node scripts/tools.mjs install ${p.name} --git DIR\` or ${p.source.gitEnv}=DIR` };
  }
  const started = Date.now();
  const build = spawnSync(process.execPath, [TOOLS, "install", p.name, ...(git ? ["--git", git] : [])], { encoding: "utf8", stdio: ["ignore", "inherit", "inherit"] });
  r = have();
  if (build.status !== 0 || r.status !== 0) return { note: `the build failed (exit ${build.status})` };
  return { path: r.stdout.trim(), note: `built in ${((Date.now() - started) / 1000).toFixed(0)} s` };
}

export function peerVersion(p: Peer): string {
  const r = spawnSync(process.execPath, [TOOLS, "list"], { encoding: "utf8" });
  const row = r.stdout.split("\n").find((l) => l.startsWith(`${p.name}\t`))?.split("\t");
  return row ? `${row[1]}${row[3] ? ` (${row[3]})` : ""}` : "?";
}
