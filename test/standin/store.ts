// The stand-in's object store: objects by resource, a cluster-wide resourceVersion, watch event history and list paging.
import { randomUUID } from "node:crypto";
import { type ApiResource, resourceForKind } from "./resources.js";

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; [key: string]: unknown };
  [key: string]: unknown;
};

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredEvent {
  type: WatchEventType;
  object: KubeObject;
  resourceVersion: number;
  resource: ApiResource;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export class ContinueTokenError extends Error {
  constructor(message: string, readonly expired: boolean) {
    super(message);
  }
}

export class ObjectStore {
  private readonly objects = new Map<ApiResource, Map<string, KubeObject>>();
  private readonly history: StoredEvent[] = [];
  /** The oldest resourceVersion a watch may resume from; older ones get 410 Gone. */
  private oldestResumable = 1;
  private revision = 1;
  /** Sorted lists by resource and namespace, valid at one revision (see `sorted`). */
  private readonly listCache = new Map<string, { revision: number; items: readonly KubeObject[] }>();

  constructor(readonly installed: readonly ApiResource[]) {}

  get resourceVersion(): number {
    return this.revision;
  }

  /** Adds fixture objects without recording watch events (the cluster's initial state); kinds the server does not serve are skipped. */
  seed(objects: readonly KubeObject[]): void {
    for (const o of objects) if (resourceForKind(o.apiVersion, o.kind, this.installed)) this.put(o);
    this.oldestResumable = this.revision;
  }

  /** Applies a change as the API server would and records it for watchers; returns the stored event. */
  apply(type: WatchEventType, object: KubeObject): StoredEvent {
    const stored = type === "DELETED" ? this.remove(object) : this.put(object);
    const event: StoredEvent = { type, object: stored.object, resourceVersion: this.revision, resource: stored.resource };
    this.history.push(event);
    return event;
  }

  /** Forgets the event history, as etcd compaction does: watches from older resourceVersions get 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.oldestResumable = this.revision;
  }

  isResumable(resourceVersion: number): boolean {
    return resourceVersion >= this.oldestResumable;
  }

  eventsSince(resourceVersion: number, resource: ApiResource, namespace?: string): StoredEvent[] {
    return this.history.filter(
      (e) => e.resource === resource && e.resourceVersion > resourceVersion && (!namespace || e.object.metadata.namespace === namespace),
    );
  }

  get(resource: ApiResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(resource)?.get(key(namespace, name));
  }

  all(resource: ApiResource, namespace?: string): KubeObject[] {
    return [...this.sorted(resource, namespace)];
  }

  /**
   * A resource's objects in list order, sorted once per revision: a paged list of 50,000 pods asks for it 100 times,
   * and a real API server reads its pages off etcd in key order rather than sorting the whole resource for each one.
   */
  private sorted(resource: ApiResource, namespace: string | undefined): readonly KubeObject[] {
    const cacheKey = `${resource.group}/${resource.plural}|${namespace ?? ""}`;
    const hit = this.listCache.get(cacheKey);
    if (hit && hit.revision === this.revision) return hit.items;
    const items = [...(this.objects.get(resource)?.values() ?? [])]
      .filter((o) => !namespace || o.metadata.namespace === namespace)
      .sort((a, b) => key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)));
    this.listCache.set(cacheKey, { revision: this.revision, items });
    return items;
  }

  /** One page of a list; the continue token is opaque to clients (base64 of the list's revision and the offset). */
  list(resource: ApiResource, namespace: string | undefined, limit: number | undefined, continueToken: string | undefined): ListPage {
    let offset = 0;
    let listRevision = this.revision;
    if (continueToken) {
      const decoded = decodeToken(continueToken);
      if (!this.isResumable(decoded.rv)) throw new ContinueTokenError("The provided continue parameter is too old to display a consistent list result.", true);
      offset = decoded.offset;
      listRevision = decoded.rv;
    }
    const all = this.sorted(resource, namespace);
    const end = limit && limit > 0 ? Math.min(offset + limit, all.length) : all.length;
    const page: ListPage = { items: all.slice(offset, end), resourceVersion: String(listRevision) };
    if (end < all.length) {
      page.continueToken = Buffer.from(JSON.stringify({ rv: listRevision, offset: end })).toString("base64url");
      page.remainingItemCount = all.length - end;
    }
    return page;
  }

  private put(object: KubeObject): { object: KubeObject; resource: ApiResource } {
    const resource = this.resourceOf(object);
    const namespace = resource.namespaced ? object.metadata.namespace ?? "default" : undefined;
    let byName = this.objects.get(resource);
    if (!byName) this.objects.set(resource, (byName = new Map()));
    const previous = byName.get(key(namespace, object.metadata.name));
    this.revision += 1;
    const stored: KubeObject = structuredClone(object);
    stored.metadata = {
      ...stored.metadata,
      ...(namespace ? { namespace } : {}),
      uid: previous?.metadata.uid ?? stored.metadata.uid ?? randomUUID(),
      resourceVersion: String(this.revision),
      creationTimestamp: previous?.metadata.creationTimestamp ?? stored.metadata.creationTimestamp ?? "2026-01-05T09:00:00Z",
    };
    if (!resource.namespaced) delete stored.metadata.namespace;
    byName.set(key(namespace, object.metadata.name), stored);
    return { object: stored, resource };
  }

  private remove(object: KubeObject): { object: KubeObject; resource: ApiResource } {
    const resource = this.resourceOf(object);
    const namespace = resource.namespaced ? object.metadata.namespace ?? "default" : undefined;
    const byName = this.objects.get(resource);
    const previous = byName?.get(key(namespace, object.metadata.name));
    byName?.delete(key(namespace, object.metadata.name));
    this.revision += 1;
    const gone: KubeObject = structuredClone(previous ?? object);
    gone.metadata = { ...gone.metadata, resourceVersion: String(this.revision) };
    return { object: gone, resource };
  }

  private resourceOf(object: KubeObject): ApiResource {
    const resource = resourceForKind(object.apiVersion, object.kind, this.installed);
    if (!resource) throw new Error(`stand-in: no API resource for ${object.apiVersion} ${object.kind}`);
    return resource;
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

function decodeToken(token: string): { rv: number; offset: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { rv?: unknown; offset?: unknown };
    if (typeof parsed.rv === "number" && typeof parsed.offset === "number") return { rv: parsed.rv, offset: parsed.offset };
  } catch {
    // fall through to the error below
  }
  throw new ContinueTokenError("continue key is not valid", false);
}

