// Runs helm/kustomize as child processes: bounded time, cancellable, and with every network route closed.
import { spawn } from "node:child_process";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed because it ran past its time limit. */
  timedOut: boolean;
  /** Killed because the caller cancelled it (a newer edit). */
  cancelled: boolean;
  /** The executable could not be started (ENOENT, EACCES): the message says why. */
  spawnError?: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
  /** Output past this many bytes is an error, not a frozen editor. */
  maxBytes?: number;
}

/** Output larger than this is not analysed (64 MiB of rendered YAML is far past any real chart). */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Environment for a renderer: proxies pointed at a closed local port, so a remote base or an unvendored chart
 * dependency fails at once with a clear error instead of reaching the network (rendering must never fetch).
 */
export function offlineEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const closed = "http://127.0.0.1:9";
  return {
    ...process.env,
    HTTP_PROXY: closed, HTTPS_PROXY: closed, http_proxy: closed, https_proxy: closed, ALL_PROXY: closed, all_proxy: closed,
    NO_PROXY: "", no_proxy: "",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: "file",
    ...extra,
  };
}

export function runTool(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const maxBytes = options.maxBytes ?? MAX_OUTPUT_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let timedOut = false, cancelled = false, tooBig = false;
    const finish = (code: number | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      let stderr = Buffer.concat(err).toString("utf8");
      if (tooBig) stderr = `output larger than ${Math.round(maxBytes / 1048576)} MiB; not analysed\n${stderr}`;
      resolve({ code: tooBig ? -1 : code, stdout: tooBig ? "" : Buffer.concat(out).toString("utf8"), stderr, timedOut, cancelled, spawnError, ms: performance.now() - started });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { cwd: options.cwd, env: options.env ?? offlineEnv(), stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    } catch (e) {
      resolve({ code: null, stdout: "", stderr: "", timedOut: false, cancelled: false, spawnError: (e as Error).message, ms: 0 });
      return;
    }
    const kill = () => { try { child.kill("SIGKILL"); } catch { /* already gone */ } };
    const timer = setTimeout(() => { timedOut = true; kill(); }, options.timeoutMs ?? 60_000);
    const onAbort = () => { cancelled = true; kill(); };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort);
    child.stdout!.on("data", (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > maxBytes) { tooBig = true; kill(); return; }
      out.push(b);
    });
    child.stderr!.on("data", (b: Buffer) => { if (err.length < 1000) err.push(b); });
    child.on("error", (e) => finish(null, e.message));
    child.on("close", (code) => finish(code));
  });
}
