// The index of every object in scope (a file, a workspace or a cluster snapshot), for rules that look across objects.
//
// The index also records what a computation read from it, so results can be kept until something they read changes
// (the engine caches cross-object findings per YAML document this way; `derived` memos do the same). A read names a
// dependency key:
//   ofKind(K)               "K"            any object of kind K
//   inNamespace(K, ns)      "K|ns"         objects of kind K in namespace ns
//   find / named(K, ns, n)  "K|ns|n"       objects of kind K named n in ns
//   inNamespaceAll(ns)      "@ns"          any object of namespace ns
//   holdsObjects(folder)    "~folder"      whether any object's URI is under the folder (changes when that flips)
//   all()                   "*"            anything
//   derived(key, ...)       "=key"         the memo's value (changes only when it recomputes to something different)
// Replacing a file's objects touches the keys of the objects that left or arrived (objects of unchanged documents are
// the same instances, so a keystroke touches only the object being typed in).
import type { KObject } from "./object.js";

/** Read-only view the rules see. */
export interface ObjectIndex {
  /** Bumped on every change; lets callers cache derived data. */
  readonly version: number;
  all(): readonly KObject[];
  ofKind(kind: string): readonly KObject[];
  /** Objects of a kind in one namespace. */
  inNamespace(kind: string, namespace: string): readonly KObject[];
  /** Every object of one namespace, whatever its kind. */
  inNamespaceAll(namespace: string): readonly KObject[];
  /**
   * Whether some object's URI starts with `folder` (a URI prefix ending in "/"). A dependency on this answer alone:
   * edits that keep it (every keystroke but the one that adds a folder's first object or removes its last) change
   * nothing that read it.
   */
  holdsObjects(folder: string): boolean;
  /** Every namespace that has at least one object or is declared by a Namespace object. */
  namespaces(): readonly string[];
  find(kind: string, namespace: string, name: string): KObject | undefined;
  /** Every object with this kind, namespace and name (a manifest and its kustomize patches, say). */
  named(kind: string, namespace: string, name: string): readonly KObject[];
  /**
   * Memoises derived data (e.g. "PDBs by namespace") until something `compute` read changes. `compute` must be pure
   * and read the index only through its argument. With `equals`, a recomputed value equal to the old one keeps the old
   * value, and what depends on the memo is not invalidated.
   */
  derived<T>(key: string, compute: (index: ObjectIndex) => T, equals?: (a: T, b: T) => boolean): T;
  /**
   * A Helm values file in scope, by URI, as a stand-in object (`valuesObject` in model/object.ts): what a rule reads
   * when a chart's configuration lives in a values file a kustomization or an Argo CD Application names. Absent on
   * indexes that hold no files (a live cluster).
   */
  valuesFile?(uri: string): KObject | undefined;
}

/**
 * What a computation read from the index, and the version at which it was last known to be current (`isCurrent`
 * moves it forward, so the next check only looks at what changed since).
 */
export interface Dependencies { readonly keys: ReadonlySet<string>; at: number }

interface Memo { value: unknown; compute: (index: ObjectIndex) => unknown; equals?: (a: unknown, b: unknown) => boolean; deps: Dependencies; changedAt: number }

/** How many recent changes the index remembers key by key; older dependencies are checked key by key instead. */
const LOG_SIZE = 64;
/**
 * A change of more objects than this (opening or closing a file of many documents) is recorded coarsely: by kind and
 * namespace, with a `K|ns|*` key standing for every name in them, and the index's lists are rebuilt key by key when
 * read. Per-name bookkeeping for 100,000 objects took a second and a half in one synchronous block (issue 14.3).
 */
export const BULK_OBJECTS = 2000;

const EMPTY: readonly KObject[] = Object.freeze([]);

/** An index fed file by file; replacing a file's objects is O(objects of that file) plus lazy rebuilds. */
export class WorkspaceIndex implements ObjectIndex {
  private files = new Map<string, readonly KObject[]>();
  /** Helm values files by URI (never among `files`' objects); a function is read on first use (a file not open in the editor). */
  private values = new Map<string, KObject | (() => KObject | undefined) | undefined>();
  private _version = 0;
  private cache: { all?: KObject[]; byKey?: Map<string, KObject[]> } = {};
  /** Keys of `cache.byKey` whose lists a change made stale: rebuilt from the files' own key maps when read. */
  private stale = new Set<string>();
  /** After a bulk change: a key missing from `cache.byKey` is rebuilt when read (no `stale` bookkeeping). */
  private lazyKeys = false;
  /** Each file's objects by key, for rebuilding one key without a pass over every object. */
  private fileKeys = new WeakMap<readonly KObject[], Map<string, KObject[]>>();
  private memo = new Map<string, Memo>();
  /** Index version at which each dependency key last changed; absent = never. */
  private changedAt = new Map<string, number>();
  /** Dependency sets being recorded, innermost last. */
  private recording: Set<string>[] = [];
  /** The keys each recent change touched, oldest first: `log[i]` is version `logStart + i`. */
  private log: string[][] = [];
  private logStart = 1;
  /** Objects per folder URI prefix (every ancestor of each object's URI), built on the first `holdsObjects`. */
  private folderCounts?: Map<string, number>;

  /**
   * @param incremental whether callers will re-check after changes (an editor's workspace). A one-shot analysis (the
   * CLI) passes false: nothing would re-use what the engine caches per rule, so it does not record reads for it.
   */
  constructor(readonly incremental = true) {}

  get version(): number { return this._version; }

  setFile(uri: string, objects: readonly KObject[]): void {
    if (!this.incremental) {
      this.files.set(uri, objects);
      this.changed(objects);
      return;
    }
    const old = this.files.get(uri) ?? EMPTY;
    if (objects.length === 0) {
      if (old.length === 0) { if (!this.files.has(uri)) this.files.set(uri, EMPTY); return; }
    }
    this.files.set(uri, objects);
    if (old.length === objects.length && old.every((o, i) => o === objects[i])) return;
    if (old.length === 0) { this.changed(objects, EMPTY, objects); return; }
    const before = new Set(old);
    const after = new Set(objects);
    const left = old.filter((o) => !after.has(o));
    const arrived = objects.filter((o) => !before.has(o));
    // Documents moved within the file keep their objects, but order matters (the first match wins in some rules):
    // then every object of the file counts as changed.
    this.changed(left.length === 0 && arrived.length === 0 ? objects : [...left, ...arrived], left, arrived);
  }

  /** Sets (or, with undefined, forgets) the Helm values file at `uri`; a function is called when a rule first reads it. */
  setValuesFile(uri: string, values: KObject | (() => KObject | undefined) | undefined): void {
    if (values === undefined && !this.values.has(uri)) return;
    if (this.values.get(uri) === values) return;
    if (values) this.values.set(uri, values); else this.values.delete(uri);
    this.touched([`values:${uri}`]);
  }

  valuesFile(uri: string): KObject | undefined {
    this.read(`values:${uri}`);
    let v = this.values.get(uri);
    if (typeof v === "function") { v = v(); this.values.set(uri, v); }
    return v;
  }

  removeFile(uri: string): void {
    if (this.values.has(uri)) this.setValuesFile(uri, undefined);
    const old = this.files.get(uri);
    if (!old) return;
    this.files.delete(uri);
    if (old.length > 0) this.changed(old, old, EMPTY);
  }

  hasFile(uri: string): boolean { return this.files.has(uri); }
  fileUris(): string[] { return [...this.files.keys()]; }
  objectsOf(uri: string): readonly KObject[] { return this.files.get(uri) ?? EMPTY; }

  private changed(objects: readonly KObject[], left: readonly KObject[] = EMPTY, arrived: readonly KObject[] = objects): void {
    if (!this.incremental) {
      // Nothing re-checks after a change here: what was built from the old objects is simply built again when read
      // (a one-shot analysis sets every file before the first read). No per-key bookkeeping for 100,000 objects.
      this._version++;
      this.cache = {};
      this.folderCounts = undefined;
      return;
    }
    if (objects.length > BULK_OBJECTS) { this.bulkChanged(objects, left, arrived); return; }
    const keys = new Set<string>(["*"]);
    for (const o of objects) for (const k of keysOf(o)) keys.add(k);
    if (this.folderCounts) this.countFolders(left, arrived, keys);
    this.touched(keys);
    // Only the touched keys' lists are rebuilt (a keystroke must not cost a pass over the whole workspace).
    this.cache.all = undefined;
    // A stale list is dropped now, not when next read: a key nobody reads again (the names of a closed file's
    // objects) would otherwise hold those objects for as long as the server runs.
    if (this.cache.byKey) for (const k of keys) { if (!this.lazyKeys) this.stale.add(k); this.cache.byKey.delete(k); }
  }

  /**
   * `changed` for many objects: touches each kind, namespace and `K|ns|*` (which every `named` read also records)
   * instead of every name, and drops the lists (rebuilt key by key when read), so nothing here costs a string per object.
   */
  private bulkChanged(objects: readonly KObject[], left: readonly KObject[], arrived: readonly KObject[]): void {
    const keys = new Set<string>(["*"]);
    const kinds = new Map<string, Set<string | undefined>>();
    for (const o of objects) {
      let namespaces = kinds.get(o.kind);
      if (!namespaces) kinds.set(o.kind, (namespaces = new Set()));
      namespaces.add(o.namespace);
    }
    for (const [kind, namespaces] of kinds) {
      keys.add(kind);
      for (const ns of namespaces) { keys.add(`${kind}|${ns}`); keys.add(`${kind}|${ns}|*`); keys.add(`@${ns}`); }
    }
    if (this.folderCounts) this.countFolders(left, arrived, keys);
    this.touched(keys);
    this.cache.all = undefined;
    // Dropped whole, which also lets go of the objects that left: a closed file's lists must not outlive it.
    this.cache.byKey = new Map();
    this.lazyKeys = true;
    this.stale.clear();
  }

  /** Records a change to these dependency keys (a new version). */
  private touched(keys: Iterable<string>): void {
    if (!this.incremental) { this._version++; return; }
    const v = ++this._version;
    for (const k of keys) this.changedAt.set(k, v);
    this.log.push([...keys]);
    if (this.log.length > LOG_SIZE) { this.log.shift(); this.logStart++; }
  }

  private read(key: string): void {
    const top = this.recording[this.recording.length - 1];
    if (top) top.add(key);
  }

  /** Runs `fn` and returns what it read from the index (for caching its result: see `isCurrent`). */
  track<T>(fn: () => T): { value: T; deps: Dependencies } {
    const keys = new Set<string>();
    this.recording.push(keys);
    try {
      return { value: fn(), deps: { keys, at: this._version } };
    } finally {
      this.recording.pop();
    }
  }

  /** Whether nothing `deps` names changed since they were recorded; if so, they are current as of now. */
  isCurrent(deps: Dependencies): boolean {
    if (deps.at === this._version) return true;
    // A one-shot index keeps no record of what changed: anything older is recomputed.
    if (!this.incremental) return false;
    for (const key of deps.keys) {
      if (key.charCodeAt(0) !== 61 /* = */) continue;
      const m = this.memo.get(key.slice(1));
      if (!m || this.refresh(m) > deps.at) return false;
    }
    if (deps.at + 1 >= this.logStart) {
      // Recent: look only at what changed since (a keystroke touches a handful of keys).
      for (let v = deps.at + 1; v <= this._version; v++) {
        for (const key of this.log[v - this.logStart]) if (deps.keys.has(key)) return false;
      }
    } else {
      for (const key of deps.keys) if (key.charCodeAt(0) !== 61 && (this.changedAt.get(key) ?? 0) > deps.at) return false;
    }
    deps.at = this._version;
    return true;
  }

  holdsObjects(folder: string): boolean {
    this.read(`~${folder}`);
    if (!this.folderCounts) {
      this.folderCounts = new Map();
      for (const objects of this.files.values()) for (const o of objects) forEachFolder(o.uri, (f) => { this.folderCounts!.set(f, (this.folderCounts!.get(f) ?? 0) + 1); });
    }
    return (this.folderCounts.get(folder) ?? 0) > 0;
  }

  /** Moves the folder counts by the objects that left and arrived, and touches a folder's key when its answer flips. */
  private countFolders(left: readonly KObject[], arrived: readonly KObject[], keys: Set<string>): void {
    const counts = this.folderCounts!;
    const before = new Map<string, number>();
    // By URI first: the objects of a file share one, and a file of 100,000 documents must not walk its folders 100,000 times.
    const byUri = new Map<string, number>();
    for (const o of left) byUri.set(o.uri, (byUri.get(o.uri) ?? 0) - 1);
    for (const o of arrived) byUri.set(o.uri, (byUri.get(o.uri) ?? 0) + 1);
    for (const [uri, by] of byUri) forEachFolder(uri, (f) => {
      const n = counts.get(f) ?? 0;
      if (!before.has(f)) before.set(f, n);
      counts.set(f, n + by);
    });
    for (const [f, n] of before) {
      const now = counts.get(f)!;
      if (now <= 0) counts.delete(f);
      if ((n > 0) !== (now > 0)) keys.add(`~${f}`);
    }
  }

  all(): readonly KObject[] {
    this.read("*");
    return (this.cache.all ??= [...this.files.values()].flat());
  }

  /** The objects under one key, in file order: built for every key at once on first use, then key by key. */
  private lookup(key: string): readonly KObject[] {
    this.read(key);
    let m = this.cache.byKey;
    if (!m && !this.incremental) {
      // Built once, straight from the objects: no per-file key maps for rebuilding one key at a time.
      m = new Map();
      for (const objects of this.files.values()) {
        for (const o of objects) {
          for (const k of keysOf(o)) {
            const list = m.get(k);
            if (list) list.push(o); else m.set(k, [o]);
          }
        }
      }
      this.cache.byKey = m;
    } else if (!m) {
      m = new Map();
      for (const objects of this.files.values()) for (const [k, list] of this.keysOfFile(objects)) append(m, k, list);
      this.cache.byKey = m;
      this.stale.clear();
    } else if (this.lazyKeys ? !m.has(key) : this.stale.delete(key)) {
      const list: KObject[] = [];
      for (const objects of this.files.values()) {
        const own = objects.length ? this.keysOfFile(objects).get(key) : undefined;
        if (own) for (const o of own) list.push(o);
      }
      // In lazy mode an empty answer is kept too: a missing key means "not built yet".
      if (list.length) m.set(key, list); else if (this.lazyKeys) m.set(key, []); else m.delete(key);
    }
    return m.get(key) ?? EMPTY;
  }

  private keysOfFile(objects: readonly KObject[]): Map<string, KObject[]> {
    let m = this.fileKeys.get(objects);
    if (!m) {
      m = new Map();
      for (const o of objects) addKeys(m, o);
      this.fileKeys.set(objects, m);
    }
    return m;
  }

  /**
   * Builds a file's objects-by-key map ahead of `setFile`, pausing (`yield`) every `every` objects, so a server can
   * spread the cost of a file of many documents over time slices (server/lsp/slices.ts). Returns true when done.
   */
  *prepareInSteps(objects: readonly KObject[], every = 1000): Generator<void, true> {
    if (!this.incremental || this.fileKeys.has(objects)) return true;
    const m = new Map<string, KObject[]>();
    for (let i = 0; i < objects.length; i++) {
      if (i % every === every - 1) yield;
      addKeys(m, objects[i]);
    }
    this.fileKeys.set(objects, m);
    return true;
  }

  ofKind(kind: string): readonly KObject[] {
    return this.lookup(kind);
  }

  inNamespace(kind: string, namespace: string): readonly KObject[] {
    return this.lookup(`${kind}|${namespace}`);
  }

  inNamespaceAll(namespace: string): readonly KObject[] {
    return this.lookup(`@${namespace}`);
  }

  named(kind: string, namespace: string, name: string): readonly KObject[] {
    // A bulk change touches `K|ns|*` rather than each name (see BULK_OBJECTS).
    if (this.recording.length > 0) this.read(`${kind}|${namespace}|*`);
    return this.lookup(`${kind}|${namespace}|${name}`);
  }

  find(kind: string, namespace: string, name: string): KObject | undefined {
    return this.named(kind, namespace, name)[0];
  }

  namespaces(): readonly string[] {
    return this.derived("kubeready.index.namespaces", (ix) => {
      const s = new Set<string>();
      for (const o of ix.all()) {
        if (o.kind === "Namespace" && o.apiVersion === "v1" && o.name) s.add(o.name);
        else if (o.namespace) s.add(o.namespace);
      }
      return [...s].sort();
    }, sameItems);
  }

  derived<T>(key: string, compute: (index: ObjectIndex) => T, equals?: (a: T, b: T) => boolean): T {
    // Recorded first, so a compute that throws still leaves the dependency behind.
    if (this.recording.length > 0) this.read(`=${key}`);
    let m = this.memo.get(key);
    if (!m) {
      const { value, deps } = this.track(() => compute(this));
      m = { value, compute: compute as Memo["compute"], equals: equals as Memo["equals"], deps, changedAt: this._version };
      this.memo.set(key, m);
    } else {
      this.refresh(m);
    }
    return m.value as T;
  }

  /** Brings a memo up to date and returns the version at which its value last changed. */
  private refresh(m: Memo): number {
    if (m.deps.at === this._version || this.isCurrent(m.deps)) return m.changedAt;
    const { value, deps } = this.track(() => m.compute(this));
    m.deps = deps;
    if (!(m.equals && m.equals(m.value, value))) { m.value = value; m.changedAt = this._version; }
    return m.changedAt;
  }
}

/** Calls `fn` with every folder prefix of `uri` (each ending in "/"), deepest first. */
function forEachFolder(uri: string, fn: (folder: string) => void): void {
  for (let cut = uri.lastIndexOf("/"); cut > 0; cut = uri.lastIndexOf("/", cut - 1)) fn(uri.slice(0, cut + 1));
}

/** The index keys an object is listed under (see the top of this file). */
function keysOf(o: KObject): string[] {
  return [o.kind, `${o.kind}|${o.namespace}`, `${o.kind}|${o.namespace}|${o.name}`, `@${o.namespace}`];
}

/** Lists `o` under each of its keys in `m`. */
function addKeys(m: Map<string, KObject[]>, o: KObject): void {
  for (const k of keysOf(o)) {
    const list = m.get(k);
    if (list) list.push(o); else m.set(k, [o]);
  }
}

function append(m: Map<string, KObject[]>, key: string, items: readonly KObject[]): void {
  const list = m.get(key);
  if (list) list.push(...items); else m.set(key, [...items]);
}

/** Arrays with the same items in the same order (by identity): the usual `equals` for `derived`. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
