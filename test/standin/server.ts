// A stand-in Kubernetes API server for tests, the demo and the benchmark: real REST paths, list paging, watches, auth, 403s, latency and drops.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket } from "node:net";
import { apiGroupList, apiResourceList, type ApiResource, apiResources, coreApiVersions, groupVersionOf, resourceForPath } from "./resources.js";
import { ContinueTokenError, type KubeObject, ObjectStore, type StoredEvent, type WatchEventType } from "./store.js";
import * as statuses from "./status.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { selfSignedCertificate } from "./tls.js";

/** Denies a verb on a resource: everywhere, only at the cluster scope (namespaced grants only), or in one namespace. */
export interface ForbiddenRule {
  resource: string; // plural, e.g. "networkpolicies"
  namespace?: string;
  clusterScopeOnly?: boolean;
  verbs?: ReadonlyArray<"get" | "list" | "watch">;
}

export interface StandinOptions {
  objects?: readonly KubeObject[];
  token?: string;
  /** The token written into the generated kubeconfig (default: the server's token); another value simulates expired credentials. */
  kubeconfigToken?: string;
  user?: string;
  forbidden?: readonly ForbiddenRule[];
  /** Delay before answering each request; a function decides per request path. */
  latencyMs?: number | ((path: string) => number);
  /**
   * Drops a request mid-response (headers and half a body, then the socket is destroyed), as a flaky network or a
   * restarting API server does. `nth` counts the requests to that path so far, starting at 1.
   */
  dropRequest?: (path: string, nth: number) => boolean;
  /** API groups whose resources are not installed (e.g. "monitoring.coreos.com"): their paths answer 404. */
  absentGroups?: readonly string[];
  /**
   * Replaces a list page before it is sent, as a broken or hostile API server would answer (`items: [null]`, a
   * continue token that never changes, a huge page). `path` is the request path without the query.
   */
  rewriteList?: (path: string, page: { kind: string; apiVersion: string; metadata: Record<string, unknown>; items: unknown[] }, query: URLSearchParams) => unknown;
  port?: number;
  tls?: boolean;
  contextName?: string;
  namespace?: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  watch: boolean;
  /** HTTP status answered; -1 when the stand-in dropped the connection on purpose. */
  status: number;
}

export interface Standin {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  requests: RequestRecord[];
  store: ObjectStore;
  /** Records a change and delivers it to open watches; returns the new resourceVersion. */
  inject(event: { type: WatchEventType; object: KubeObject }): number;
  /** Destroys the sockets of all open watches mid-stream, as a dropped connection would. */
  dropWatches(): number;
  openWatches(): number;
  /** TCP connections accepted so far (a client that keeps connections alive opens few). */
  connections(): number;
  /** Resolves once at least `count` watches are open (for tests that must not race the reconnect). */
  waitForWatches(count: number): Promise<void>;
  close(): Promise<void>;
}

interface OpenWatch {
  resource: ApiResource;
  namespace?: string;
  res: ServerResponse;
}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const token = options.token ?? "standin-token";
  const user = options.user ?? "kubeready-reader";
  const installed = apiResources.filter((r) => !options.absentGroups?.includes(r.group));
  const store = new ObjectStore(installed);
  store.seed(options.objects ?? []);
  const requests: RequestRecord[] = [];
  const watches = new Set<OpenWatch>();
  const sockets = new Set<Socket>();
  const watchWaiters: Array<{ count: number; resolve: () => void }> = [];
  let serverAddress = "";

  const latency = (path: string) => (typeof options.latencyMs === "function" ? options.latencyMs(path) : options.latencyMs ?? 0);

  function isForbidden(verb: "get" | "list" | "watch", r: ApiResource, namespace: string | undefined): boolean {
    return (options.forbidden ?? []).some((rule) => {
      if (rule.resource !== r.plural) return false;
      if (rule.verbs && !rule.verbs.includes(verb)) return false;
      if (rule.clusterScopeOnly) return namespace === undefined;
      if (rule.namespace) return namespace === undefined || namespace === rule.namespace;
      return true;
    });
  }

  function send(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  function withType(r: ApiResource, o: KubeObject): KubeObject {
    return { ...o, apiVersion: groupVersionOf(r), kind: r.kind };
  }

  function listItem(r: ApiResource, o: KubeObject): Record<string, unknown> {
    if (!r.builtin) return withType(r, o);
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  }

  function notifyWatchWaiters(): void {
    for (const w of [...watchWaiters]) {
      if (watches.size >= w.count) {
        watchWaiters.splice(watchWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  function writeEvent(w: OpenWatch, event: { type: string; object: unknown }): void {
    w.res.write(JSON.stringify(event) + "\n");
  }

  function serveWatch(res: ServerResponse, r: ApiResource, namespace: string | undefined, query: URLSearchParams): void {
    const from = query.get("resourceVersion");
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders(); // kube-apiserver sends the headers at once, even when no event is ready yet
    const w: OpenWatch = { resource: r, namespace, res };
    if (from && from !== "0" && !store.isResumable(Number(from))) {
      writeEvent(w, { type: "ERROR", object: statuses.gone(`too old resource version: ${from} (${store.resourceVersion})`) });
      res.end();
      return;
    }
    if (!from || from === "0") for (const o of store.all(r, namespace)) writeEvent(w, { type: "ADDED", object: withType(r, o) });
    else for (const e of store.eventsSince(Number(from), r, namespace)) writeEvent(w, { type: e.type, object: withType(r, e.object) });
    watches.add(w);
    notifyWatchWaiters();
    const timeoutSeconds = Number(query.get("timeoutSeconds") ?? 0);
    const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
    res.on("close", () => {
      if (timer) clearTimeout(timer);
      watches.delete(w);
    });
  }

  function serveResource(req: IncomingMessage, res: ServerResponse, url: URL, groupVersion: string, rest: string[]): number {
    // rest: [plural] | [plural, name] | ["namespaces", ns, plural] | ["namespaces", ns, plural, name]
    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) [, namespace, plural, name] = rest;
    else [plural, name] = rest;
    const r = resourceForPath(groupVersion, plural ?? "", installed);
    if (!r || (namespace && !r.namespaced) || rest.length > 4) return notFoundPage(res);
    const watch = url.searchParams.get("watch") === "1" || url.searchParams.get("watch") === "true";
    const verb = name ? "get" : watch ? "watch" : "list";
    if (isForbidden(verb, r, namespace)) return sendStatus(res, statuses.forbidden(user, verb, r, namespace, name));
    if (name) {
      const o = store.get(r, namespace, name);
      if (!o) return sendStatus(res, statuses.notFound(r, name));
      send(res, 200, withType(r, o));
      return 200;
    }
    if (watch) {
      serveWatch(res, r, namespace, url.searchParams);
      return 200;
    }
    const limit = Number(url.searchParams.get("limit") ?? 0) || undefined;
    try {
      const page = store.list(r, namespace, limit, url.searchParams.get("continue") ?? undefined);
      const body = {
        kind: `${r.kind}List`,
        apiVersion: groupVersionOf(r),
        metadata: {
          resourceVersion: page.resourceVersion,
          ...(page.continueToken ? { continue: page.continueToken, remainingItemCount: page.remainingItemCount } : {}),
        } as Record<string, unknown>,
        items: page.items.map((o) => listItem(r, o)) as unknown[],
      };
      send(res, 200, options.rewriteList ? options.rewriteList(url.pathname, body, url.searchParams) : body);
      return 200;
    } catch (e) {
      if (!(e instanceof ContinueTokenError)) throw e;
      return sendStatus(res, e.expired ? statuses.gone(e.message) : statuses.badRequest(e.message));
    }
  }

  function sendStatus(res: ServerResponse, body: statuses.StatusBody): number {
    send(res, body.code, body);
    return body.code;
  }

  function notFoundPage(res: ServerResponse): number {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("404 page not found\n");
    return 404;
  }

  function route(req: IncomingMessage, res: ServerResponse, url: URL): number {
    if (req.method !== "GET") return sendStatus(res, statuses.methodNotAllowed());
    if (req.headers.authorization !== `Bearer ${token}`) return sendStatus(res, statuses.unauthorized());
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (url.pathname === "/version") {
      send(res, 200, { major: "1", minor: "33", gitVersion: "v1.33.0-kubeready-standin", platform: "linux/amd64" });
      return 200;
    }
    if (parts[0] === "api") {
      if (parts.length === 1) return send(res, 200, coreApiVersions(serverAddress)), 200;
      if (parts[1] !== "v1") return notFoundPage(res);
      if (parts.length === 2) return send(res, 200, apiResourceList("v1", installed)), 200;
      return serveResource(req, res, url, "v1", parts.slice(2));
    }
    if (parts[0] === "apis") {
      if (parts.length === 1) return send(res, 200, apiGroupList(installed)), 200;
      if (parts.length === 2) return notFoundPage(res);
      const groupVersion = `${parts[1]}/${parts[2]}`;
      if (parts.length === 3) {
        const list = apiResourceList(groupVersion, installed);
        return list ? (send(res, 200, list), 200) : notFoundPage(res);
      }
      return serveResource(req, res, url, groupVersion, parts.slice(3));
    }
    return notFoundPage(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    const record: RequestRecord = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      watch: url.searchParams.get("watch") === "1" || url.searchParams.get("watch") === "true",
      status: 0,
    };
    requests.push(record);
    const delay = latency(url.pathname);
    if (delay > 0) {
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), delay);
        req.socket.once("close", () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (closed) return;
    }
    if (options.dropRequest?.(url.pathname, requests.filter((r) => r.path === url.pathname).length)) {
      record.status = -1;
      res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      res.write('{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[{"metadata":');
      setImmediate(() => req.socket.destroy());
      return;
    }
    try {
      record.status = route(req, res, url);
    } catch (e) {
      record.status = 500;
      if (!res.headersSent) send(res, 500, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: String(e), reason: "InternalError", code: 500 });
    }
  }

  const dir = mkdtempSync(join(tmpdir(), "kubeready-standin-"));
  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  let server: Server;
  let caPem: string | undefined;
  if (options.tls) {
    const cert = selfSignedCertificate(dir);
    caPem = cert.certPem;
    server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, listener);
  } else {
    server = createHttpServer(listener);
  }
  let connections = 0;
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  serverAddress = `127.0.0.1:${port}`;
  const contextName = options.contextName ?? "standin";
  const kubeconfigPath = writeKubeconfig(join(dir, "kubeconfig"), [
    { name: contextName, server: url, token: options.kubeconfigToken ?? token, ...(options.namespace ? { namespace: options.namespace } : {}), ...(caPem ? { caPem } : {}) },
  ]);

  function deliver(event: StoredEvent): void {
    for (const w of watches) {
      if (w.resource !== event.resource) continue;
      if (w.namespace && w.namespace !== event.object.metadata.namespace) continue;
      writeEvent(w, { type: event.type, object: withType(event.resource, event.object) });
    }
  }

  return {
    url,
    port,
    kubeconfigPath,
    token,
    requests,
    store,
    inject(event) {
      const stored = store.apply(event.type, event.object);
      deliver(stored);
      return stored.resourceVersion;
    },
    dropWatches() {
      const open = [...watches];
      for (const w of open) w.res.socket?.destroy();
      watches.clear();
      return open.length;
    },
    openWatches: () => watches.size,
    connections: () => connections,
    waitForWatches(count) {
      return new Promise<void>((resolve) => {
        watchWaiters.push({ count, resolve });
        notifyWatchWaiters();
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
