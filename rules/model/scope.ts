// The index of every object in scope (a file, a workspace or a cluster snapshot), for rules that look across objects.
import type { KObject } from "./object.js";

/** Read-only view the rules see. */
export interface ObjectIndex {
  /** Bumped on every change; lets callers cache derived data. */
  readonly version: number;
  all(): readonly KObject[];
  ofKind(kind: string): readonly KObject[];
  /** Objects of a kind in one namespace. */
  inNamespace(kind: string, namespace: string): readonly KObject[];
  /** Every namespace that has at least one object or is declared by a Namespace object. */
  namespaces(): readonly string[];
  find(kind: string, namespace: string, name: string): KObject | undefined;
  /** Memoises derived data per index version (e.g. "PDBs by namespace"); `compute` must be pure. */
  derived<T>(key: string, compute: (index: ObjectIndex) => T): T;
}

/** An index fed file by file; replacing a file's objects is O(objects of that file) plus lazy rebuilds. */
export class WorkspaceIndex implements ObjectIndex {
  private files = new Map<string, readonly KObject[]>();
  private _version = 0;
  private cache: { all?: KObject[]; byKind?: Map<string, KObject[]>; byKindNs?: Map<string, KObject[]>; namespaces?: string[] } = {};
  private memo = new Map<string, unknown>();

  get version(): number { return this._version; }

  setFile(uri: string, objects: readonly KObject[]): void {
    const old = this.files.get(uri);
    if (old && old.length === 0 && objects.length === 0) return;
    this.files.set(uri, objects);
    this.invalidate();
  }

  removeFile(uri: string): void {
    if (this.files.delete(uri)) this.invalidate();
  }

  hasFile(uri: string): boolean { return this.files.has(uri); }
  fileUris(): string[] { return [...this.files.keys()]; }
  objectsOf(uri: string): readonly KObject[] { return this.files.get(uri) ?? []; }

  private invalidate(): void {
    this._version++;
    this.cache = {};
    this.memo.clear();
  }

  all(): readonly KObject[] {
    return (this.cache.all ??= [...this.files.values()].flat());
  }

  ofKind(kind: string): readonly KObject[] {
    if (!this.cache.byKind) {
      const m = new Map<string, KObject[]>();
      for (const o of this.all()) {
        let list = m.get(o.kind);
        if (!list) m.set(o.kind, (list = []));
        list.push(o);
      }
      this.cache.byKind = m;
    }
    return this.cache.byKind.get(kind) ?? [];
  }

  inNamespace(kind: string, namespace: string): readonly KObject[] {
    if (!this.cache.byKindNs) {
      const m = new Map<string, KObject[]>();
      for (const o of this.all()) {
        const k = `${o.kind}|${o.namespace}`;
        let list = m.get(k);
        if (!list) m.set(k, (list = []));
        list.push(o);
      }
      this.cache.byKindNs = m;
    }
    return this.cache.byKindNs.get(`${kind}|${namespace}`) ?? [];
  }

  namespaces(): readonly string[] {
    if (!this.cache.namespaces) {
      const s = new Set<string>();
      for (const o of this.all()) {
        if (o.kind === "Namespace" && o.apiVersion === "v1" && o.name) s.add(o.name);
        else if (o.namespace) s.add(o.namespace);
      }
      this.cache.namespaces = [...s].sort();
    }
    return this.cache.namespaces;
  }

  find(kind: string, namespace: string, name: string): KObject | undefined {
    return this.inNamespace(kind, namespace).find((o) => o.name === name);
  }

  derived<T>(key: string, compute: (index: ObjectIndex) => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute(this);
    this.memo.set(key, v);
    return v;
  }
}
