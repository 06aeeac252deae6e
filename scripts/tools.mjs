#!/usr/bin/env node
// Installs the pinned Go tools the render tests and bench use (helm, kustomize), built from the Go module proxy with
// `go install MODULE@VERSION`, into a cache folder reused between runs: $KUBEREADY_TOOLS_DIR or
// $HOME/.cache/kubeready/bin. A tool already built at its pinned version is not built again (its version stamp is
// kept beside it as NAME.version). Where Go is missing, prints one line saying so and exits 0: the tests that need
// the tools then skip with their own line.
//
//   node scripts/tools.mjs install [NAME...]   build the named pinned tools (all when none named)
//   node scripts/tools.mjs install NAME --git DIR   build a source-pinned tool (below) from a git clone or mirror DIR
//   node scripts/tools.mjs path NAME           print the cached binary's path (exit 1 when not installed)
//   node scripts/tools.mjs list                pinned tools, versions, installed or not
//
// To pin another Go tool, add a line to PINS: name, module path of its main package, version.
//
// Source pins: a tool whose module path the Go module proxy refuses (403 "This module version is not available", as for
// Polaris and kube-linter on this machine) cannot be `go install`ed by version. It is built with `go build` from its
// source at a pinned tag whose commit is checked (its dependencies still come from the proxy); the source is a git
// repository the caller names with --git, since nothing here downloads source.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const PINS = {
  // helm v3: the newest v3 release the module proxy serves that builds with this machine's Go (1.26).
  helm: { module: "helm.sh/helm/v3/cmd/helm", version: "v3.21.4" },
  // kustomize v5: built from its own module (not kubectl's embedded copy, which lags).
  kustomize: { module: "sigs.k8s.io/kustomize/kustomize/v5", version: "v5.8.2" },
  // Peers raced by `npm run bench` (bench/peers.ts) only; `install` without names leaves them out.
  "kube-score": { module: "github.com/zegl/kube-score/cmd/kube-score", version: "v1.20.0", bench: true },
  kubeconform: { module: "github.com/yannh/kubeconform/cmd/kubeconform", version: "v0.8.0", bench: true },
  // Source-pinned peers: their module paths answer 403 on the proxy (checked 2026-12-08: `go list -m -versions`).
  polaris: { module: "github.com/fairwindsops/polaris", version: "v10.2.2", bench: true,
    source: { repo: "github.com/FairwindsOps/polaris", commit: "dafa0b74fc09a9505849b0a6f8c78f1c364d0112", pkg: ".", ldflags: "-X main.Version=10.2.2" } },
  "kube-linter": { module: "golang.stackrox.io/kube-linter/cmd/kube-linter", version: "v0.8.3", bench: true,
    source: { repo: "github.com/stackrox/kube-linter", commit: "10ae003038c81855aca8489df5e35da150f4dc2e", pkg: "./cmd/kube-linter", ldflags: "-X golang.stackrox.io/kube-linter/internal/version.version=0.8.3" } },
};

export function toolsDir() {
  return process.env.KUBEREADY_TOOLS_DIR || join(homedir(), ".cache", "kubeready", "bin");
}

export function installedPath(name) {
  const pin = PINS[name];
  if (!pin) return undefined;
  const bin = join(toolsDir(), name);
  const stamp = bin + ".version";
  if (!existsSync(bin) || !existsSync(stamp)) return undefined;
  return readFileSync(stamp, "utf8").trim() === `${pin.module}@${pin.version}` ? bin : undefined;
}

function haveGo() {
  const r = spawnSync("go", ["version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The pinned source tree of a source-pinned tool, written from the git repository `gitDir` into `into`; an error text when it cannot be. */
export function checkoutPinned(pin, gitDir, into) {
  if (!gitDir) return `${pin.module} is not served by the Go module proxy (403), so it is built from source: pass --git DIR, a clone of ${pin.source.repo}`;
  const git = (args, opts = {}) => spawnSync("git", [`--git-dir=${gitDir}`, ...args], { encoding: "utf8", maxBuffer: 1 << 30, ...opts });
  const rev = git(["rev-parse", "--verify", "--quiet", `${pin.version}^{commit}`]);
  if (rev.status !== 0) return `${gitDir} has no tag ${pin.version}`;
  if (rev.stdout.trim() !== pin.source.commit) return `${gitDir}: tag ${pin.version} is ${rev.stdout.trim()}, not the pinned ${pin.source.commit}`;
  mkdirSync(into, { recursive: true });
  const archive = git(["archive", "--format=tar", pin.source.commit], { encoding: "buffer" });
  if (archive.status !== 0) return `git archive failed: ${String(archive.stderr).trim()}`;
  const tar = spawnSync("tar", ["-x", "-C", into], { input: archive.stdout });
  return tar.status === 0 ? undefined : `tar failed: ${String(tar.stderr).trim()}`;
}

/** A clone's git directory: DIR/.git for a work tree, DIR itself for a bare clone or mirror. */
function gitDirOf(dir) {
  return dir && existsSync(join(dir, ".git")) ? join(dir, ".git") : dir;
}

function installFromSource(name, pin, gitArg) {
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  const src = join(dir, `.src-${name}-${process.pid}`);
  const why = checkoutPinned(pin, gitDirOf(gitArg), src);
  if (why) { rmSync(src, { recursive: true, force: true }); console.error(`tools: ${name}: ${why}`); return false; }
  const started = Date.now();
  const out = join(dir, `.build-${name}-${process.pid}`);
  console.log(`tools: building ${name} ${pin.version} from source (${pin.source.repo} at ${pin.source.commit.slice(0, 12)}; dependencies from the Go module proxy; nice)`);
  const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: [process.env.GOFLAGS, "-trimpath", "-mod=mod"].filter(Boolean).join(" ") };
  const r = spawnSync("nice", ["-n", "10", "go", "build", `-ldflags=-s -w ${pin.source.ldflags ?? ""}`.trim(), "-o", out, pin.source.pkg], { cwd: src, env, stdio: "inherit" });
  rmSync(src, { recursive: true, force: true });
  if (r.status !== 0 || !existsSync(out)) { rmSync(out, { force: true }); console.error(`tools: building ${name} failed (exit ${r.status})`); return false; }
  renameSync(out, join(dir, name));
  writeFileSync(join(dir, name) + ".version", `${pin.module}@${pin.version}\n`);
  console.log(`tools: ${name} ${pin.version} built in ${((Date.now() - started) / 1000).toFixed(0)} s → ${join(dir, name)}`);
  return true;
}

function install(name, gitArg) {
  const pin = PINS[name];
  if (!pin) { console.error(`tools: unknown tool "${name}" (pinned: ${Object.keys(PINS).join(", ")})`); return false; }
  if (installedPath(name)) { console.log(`tools: ${name} ${pin.version} already in ${toolsDir()}`); return true; }
  if (pin.source) return installFromSource(name, pin, gitArg);
  const dir = toolsDir();
  mkdirSync(dir, { recursive: true });
  // Build into a private GOBIN and move the binary in place, so a half-built tool is never picked up.
  const tmp = join(dir, `.build-${name}-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  console.log(`tools: building ${pin.module}@${pin.version} (nice; first build takes minutes, later runs reuse it)`);
  const env = { ...process.env, GOBIN: tmp, CGO_ENABLED: "0", GOFLAGS: [process.env.GOFLAGS, "-trimpath"].filter(Boolean).join(" ") };
  const args = ["-n", "10", "go", "install", "-ldflags=-s -w", `${pin.module}@${pin.version}`];
  const r = spawnSync("nice", args, { env, stdio: "inherit" });
  const built = join(tmp, pin.module.split("/").filter((p) => !/^v\d+$/.test(p)).pop());
  if (r.status !== 0 || !existsSync(built)) {
    rmSync(tmp, { recursive: true, force: true });
    console.error(`tools: building ${name} failed (exit ${r.status})`);
    return false;
  }
  renameSync(built, join(dir, name));
  writeFileSync(join(dir, name) + ".version", `${pin.module}@${pin.version}\n`);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`tools: ${name} ${pin.version} built in ${((Date.now() - started) / 1000).toFixed(0)} s → ${join(dir, name)}`);
  return true;
}

function main(argv) {
  const gitAt = argv.indexOf("--git");
  const gitArg = gitAt >= 0 ? argv[gitAt + 1] : undefined;
  if (gitAt >= 0) argv = argv.filter((_, i) => i !== gitAt && i !== gitAt + 1);
  const [cmd, ...names] = argv;
  if (cmd === "path") {
    const p = installedPath(names[0]);
    if (!p) process.exit(1);
    console.log(p);
    return;
  }
  if (cmd === "list") {
    for (const [name, pin] of Object.entries(PINS)) console.log(`${name}\t${pin.module}@${pin.version}\t${installedPath(name) ?? "not installed"}${pin.source ? `\tfrom source ${pin.source.repo}@${pin.source.commit.slice(0, 12)}` : ""}`);
    return;
  }
  if (cmd !== "install") {
    console.error("usage: node scripts/tools.mjs install [NAME...] [--git DIR] | path NAME | list");
    process.exit(2);
  }
  const go = haveGo();
  if (!go) { console.log("tools: Go is not installed; skipping the pinned tools (render tests will skip)"); return; }
  let ok = true;
  for (const name of names.length ? names : Object.keys(PINS).filter((n) => !PINS[n].bench)) ok = install(name, gitArg) && ok;
  if (!ok) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
