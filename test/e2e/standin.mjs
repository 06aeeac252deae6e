// Starts the stand-in Kubernetes API server (test/standin/main.ts) with its demo objects for the e2e suite and the demo, when it exists.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { killGroupNow, stopGroup } from "./codeserver.mjs";
import { ROOT } from "./setup.mjs";

export const STANDIN_MAIN = join(ROOT, "test", "standin", "main.ts");

/** True when an extension folder (the installed VSIX, by default the repository) contributes the readiness tree (issue 6). */
export function treeIsPresent(extensionDir = ROOT) {
  const pkg = JSON.parse(readFileSync(join(extensionDir, "package.json"), "utf8"));
  return Object.values(pkg.contributes?.views ?? {}).flat().some((v) => /kubeready/i.test(v.id ?? ""));
}

/** The namespaces of the stand-in's demo cluster, read from its demo manifests. */
export function demoNamespaces() {
  const dir = join(ROOT, "test", "standin", "demo");
  const names = [];
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, f), "utf8"))) {
      const o = doc.toJS();
      if (o?.kind === "Namespace" && o.metadata?.name) names.push(o.metadata.name);
    }
  }
  return names;
}

/**
 * Starts `node --import tsx test/standin/main.ts --demo --port 0 --kubeconfig DIR/kubeconfig` and waits for the
 * lines it prints (its URL and KUBECONFIG=…). Returns null when the stand-in does not exist in this checkout.
 */
export async function startStandinIfPresent({ dir, logFile, port = 0, timeoutMs = 60_000 }) {
  if (!existsSync(STANDIN_MAIN)) return null;
  const kubeconfigPath = join(dir, "kubeconfig");
  const child = spawn(process.execPath, ["--import", "tsx", STANDIN_MAIN, "--demo", "--port", String(port), "--kubeconfig", kubeconfigPath], {
    cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logFile, { flags: "a" });
  child.stderr.pipe(log);
  let out = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stand-in API server did not start within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    child.stdout.on("data", (chunk) => {
      log.write(chunk);
      out += chunk;
      const url = /API server at (\S+)/.exec(out)?.[1];
      const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(out)?.[1]?.trim();
      if (url && kubeconfig) { clearTimeout(timer); resolve({ url, kubeconfig }); }
    });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`the stand-in API server exited (${code}):\n${out}`)); });
  });
  try {
    const { url, kubeconfig } = await ready;
    return { url, kubeconfig, child, namespaces: demoNamespaces(), stop: () => stopGroup(child) };
  } catch (e) {
    killGroupNow(child);
    throw e;
  }
}
