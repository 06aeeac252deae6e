// One thread's part of a parallel `kubeready lint` (server/cli/pool.ts): parse a share of the files, hand the other
// threads the share's objects as plain values, then check the share against an index of every object of the run.
// Each thread indexes every file in the run's order (its own files' parsed objects, the others' received values), so
// a cross-file rule sees what it sees in one thread, and the findings of each file are the same.
import { checkFile, type FileOptions, type Finding, type ParsedFile } from "../../rules/engine.js";
import type { Fix } from "../../rules/api.js";
import type { KubereadyConfig } from "../../rules/config.js";
import { DocumentCache, splitDocuments, type SourceDocument } from "../../rules/model/document.js";
import { objectsOf, type KObject, type ObjectSource } from "../../rules/model/object.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import { parseForOneShot } from "../../rules/lean.js";
import { isHelmValuesName } from "../../rules/model/notManifest.js";
import { lintParser } from "./testData.js";

/** A file of the run with the options the single-threaded path would parse it with (see `analyzeFiles`). */
export interface ShardFile { uri: string; text: string; options: FileOptions; display: string }

/** Where an object's document is in its file's text, and which of the document's objects it is. */
interface Slot { offset: number; end: number; line: number }

/** An object as another thread receives it: every field but its source, and where to parse the source from. */
export interface WireObject { fields: Omit<KObject, "source">; slot: number; i: number }
export interface WireFile { file: number; slots: Slot[]; objects: WireObject[] }

/**
 * Parses the files of a share (indices into `files`) with the single-threaded path's parser and skips (`lintParser`);
 * `hooks` holds each file's skipped Helm test hooks, to be put back in file order.
 */
export function parseShare(files: readonly ShardFile[], share: readonly number[], includeTests: boolean): { parsed: Map<number, ParsedFile>; hooks: [number, string[]][] } {
  const display = new Map(files.map((f) => [f.uri, f.display]));
  const { parse, hooks } = lintParser(includeTests, (uri) => display.get(uri) ?? uri);
  const parsed = new Map<number, ParsedFile>();
  const byFile: [number, string[]][] = [];
  for (const k of share) {
    const before = hooks.length;
    parsed.set(k, parse(files[k].uri, files[k].text, files[k].options));
    if (hooks.length > before) byFile.push([k, hooks.slice(before)]);
  }
  return { parsed, hooks: byFile };
}

/**
 * The share's objects as plain values. A parsed object's source is a syntax tree (never posted): the other thread
 * gets its document's place instead, and parses that document alone if a finding needs a position in it.
 */
export function toWire(parsed: ReadonlyMap<number, ParsedFile>): WireFile[] {
  const out: WireFile[] = [];
  for (const [file, p] of parsed) {
    const slots: Slot[] = [];
    const slotOf = new Map<object, { n: number; next: number }>();
    const objects: WireObject[] = [];
    for (const o of p.objects) {
      // A lean file's objects carry their document's place (`group`); a fully parsed one's, its chunk.
      const group = (o.source as { group?: Slot }).group;
      const key: object = group ?? o.source.chunk;
      let at = slotOf.get(key);
      if (!at) {
        const chunk = group ? undefined : o.source.chunk;
        slots.push(group ? { offset: group.offset, end: group.end, line: group.line } : { offset: chunk!.offset, end: chunk!.offset + chunk!.text.length, line: chunk!.line });
        slotOf.set(key, (at = { n: slots.length - 1, next: 0 }));
      }
      const { source: _source, ...fields } = o;
      objects.push({ fields, slot: at.n, i: at.next++ });
    }
    out.push({ file, slots, objects });
  }
  return out;
}

/** Objects of another thread's file, whose sources are parsed from the file's text only when read. */
export function fromWire(w: WireFile, file: ShardFile): KObject[] {
  const reparse = new Reparse(file);
  const groups = w.slots.map((s) => ({ ...s }));
  return w.objects.map((o) => ({ ...o.fields, source: new RemoteSource(reparse, groups[o.slot], o.i) }) as KObject);
}

class Reparse {
  private kept = new Map<Slot, ObjectSource[]>();
  constructor(private readonly file: ShardFile) {}
  source(slot: Slot, i: number): ObjectSource {
    let sources = this.kept.get(slot);
    if (!sources) {
      const [chunk] = splitDocuments(this.file.text.slice(slot.offset, slot.end), { cache: new DocumentCache() });
      chunk.offset = slot.offset;
      chunk.line = slot.line;
      const o = this.file.options;
      sources = objectsOf(chunk, { uri: this.file.uri, defaultNamespace: o.defaultNamespace, partial: o.partial, contexts: o.contexts, chartTemplate: o.chartTemplate }).map((x) => x.source);
      if (sources.length === 0) sources = [{ chunk, doc: chunk.docs[0] }];
      this.kept.set(slot, sources);
    }
    return sources[i] ?? sources[0];
  }
}

/** `group` lets the engine group objects by document without parsing (as lean.ts's sources do). */
class RemoteSource implements ObjectSource {
  constructor(private readonly reparse: Reparse, readonly group: Slot, private readonly i: number) {}
  get chunk(): SourceDocument { return this.reparse.source(this.group, this.i).chunk; }
  get doc(): ObjectSource["doc"] { return this.reparse.source(this.group, this.i).doc; }
}

/**
 * Checks the share's files against an index of every file of the run, in the run's order: the share's own parsed
 * objects and, for the other files, the objects received from the threads that parsed them.
 */
export function checkShare(files: readonly ShardFile[], own: ReadonlyMap<number, ParsedFile>, received: readonly WireFile[], config: KubereadyConfig): Map<number, Finding[]> {
  const objects = new Array<readonly KObject[]>(files.length);
  for (const [k, p] of own) objects[k] = p.objects;
  for (const w of received) objects[w.file] = fromWire(w, files[w.file]);
  const index = new WorkspaceIndex(false);
  files.forEach((f, k) => {
    index.setFile(f.uri, objects[k] ?? []);
    // A Helm values file holds no object to post between threads: another thread's is parsed here if a rule reads it.
    const values = own.has(k) ? own.get(k)!.values : isHelmValuesName(f.uri) ? () => parseForOneShot(f.uri, f.text, f.options).values : undefined;
    if (values) index.setValuesFile(f.uri, values);
  });
  const out = new Map<number, Finding[]>();
  for (const [k, p] of own) out.set(k, checkFile(p, index, config));
  return out;
}

/**
 * A finding as posted between threads. Its `fixes` (a function) cannot cross: when the report needs fixes (the text
 * format counts the ones that need a value only a person knows) they are computed by the thread that found them and
 * posted as data; otherwise (a lint report never applies fixes: --fix and --diff fix first, in fixFiles.ts) none.
 */
export type WireFinding = Omit<Finding, "fixes"> & { fixList?: Fix[] };

export function findingsToWire(findings: readonly Finding[], withFixes: boolean): WireFinding[] {
  return findings.map(({ fixes, ...rest }) => (withFixes && rest.fixable !== "none" ? { ...rest, fixList: fixes?.() ?? [] } : rest));
}

export function findingsFromWire(findings: readonly WireFinding[]): Finding[] {
  return findings.map(({ fixList, ...f }) => ({ ...f, fixes: fixList ? () => fixList : noFixes }));
}

const noFixes = (): Fix[] => [];
