// Keeps a snapshot current with one watch per kind (from the list's resourceVersion) and reports changes, debounced.
import type { KubeConfig } from "@kubernetes/client-node";
import type { ClusterError } from "./errors.js";
import { type NamespaceFilter, namespacePredicate } from "./intake.js";
import { type ClusterKind, readinessKinds } from "./kinds.js";
import type { ClusterSnapshot, LiveObject } from "./snapshot.js";
import { type KindWatch, watchKind, type WatchEventType } from "./watch.js";

function objectId(o: LiveObject): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

/** Applies one watch event to a kind's objects (keyed by namespace/name); returns whether anything changed. */
export function applyWatchEvent(objects: Map<string, LiveObject>, type: WatchEventType, object: LiveObject): boolean {
  const id = objectId(object);
  if (type === "DELETED") return objects.delete(id);
  const previous = objects.get(id);
  if (previous && previous.metadata.resourceVersion === object.metadata.resourceVersion) return false;
  objects.set(id, object);
  return true;
}

export interface LiveSnapshotOptions {
  kinds?: readonly ClusterKind[];
  namespace?: string;
  debounceMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** The snapshot's namespace filter: watch events of other namespaces are ignored, as the list dropped them. */
  namespaces?: NamespaceFilter;
  onChange(snapshot: ClusterSnapshot): void;
  onWatchError?(error: ClusterError): void;
}

export class LiveSnapshot {
  private readonly byKind = new Map<string, Map<string, LiveObject>>();
  private readonly watches: KindWatch[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly kc: KubeConfig, private readonly base: ClusterSnapshot, private readonly options: LiveSnapshotOptions) {
    for (const o of base.objects) {
      let objects = this.byKind.get(o.kind);
      if (!objects) this.byKind.set(o.kind, (objects = new Map()));
      objects.set(objectId(o), o);
    }
  }

  /** Starts watching every kind the snapshot could list (forbidden kinds are not watched: they would only fail again). */
  start(): void {
    const kinds = (this.options.kinds ?? readinessKinds).filter((k) => this.base.resourceVersions[k.kind]);
    const keepNamespace = this.options.namespaces && !this.options.namespace ? namespacePredicate(this.options.namespaces) : () => true;
    const keep = (o: LiveObject) => keepNamespace(o.kind === "Namespace" ? o.metadata.name : o.metadata.namespace ?? "") || (!o.metadata.namespace && o.kind !== "Namespace");
    for (const kind of kinds) {
      if (!this.byKind.has(kind.kind)) this.byKind.set(kind.kind, new Map());
      const objects = this.byKind.get(kind.kind)!;
      this.watches.push(watchKind(this.kc, {
        kind,
        ...(this.options.namespace ? { namespace: this.options.namespace } : {}),
        resourceVersion: this.base.resourceVersions[kind.kind],
        initialBackoffMs: this.options.initialBackoffMs ?? 1_000,
        maxBackoffMs: this.options.maxBackoffMs ?? 30_000,
        onEvent: (type, object) => {
          if (!keep(object)) return;
          if (applyWatchEvent(objects, type, object)) this.schedule();
        },
        onList: (list) => {
          objects.clear();
          for (const o of list) if (keep(o)) objects.set(objectId(o), o);
          this.schedule();
        },
        onError: (error) => this.options.onWatchError?.(error),
      }));
    }
  }

  /** The current objects, in the snapshot's kind order. */
  snapshot(): ClusterSnapshot {
    const order = (this.options.kinds ?? readinessKinds).map((k) => k.kind);
    const objects = order.flatMap((kind) => [...(this.byKind.get(kind)?.values() ?? [])]);
    return { ...this.base, objects };
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.options.onChange(this.snapshot());
    }, this.options.debounceMs ?? 1_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watches) w.stop();
    await Promise.all(this.watches.map((w) => w.done));
  }
}
