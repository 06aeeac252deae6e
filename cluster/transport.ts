// Read-only GETs and watch streams to the API server of a kubeconfig context, with the client library's auth and TLS, deadlines and cancellation.
import * as http from "node:http";
import * as https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { resolveExecCredential } from "./credentials.js";
import { ClusterRequestError, errorFromException, errorFromStatus } from "./errors.js";

/**
 * Where and how to send requests for one context. The client library resolves everything that is hard about a
 * kubeconfig (tokens, exec and OIDC plugins, client certificates, CA data, proxies, skip-TLS); requests then go out
 * as plain GETs so the JSON reaches the rules untouched — the library's typed models drop unknown fields and turn
 * timestamps into Date objects, which the engine must not see.
 */
export interface RequestTarget {
  server: string;
  options: https.RequestOptions;
  secure: boolean;
}

export interface CredentialLimits {
  /** How long the credential step (an exec plugin, an OIDC refresh) may take. */
  timeoutMs?: number;
  /** Aborts the credential step (and kills a running plugin). */
  signal?: AbortSignal;
}

/**
 * The request target of the kubeconfig's current context. An exec credential plugin is run here, not by the client
 * library, so that it runs under the caller's deadline and is killed (with everything it started) when the deadline
 * passes, the caller aborts, or kubeready itself is stopped.
 */
export async function requestTarget(kc: KubeConfig, limits: CredentialLimits = {}): Promise<RequestTarget> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterRequestError("other", `The kubeconfig context "${kc.getCurrentContext()}" names no cluster.`);
  const options: https.RequestOptions = {};
  const timeoutMs = limits.timeoutMs ?? 30_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = limits.signal ? AbortSignal.any([limits.signal, deadline]) : deadline;
  try {
    const withCredential = await resolveExecCredential(kc, signal, timeoutMs);
    // Whatever else the library does here (an OIDC refresh over the network) is raced against the same deadline.
    await raceAbort(withCredential.applyToHTTPSOptions(options), signal);
  } catch (e) {
    if (e instanceof ClusterRequestError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (signal.aborted) {
      if (deadline.aborted && !limits.signal?.aborted) {
        throw new ClusterRequestError("timeout", `Getting credentials for context "${kc.getCurrentContext()}" did not finish within ${timeoutMs} ms.`);
      }
      throw new ClusterRequestError("cancelled", "The request was cancelled.");
    }
    // Credential plugins (exec, OIDC) fail here when a login has expired.
    if (/HTTP protocol is not allowed/.test(message)) throw new ClusterRequestError("other", `${cluster.server}: ${message}`);
    throw new ClusterRequestError("unauthorized", `Could not get credentials for context "${kc.getCurrentContext()}": ${message}`);
  }
  return { server: cluster.server.replace(/\/+$/, ""), options, secure: cluster.server.startsWith("https:") };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => (signal.removeEventListener("abort", onAbort), resolve(v)),
      (e) => (signal.removeEventListener("abort", onAbort), reject(e)),
    );
  });
}

export interface RequestLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Sends GET and resolves with the response once headers arrive; the deadline covers connecting and waiting for headers. */
function send(target: RequestTarget, path: string, limits: RequestLimits, deadline: AbortSignal): Promise<http.IncomingMessage> {
  const url = new URL(target.server + path);
  const signal = limits.signal ? AbortSignal.any([limits.signal, deadline]) : deadline;
  return new Promise((resolve, reject) => {
    const request = (target.secure ? https : http).request(url, {
      ...target.options,
      method: "GET",
      headers: { ...(target.options.headers ?? {}), accept: "application/json" },
      signal,
    });
    request.once("response", (response) => {
      // Errors after the headers (a dropped stream) surface on the response; keep them from becoming uncaught.
      response.on("error", () => undefined);
      resolve(response);
    });
    request.on("error", reject);
    request.end();
  });
}

function readBody(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (c: Buffer) => chunks.push(c));
    response.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", reject);
    response.once("aborted", () => reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
  });
}

/** GET a JSON document; any failure becomes a ClusterRequestError with a code. Never waits longer than timeoutMs. */
export async function getJson(target: RequestTarget, path: string, limits: RequestLimits): Promise<unknown> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await send(target, path, limits, deadline);
    const text = await readBody(response);
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw errorFromStatus(status, body, target.server);
    if (body === undefined) throw new ClusterRequestError("other", `${target.server}${path} did not answer with JSON.`);
    return body;
  } catch (e) {
    throw errorFromException(e, target.server, deadline.aborted && !limits.signal?.aborted, limits.timeoutMs);
  }
}

/** Opens a watch stream; resolves with the 200 response whose body carries newline-delimited events. */
export async function openWatchStream(target: RequestTarget, path: string, limits: RequestLimits): Promise<http.IncomingMessage> {
  // The deadline only covers the wait for headers: a watch stream may then stay open as long as the server keeps it.
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(), limits.timeoutMs);
  let timedOut = false;
  connect.signal.addEventListener("abort", () => (timedOut = true));
  try {
    const response = await send(target, path, limits, connect.signal);
    const status = response.statusCode ?? 0;
    if (status !== 200) {
      const text = await readBody(response).catch(() => "");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      throw errorFromStatus(status, body, target.server);
    }
    return response;
  } catch (e) {
    throw errorFromException(e, target.server, timedOut && !limits.signal?.aborted, limits.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
