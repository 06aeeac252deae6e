// Watches one kind: list, then watch from the list's resourceVersion; resumes after drops with capped exponential backoff; 410 Gone re-lists.
import type { IncomingMessage } from "node:http";
import { createInterface } from "node:readline";
import type { KubeConfig } from "@kubernetes/client-node";
import { type ClusterError, ClusterRequestError, errorFromException, toClusterError } from "./errors.js";
import { isLiveItem, slimLiveObject } from "./intake.js";
import { type ClusterKind, listPath } from "./kinds.js";
import type { LiveObject } from "./snapshot.js";
import { listAllPages } from "./snapshot.js";
import { openWatchStream, requestTarget } from "./transport.js";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchKindOptions {
  kind: ClusterKind;
  namespace?: string;
  /** Start watching from here instead of listing first (e.g. the resourceVersion of a snapshot). */
  resourceVersion?: string;
  onEvent(type: WatchEventType, object: LiveObject): void;
  /** Called with the full current list after every (re-)list: at start without a resourceVersion, and after 410 Gone. */
  onList?(objects: LiveObject[], resourceVersion: string): void;
  /** Called when a connection fails; the watch keeps retrying until stop(). */
  onError?(error: ClusterError, retryInMs: number): void;
  onConnected?(resourceVersion: string): void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Deadline for a list or for the watch response headers. */
  requestTimeoutMs?: number;
  pageSize?: number;
  /** Asks the server to end each watch after this long, after which it is resumed (as client-go does). */
  watchTimeoutSeconds?: number;
}

export interface KindWatch {
  stop(): void;
  /** Resolves once the watch has stopped for good. */
  done: Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

interface WatchEvent {
  type?: string;
  object?: LiveObject & { code?: number; message?: string };
}

/** Reads one watch stream to its end. Returns the last resourceVersion seen, or undefined when the server said 410 Gone. */
function consumeStream(
  response: IncomingMessage,
  kind: ClusterKind,
  from: string,
  onEvent: WatchKindOptions["onEvent"],
  signal: AbortSignal,
): Promise<{ resourceVersion: string | undefined; eventsSeen: number }> {
  return new Promise((resolve) => {
    let resourceVersion: string | undefined = from;
    let eventsSeen = 0;
    const lines = createInterface({ input: response });
    const finish = () => {
      signal.removeEventListener("abort", abort);
      resolve({ resourceVersion, eventsSeen });
    };
    const abort = () => response.destroy();
    signal.addEventListener("abort", abort);
    lines.on("line", (line) => {
      let event: WatchEvent;
      try {
        event = JSON.parse(line) as WatchEvent;
      } catch {
        return; // a partial line from a dropped connection
      }
      if (!event || typeof event !== "object") return;
      const object = event.object;
      if (!object || typeof object !== "object") return;
      if (event.type === "ERROR") {
        if (object.code === 410) resourceVersion = undefined;
        response.destroy();
        return;
      }
      const rv = object.metadata?.resourceVersion;
      if (typeof rv === "string" && resourceVersion !== undefined) resourceVersion = rv;
      if (event.type === "BOOKMARK") return;
      if (event.type === "ADDED" || event.type === "MODIFIED" || event.type === "DELETED") {
        eventsSeen++;
        // A malformed object (null, nameless) is skipped as a list's would be.
        if (!isLiveItem(object)) return;
        onEvent(event.type, slimLiveObject(object as Parameters<typeof slimLiveObject>[0], kind.apiVersion, kind.kind, false));
      }
    });
    lines.once("close", finish);
    // readline re-emits the stream's errors (a dropped connection); the close that follows ends this stream.
    lines.on("error", () => lines.close());
    response.on("error", () => lines.close());
    response.once("close", () => lines.close());
  });
}

export function watchKind(kc: KubeConfig, options: WatchKindOptions): KindWatch {
  const stopper = new AbortController();
  const signal = stopper.signal;
  const initial = options.initialBackoffMs ?? 500;
  const max = options.maxBackoffMs ?? 30_000;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  let attempt = 0;
  let resourceVersion = options.resourceVersion;

  async function retryAfter(e: unknown): Promise<void> {
    const error = errorFromException(e, kc.getCurrentCluster()?.server ?? "", false, timeoutMs);
    if (signal.aborted) return;
    const delay = backoffDelay(attempt++, initial, max);
    options.onError?.(toClusterError(error, options.kind.kind, options.namespace), delay);
    await sleep(delay, signal);
  }

  async function run(): Promise<void> {
    while (!signal.aborted) {
      try {
        const target = await requestTarget(kc, { timeoutMs, signal });
        if (!resourceVersion) {
          const list = await listAllPages(target, options.kind, options.namespace, { pageSize: options.pageSize ?? 500, timeoutMs, signal });
          resourceVersion = list.resourceVersion;
          options.onList?.(list.items, list.resourceVersion);
        }
        const query = new URLSearchParams({ watch: "1", resourceVersion, allowWatchBookmarks: "true" });
        if (options.watchTimeoutSeconds) query.set("timeoutSeconds", String(options.watchTimeoutSeconds));
        const response = await openWatchStream(target, `${listPath(options.kind, options.namespace)}?${query}`, { timeoutMs, signal });
        attempt = 0;
        options.onConnected?.(resourceVersion);
        const result = await consumeStream(response, options.kind, resourceVersion, options.onEvent, signal);
        if (signal.aborted) break;
        resourceVersion = result.resourceVersion;
        // 410 Gone: re-list at once. A drop or a server-side end: resume after a short, growing pause.
        if (resourceVersion === undefined) continue;
        if (result.eventsSeen === 0) await sleep(backoffDelay(attempt++, initial, max), signal);
        else await sleep(initial, signal);
      } catch (e) {
        if (e instanceof ClusterRequestError && e.code === "gone") {
          resourceVersion = undefined;
          continue;
        }
        await retryAfter(e);
      }
    }
  }

  const done = run();
  return {
    stop: () => stopper.abort(),
    done,
  };
}
