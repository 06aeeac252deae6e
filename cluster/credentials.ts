// Exec credential plugins run by kubeready itself: under the caller's deadline, killed with their whole process group
// when it passes, when the caller aborts, or when kubeready stops — never left running.
import { type ChildProcess, spawn } from "node:child_process";
import { KubeConfig, type User } from "@kubernetes/client-node";
import { ClusterRequestError } from "./errors.js";

interface ExecConfig {
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  apiVersion?: string;
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** Plugins still running; killed on deadline, abort, and process exit. */
const running = new Set<ChildProcess>();
/** Credentials per user and plugin invocation, until their expirationTimestamp (absent: for this process's life). */
const cache = new Map<string, { status: ExecCredentialStatus; expires: number }>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // detached: the plugin leads its own process group, so a shell script's children go with it.
    process.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Kills every credential plugin still running (what a CLI calls when it is interrupted). */
export function killCredentialPlugins(): void {
  for (const child of running) killGroup(child);
  running.clear();
}

/** The number of plugins running now (tests). */
export function runningCredentialPlugins(): number {
  return running.size;
}

/** Forgets cached plugin credentials (tests, and a context switch that should ask again). */
export function clearCredentialCache(): void {
  cache.clear();
}

function execOf(user: User | null): ExecConfig | undefined {
  if (!user) return undefined;
  const u = user as User & { exec?: ExecConfig; authProvider?: { name?: string; config?: { exec?: ExecConfig } } };
  return u.exec ?? u.authProvider?.config?.exec;
}

function runPlugin(exec: ExecConfig, signal: AbortSignal): Promise<ExecCredentialStatus> {
  if (!exec.command) return Promise.reject(new Error("the exec section names no command"));
  if (signal.aborted) return Promise.reject(signal.reason);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", killCredentialPlugins);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const e of exec.env ?? []) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: exec.apiVersion ?? "client.authentication.k8s.io/v1",
    kind: "ExecCredential",
    spec: { interactive: false },
  });
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(exec.command, exec.args ?? [], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    } catch (e) {
      reject(e);
      return;
    }
    running.add(child);
    let stdout = "";
    let stderr = "";
    let spawnError: Error | undefined;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-2000)));
    const onAbort = () => {
      killGroup(child);
      running.delete(child);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    child.on("error", (e) => (spawnError = e));
    child.on("close", (code) => {
      signal.removeEventListener("abort", onAbort);
      running.delete(child);
      if (signal.aborted) return;
      if (spawnError) return reject(spawnError);
      if (code !== 0) return reject(new Error(`"${exec.command}" exited with ${code}${stderr.trim() ? `: ${stderr.trim()}` : ""}`));
      try {
        const parsed = JSON.parse(stdout) as { status?: ExecCredentialStatus };
        if (!parsed || typeof parsed !== "object" || !parsed.status || typeof parsed.status !== "object") {
          return reject(new Error(`${exec.command} printed no ExecCredential status`));
        }
        resolve(parsed.status);
      } catch {
        reject(new Error(`${exec.command} printed something that is not an ExecCredential (JSON)`));
      }
    });
  });
}

/**
 * The kubeconfig to take TLS and auth options from: the same one when the current user has no exec plugin, else a
 * copy whose user carries the plugin's token or client certificate. The plugin runs under `signal`; when the signal
 * is a deadline that passes, the plugin is killed and the error says "credential plugin timed out".
 */
export async function resolveExecCredential(kc: KubeConfig, signal: AbortSignal, timeoutMs: number): Promise<KubeConfig> {
  const user = kc.getCurrentUser();
  const exec = execOf(user);
  if (!user || !exec) return kc;
  const key = `${user.name}\0${JSON.stringify(exec)}`;
  let status = cache.get(key);
  if (!status || status.expires <= Date.now()) {
    try {
      const fresh = await runPlugin(exec, signal);
      const expires = fresh.expirationTimestamp ? Date.parse(fresh.expirationTimestamp) : Number.POSITIVE_INFINITY;
      status = { status: fresh, expires: Number.isNaN(expires) ? 0 : expires };
      if (status.expires > Date.now()) cache.set(key, status);
    } catch (e) {
      if (signal.aborted) {
        const reason = signal.reason as { name?: string } | undefined;
        if (reason?.name === "TimeoutError") {
          throw new ClusterRequestError(
            "timeout",
            `Credential plugin timed out: "${exec.command}" (user "${user.name}") gave no credential within ${Math.round(timeoutMs / 100) / 10} s and was stopped.`,
          );
        }
        throw new ClusterRequestError("cancelled", "The request was cancelled.");
      }
      throw new ClusterRequestError("unauthorized", `Could not get credentials for context "${kc.getCurrentContext()}": credential plugin ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const s = status.status;
  const replaced: User = {
    name: user.name,
    ...(s.token ? { token: s.token } : {}),
    ...(s.clientCertificateData ? { certData: Buffer.from(s.clientCertificateData).toString("base64") } : {}),
    ...(s.clientKeyData ? { keyData: Buffer.from(s.clientKeyData).toString("base64") } : {}),
  } as User;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.getClusters(),
    users: kc.getUsers().map((u) => (u.name === user.name ? replaced : u)),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return copy;
}
