// A read-only snapshot of a cluster: one paginated cluster-wide list per kind, failures turned into error entries, bounded in time.
import type { KubeConfig } from "@kubernetes/client-node";
import { type ClusterError, ClusterRequestError, clusterWideCodes, errorFromException, toClusterError } from "./errors.js";
import { isLiveItem, type NamespaceFilter, namespacePredicate, slimLiveObject } from "./intake.js";
import { type ClusterKind, listPath, readinessKinds } from "./kinds.js";
import { getJson, type RequestTarget, requestTarget } from "./transport.js";
import * as http from "node:http";
import * as https from "node:https";

export interface LiveObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface SnapshotOptions {
  /** Only this namespace (plus the Namespace object itself); otherwise the whole cluster. */
  namespace?: string;
  kinds?: readonly ClusterKind[];
  /** Items per list page (`limit`); the API server's continue token fetches the rest. */
  pageSize?: number;
  /** Deadline for the whole snapshot, not per request. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Lists of different kinds in flight at once. */
  concurrency?: number;
  /** When a cluster-wide list is forbidden, list per visible namespace instead, up to this many namespaces (0 disables). */
  namespaceFallbackLimit?: number;
  /** Objects kept per kind at most (default DEFAULT_MAX_OBJECTS_PER_KIND); a "limit" error says when it was hit. */
  maxObjectsPerKind?: number;
  /**
   * Which namespaces to review (absent: all; `{}`: all but the system namespaces, cluster/intake.ts). Objects of other
   * namespaces are dropped on arrival; the names are kept in `excludedNamespaces`. Not applied with `namespace`.
   */
  namespaces?: NamespaceFilter;
}

export interface ClusterSnapshot {
  context: string;
  server: string;
  objects: LiveObject[];
  errors: ClusterError[];
  /** resourceVersion of each kind's list, for watches that start where the snapshot ended. */
  resourceVersions: Record<string, string>;
  /** Namespaces seen and left out by the namespace filter, sorted (absent: none). */
  excludedNamespaces?: string[];
}

interface ListResponse {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: unknown;
}

/** A connection dropped mid-page is retried (twice, briefly): one flaky socket must not fail a whole snapshot. */
async function getPageWithRetry(target: RequestTarget, path: string, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await getJson(target, path, limits);
    } catch (e) {
      if (!(e instanceof ClusterRequestError) || e.code !== "unreachable" || attempt >= 2 || limits.signal?.aborted) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}

/** Something wrong with what the server sent for one list, reported beside what could be read. */
export interface ListProblem {
  code: "malformed" | "limit";
  message: string;
}

export interface ListLimits {
  pageSize: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Objects kept of this list at most; the rest is not read (a "limit" problem says so). */
  maxObjects?: number;
  /** Objects in namespaces this rejects are dropped on arrival. */
  keepNamespace?: (namespace: string) => boolean;
}

/** Default of `maxObjectsPerKind`: a review of more objects of one kind than this is not what an editor can hold. */
export const DEFAULT_MAX_OBJECTS_PER_KIND = 100_000;

/**
 * Lists every object of a kind at one path, page by page; restarts once from the beginning if the continue token
 * expired (410). Distrusts the answer: a page that is not a list is an error; null, non-object and nameless items are
 * skipped and counted; a continue token seen before stops the paging (a server that never advances would otherwise be
 * asked forever); past `maxObjects` the paging stops. Each kept object is slimmed at once (cluster/intake.ts).
 */
export async function listAllPages(
  target: RequestTarget,
  k: ClusterKind,
  namespace: string | undefined,
  limits: ListLimits,
): Promise<{ items: LiveObject[]; resourceVersion: string; problems: ListProblem[] }> {
  const where = `${k.kind}${namespace ? ` in ${namespace}` : ""}`;
  for (let attempt = 0; ; attempt++) {
    const items: LiveObject[] = [];
    const problems: ListProblem[] = [];
    const seenTokens = new Set<string>();
    let continueToken: string | undefined;
    let resourceVersion = "";
    let malformed = 0;
    let cut = false;
    try {
      do {
        const query = new URLSearchParams({ limit: String(limits.pageSize) });
        if (continueToken) query.set("continue", continueToken);
        const path = `${listPath(k, namespace)}?${query}`;
        const page = (await getPageWithRetry(target, path, limits)) as ListResponse | null;
        if (!page || typeof page !== "object" || Array.isArray(page) || (page.items != null && !Array.isArray(page.items))) {
          throw new ClusterRequestError("malformed", `The answer to the list of ${where} is not a list (no items array); nothing of it was read.`);
        }
        const pageItems: unknown[] = page.items ?? [];
        for (let i = 0; i < pageItems.length; i++) {
          const item = pageItems[i];
          pageItems[i] = undefined; // the page's memory goes as the items are taken
          if (!isLiveItem(item)) {
            malformed++;
            continue;
          }
          if (limits.keepNamespace && item.metadata.namespace && !limits.keepNamespace(item.metadata.namespace)) continue;
          if (limits.keepNamespace && k.kind === "Namespace" && !limits.keepNamespace(item.metadata.name)) continue;
          if (limits.maxObjects !== undefined && items.length >= limits.maxObjects) {
            cut = true; // an object past the cap
            break;
          }
          items.push(slimLiveObject(item as Parameters<typeof slimLiveObject>[0], k.apiVersion, k.kind));
        }
        const metadata = page.metadata && typeof page.metadata === "object" ? page.metadata : {};
        if (typeof metadata.resourceVersion === "string") resourceVersion = metadata.resourceVersion;
        const next = typeof metadata.continue === "string" && metadata.continue ? metadata.continue : undefined;
        if (limits.maxObjects !== undefined && items.length >= limits.maxObjects && (next || cut)) {
          problems.push({ code: "limit", message: `Only the first ${limits.maxObjects} ${k.kind} objects${namespace ? ` in ${namespace}` : ""} were read (the limit per kind); the review of ${k.kind} objects is incomplete.` });
          break;
        }
        if (next && (next === continueToken || seenTokens.has(next))) {
          problems.push({ code: "malformed", message: `The API server's paging of ${where} did not advance (it sent a continue token again after ${seenTokens.size + 1} pages); the list was read up to there.` });
          break;
        }
        if (next) seenTokens.add(next);
        continueToken = next;
      } while (continueToken);
      if (malformed > 0) {
        problems.unshift({ code: "malformed", message: `${malformed} malformed ${k.kind} ${malformed === 1 ? "item was" : "items were"} skipped${namespace ? ` in ${namespace}` : ""} (null, not an object, or without metadata.name).` });
      }
      return { items, resourceVersion, problems };
    } catch (e) {
      if (e instanceof ClusterRequestError && e.code === "gone" && attempt === 0) continue;
      throw e;
    }
  }
}

/** Runs tasks with at most `limit` in flight. */
async function runPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(workers);
}

/** The one message for a failed first request: what failed and at which server, in words a user can act on. */
function discoveryFailure(e: ClusterError, server: string, context: string): string {
  if (e.code === "notFound") {
    return `${server} answered 404 Not Found to GET /api: it is not a Kubernetes API server, or the server URL of context "${context}" in the kubeconfig is wrong.`;
  }
  if (/^Credential plugin timed out/.test(e.message)) return `${e.message} (context "${context}", ${server})`;
  if (e.code === "forbidden") return `${server} refused the discovery request GET /api (403 Forbidden): ${e.message}`;
  return e.message.includes(server) ? e.message : `Cannot read the cluster at ${server}: ${e.message}`;
}

export async function fetchSnapshot(kc: KubeConfig, options: SnapshotOptions = {}): Promise<ClusterSnapshot> {
  const agents: http.Agent[] = [];
  try {
    return await readSnapshot(kc, options, agents);
  } finally {
    // The snapshot's connections end with it (idle keep-alive sockets would otherwise stay until the server drops them).
    for (const a of agents) a.destroy();
  }
}

async function readSnapshot(kc: KubeConfig, options: SnapshotOptions, agents: http.Agent[]): Promise<ClusterSnapshot> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pageSize = options.pageSize ?? 500;
  const kinds = options.kinds ?? readinessKinds;
  const context = kc.getCurrentContext();
  const snapshot: ClusterSnapshot = { context, server: kc.getCurrentCluster()?.server ?? "", objects: [], errors: [], resourceVersions: {} };

  // One deadline for everything, and one switch that stops the remaining lists once the cluster as a whole is out of reach.
  const deadline = AbortSignal.timeout(timeoutMs);
  const giveUp = new AbortController();
  const signal = AbortSignal.any([deadline, giveUp.signal, ...(options.signal ? [options.signal] : [])]);
  const excluded = new Set<string>();
  const keep = options.namespace || !options.namespaces ? undefined : namespacePredicate(options.namespaces);
  const keepNamespace = keep && ((ns: string) => keep(ns) || (excluded.add(ns), false));
  const limits: ListLimits = {
    pageSize,
    timeoutMs,
    signal,
    maxObjects: options.maxObjectsPerKind ?? DEFAULT_MAX_OBJECTS_PER_KIND,
    ...(keepNamespace ? { keepNamespace } : {}),
  };
  const problemsOf = (k: ClusterKind, problems: ListProblem[], namespace?: string): ClusterError[] =>
    problems.map((p) => ({ code: p.code, message: p.message, kind: k.kind, ...(namespace ? { namespace } : {}) }));
  let clusterWide: ClusterError | undefined;
  const fail = (e: unknown, k?: ClusterKind, namespace?: string): ClusterError | undefined => {
    let error = errorFromException(e, snapshot.server, deadline.aborted, timeoutMs);
    // The shared deadline aborts requests through their signal, which they report as "cancelled".
    if (deadline.aborted && !options.signal?.aborted && error.code === "cancelled") {
      error = new ClusterRequestError("timeout", `${snapshot.server} did not answer within ${timeoutMs} ms.`);
    }
    const entry = toClusterError(error, k?.kind, namespace);
    if (clusterWideCodes.has(entry.code)) {
      clusterWide ??= entry;
      giveUp.abort();
      return undefined;
    }
    return entry;
  };

  let target: RequestTarget;
  // One keep-alive connection per list in flight for the whole snapshot, not a TLS handshake (and a secure context
  // built from the kubeconfig's certificates) per page: the extension host's thread did both for every page.
  try {
    target = await requestTarget(kc, { timeoutMs, signal });
    // The client library gives every target a plain agent that closes each connection after its request; a proxy's
    // agent (a subclass) is kept as it is.
    const given = target.options.agent;
    if (!given || given.constructor === https.Agent || given.constructor === http.Agent) {
      const agent = new (target.secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: Math.max(1, options.concurrency ?? 4) });
      agents.push(agent);
      target = { ...target, options: { ...target.options, agent } };
    }
    // One cheap request first: an unreachable cluster or rejected credentials become one message, not one per kind.
    await getJson(target, "/api", limits);
  } catch (e) {
    // Whatever went wrong with the first request (a 404 from something that is not an API server, a TLS failure, a 403
    // on discovery), nothing else will work either: one message, marked fatal, naming the server.
    const entry = fail(e) ?? clusterWide!;
    snapshot.errors = [{ ...entry, message: discoveryFailure(entry, snapshot.server, context), fatal: true }];
    return snapshot;
  }

  const byKind = new Map<ClusterKind, LiveObject[]>();
  const forbiddenClusterWide: Array<{ kind: ClusterKind; error: ClusterError }> = [];
  const scoped = options.namespace;
  const kindsToList = kinds.filter((k) => !scoped || k.namespaced || k.kind === "Namespace" || k.referencedFromNamespaces);

  if (scoped) {
    // The Namespace object of the scope, first and with a single GET (listing all namespaces may be forbidden): lists
    // in a namespace that does not exist answer with nothing, which must not read as "no problems".
    const k = kinds.find((x) => x.kind === "Namespace") ?? { apiVersion: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, customResource: false };
    try {
      const ns = (await getJson(target, `${listPath(k)}/${encodeURIComponent(scoped)}`, limits)) as LiveObject;
      if (kindsToList.includes(k)) byKind.set(k, [{ ...ns, apiVersion: k.apiVersion, kind: k.kind }]);
    } catch (e) {
      const entry = fail(e, k, scoped);
      if (!entry) {
        snapshot.errors = [clusterWide!];
        return snapshot;
      }
      if (entry.code === "notFound") {
        snapshot.errors = [{ ...entry, message: `Namespace "${scoped}" not found in context "${context}" (${snapshot.server}): check the name, or list them with kubectl get namespaces.`, fatal: true }];
        return snapshot;
      }
      snapshot.errors.push(entry); // e.g. not permitted to get namespaces: the lists inside it may still be allowed
    }
  }

  await runPool(kindsToList, options.concurrency ?? 4, async (k) => {
    if (clusterWide) return;
    if (k.kind === "Namespace" && scoped) return; // read above
    try {
      const list = await listAllPages(target, k, scoped, limits);
      byKind.set(k, list.items);
      snapshot.errors.push(...problemsOf(k, list.problems, scoped));
      snapshot.resourceVersions[k.kind] = list.resourceVersion;
    } catch (e) {
      const entry = fail(e, k, scoped);
      if (!entry || entry.code === "notFound") return; // a CRD that is not installed is simply absent
      if (entry.code === "forbidden" && k.namespaced && !scoped) forbiddenClusterWide.push({ kind: k, error: entry });
      else snapshot.errors.push(entry);
    }
  });

  const fallbackLimit = options.namespaceFallbackLimit ?? 100;
  const namespaces = (byKind.get(kinds.find((k) => k.kind === "Namespace")!) ?? []).map((n) => n.metadata.name);
  for (const { kind: k, error } of forbiddenClusterWide) {
    if (clusterWide) break;
    if (fallbackLimit === 0 || namespaces.length === 0 || namespaces.length > fallbackLimit) {
      snapshot.errors.push(error);
      continue;
    }
    const found: LiveObject[] = [];
    const denied: ClusterError[] = [];
    await runPool(namespaces, options.concurrency ?? 4, async (namespace) => {
      if (clusterWide) return;
      try {
        const list = await listAllPages(target, k, namespace, limits);
        found.push(...list.items);
        denied.push(...problemsOf(k, list.problems, namespace));
      } catch (e) {
        const entry = fail(e, k, namespace);
        if (entry && entry.code !== "notFound") denied.push(entry);
      }
    });
    // Forbidden everywhere: one entry for the kind rather than one per namespace.
    if (denied.length === namespaces.length && denied.every((d) => d.code === "forbidden")) snapshot.errors.push(error);
    else snapshot.errors.push(...denied.sort((a, b) => (a.namespace ?? "").localeCompare(b.namespace ?? "")));
    byKind.set(k, found.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`)));
  }

  if (clusterWide) {
    snapshot.errors = [clusterWide];
    return snapshot;
  }
  if (snapshot.errors.length > 0 && snapshot.errors.every((e) => e.code === "forbidden") && !kindsToList.some((k) => byKind.has(k))) {
    // Not one list was permitted: one message (a context without read access), not one line per kind and an empty review.
    const scope = scoped ? `in namespace "${scoped}"` : "across the cluster";
    snapshot.errors = [{
      code: "forbidden",
      status: 403,
      fatal: true,
      message: `Not permitted to read anything ${scope} on ${snapshot.server}: every list was forbidden (403), so the credentials of context "${context}" lack get/list access (first refusal: ${snapshot.errors[0]!.message})`,
    }];
    return snapshot;
  }
  if (excluded.size > 0) snapshot.excludedNamespaces = [...excluded].sort();
  // Kinds in the order asked for, so snapshots of the same cluster are identical whatever order the lists finished in.
  for (const k of kindsToList) snapshot.objects.push(...(byKind.get(k) ?? []));
  snapshot.errors.sort((a, b) => kindsToList.findIndex((k) => k.kind === a.kind) - kindsToList.findIndex((k) => k.kind === b.kind));
  return snapshot;
}
