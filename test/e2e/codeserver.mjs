// Starts and stops code-server (VS Code in the browser) for the end-to-end suite and the demo, and installs the built extension into it.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdtempSync, rmSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./setup.mjs";

/** Settings that keep the workbench quiet and deterministic: no welcome page, no trust prompt, no network. */
export const QUIET_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "github.copilot.enable": { "*": false },
  "editor.lightbulb.enabled": "on",
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "redhat.telemetry.enabled": false,
  "git.enabled": false,
  "remote.autoForwardPorts": false,
  "workbench.editor.enablePreview": false,
  "npm.autoDetect": "off",
  "typescript.disableAutomaticTypeAcquisition": true,
  "window.restoreWindows": "none",
  "window.zoomLevel": 0,
};

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Installs a VSIX into an extensions folder with code-server's own installer (what a user does). */
export function installVsix({ tools, vsix, extensionsDir, userDataDir }) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const config = join(userDataDir, "code-server.yaml");
  if (!existsSync(config)) writeFileSync(config, "auth: none\ncert: false\n");
  const res = spawnSync(tools.node.bin, [tools.codeServer.entry, "--config", config, "--extensions-dir", extensionsDir, "--user-data-dir", userDataDir, "--install-extension", vsix, "--force"], {
    encoding: "utf8", timeout: 120_000, env: { ...process.env, VSCODE_CLI_DISABLE_KEYCHAIN_ENCRYPT: "1" },
  });
  const out = `${res.stdout ?? ""}${res.stderr ?? ""}`;
  if (res.status !== 0 || !/successfully installed|already installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${res.status}):\n${out.trim().split("\n").slice(-30).join("\n")}`);
  }
  return out.trim();
}

/**
 * Starts code-server on 127.0.0.1 with a fresh user-data-dir; resolves once it answers HTTP.
 * The process runs in its own process group so that stop() ends the extension host and language server with it.
 */
export async function startCodeServer({ tools, extensionsDir, userDataDir, workspace, logFile, env = {}, port, settings = {}, timeoutMs = 120_000 }) {
  port ??= await freePort();
  mkdirSync(join(userDataDir, "User"), { recursive: true });
  writeFileSync(join(userDataDir, "User", "settings.json"), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  writeFileSync(join(userDataDir, "code-server.yaml"), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    tools.codeServer.entry,
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir", userDataDir,
    "--extensions-dir", extensionsDir,
    // Its own config file, so that nothing is read from or written to ~/.config/code-server.
    "--config", join(userDataDir, "code-server.yaml"),
    workspace,
  ];
  // code-server's IPC sockets go to TMPDIR: a private one, removed on stop, leaves nothing behind in /tmp.
  const privateTmp = mkdtempSync(join(tmpdir(), "kubeready-cs-"));
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(tools.node.bin, args, {
    cwd: workspace,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, TMPDIR: privateTmp, CS_DISABLE_FILE_DOWNLOADS: "1" },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.once("exit", (code, signal) => { exited = { code, signal }; });
  const url = `http://127.0.0.1:${port}/`;
  const handle = {
    url,
    port,
    child,
    logFile,
    userDataDir,
    stop: async () => { await stopGroup(child); rmSync(privateTmp, { recursive: true, force: true }); },
    removeTmp: () => rmSync(privateTmp, { recursive: true, force: true }),
    logTail: (n = 60) => logTail(logFile, n),
    extensionLogs: () => extensionLogs(userDataDir),
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start (${JSON.stringify(exited)}); log tail:\n${logTail(logFile, 60)}`);
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return handle;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s; log tail:\n${logTail(logFile, 60)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** SIGTERM to a detached child's whole process group, SIGKILL after a grace period. */
export async function stopGroup(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  try { process.kill(-child.pid, "SIGTERM"); } catch { return; }
  const timer = new Promise((r) => setTimeout(r, graceMs, "timeout"));
  if ((await Promise.race([gone, timer])) === "timeout") {
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
  }
}

/** Synchronous last resort (process 'exit' handlers cannot await). */
export function killGroupNow(child) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
}

export function logTail(file, n = 60) {
  try { return readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n"); } catch { return `(no log at ${file})`; }
}

/** The extension host's and kubeready's own log files under the user-data-dir, newest last, with their tails. */
export function extensionLogs(userDataDir, n = 40) {
  const found = [];
  const walk = (dir) => {
    let names;
    try { names = readdirSync(dir); } catch { return; }
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/kubeready|exthost|remoteexthost/i.test(name) && name.endsWith(".log")) found.push(p);
    }
  };
  walk(join(userDataDir, "logs"));
  return found.map((f) => `--- ${f.slice(userDataDir.length + 1)}\n${logTail(f, n)}`).join("\n");
}

/** Builds the production bundles and the VSIX (npm run package); returns the VSIX path. */
export function packageExtension() {
  const res = spawnSync("npm", ["run", "--silent", "package"], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
  if (res.status !== 0) throw new Error(`npm run package failed (exit ${res.status}):\n${`${res.stdout}\n${res.stderr}`.trim().split("\n").slice(-30).join("\n")}`);
  const vsix = join(ROOT, "kubeready.vsix");
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/**
 * Copies an unpackaged extension folder into an extensions folder and registers it in extensions.json
 * (once a VSIX was installed there, VS Code loads only what that file lists).
 */
export function addFolderExtension(extensionsDir, sourceDir) {
  const manifest = JSON.parse(readFileSync(join(sourceDir, "package.json"), "utf8"));
  const id = `${manifest.publisher}.${manifest.name}`;
  const folder = `${id}-${manifest.version}`;
  const target = join(extensionsDir, folder);
  cpSync(sourceDir, target, { recursive: true });
  const listFile = join(extensionsDir, "extensions.json");
  const list = existsSync(listFile) ? JSON.parse(readFileSync(listFile, "utf8")) : [];
  const entry = {
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, fsPath: target, external: pathToFileURL(target).href, path: target, scheme: "file" },
    relativeLocation: folder,
    metadata: { installedTimestamp: Date.now(), source: "vsix" },
  };
  writeFileSync(listFile, JSON.stringify([...list.filter((e) => e.identifier?.id !== id), entry]));
  return id;
}
