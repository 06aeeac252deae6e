// A live object as the engine's parsed file, built while its YAML is written: 17,000 objects are not parsed back.
import { Document, LineCounter, type YAMLMap } from "yaml";
import { type FileOptions, parseFile, type ParsedFile } from "../rules/engine.js";
import { MAX_FILE_BYTES, type SourceDocument } from "../rules/model/document.js";
import { type JsonObject, makeObject } from "../rules/model/object.js";
import { blockYamlTree, NotBuildable, toBlockYaml } from "./liveYaml.js";
import type { LiveObject } from "./snapshot.js";

/** Server bookkeeping that says nothing about readiness and would drown the document (and leak old spec copies). */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** The object as a live document shows it: in the field order of `kubectl get -o yaml`, without managedFields and last-applied. */
function shownFields(o: LiveObject): Record<string, unknown> {
  const { apiVersion, kind, metadata, ...rest } = o;
  const { managedFields: _managed, ...meta } = metadata as Record<string, unknown>;
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _applied, ...others } = annotations;
    if (Object.keys(others).length > 0) meta.annotations = others;
    else delete meta.annotations;
  }
  return { apiVersion, kind, metadata: meta, ...rest };
}

/** The live object as YAML, in the field order of `kubectl get -o yaml`, without managedFields and last-applied. */
export function liveObjectYaml(o: LiveObject): string {
  return toBlockYaml(shownFields(o));
}

/**
 * The engine's parsed file of a live object's YAML document (`liveObjectYaml`): the same text, syntax tree, value
 * and object `parseFile` gives, without the parse. What the fast path does not mirror — a Go template in a value
 * (the engine skips such documents), a `…List` kind whose items the engine splits, an over-long key, a huge object —
 * goes through `parseFile` itself.
 */
export function liveFile(uri: string, o: LiveObject, options: FileOptions = {}): ParsedFile {
  const fields = shownFields(o);
  let tree: ReturnType<typeof blockYamlTree>;
  try {
    tree = blockYamlTree(fields);
  } catch (e) {
    if (e instanceof NotBuildable) return parseFile(uri, toBlockYaml(fields), options);
    throw e;
  }
  const { text, contents, value, lineStarts } = tree;
  const kind = value.kind;
  if (text.length > MAX_FILE_BYTES || text.includes("{{") || (typeof kind === "string" && kind.endsWith("List") && Array.isArray(value.items))) {
    return parseFile(uri, text, options);
  }
  const lineCounter = new LineCounter();
  lineCounter.lineStarts = lineStarts;
  const doc = new Document() as Document.Parsed;
  doc.contents = contents as YAMLMap.Parsed;
  doc.range = [0, text.length, text.length];
  const chunk: SourceDocument = { text, offset: 0, line: 0, docs: [doc], lineCounter, errors: [], template: false };
  const object = makeObject(value as JsonObject, { chunk, doc }, { uri, defaultNamespace: options.defaultNamespace, partial: options.partial });
  return { uri, text, chunks: [chunk], objects: object ? [object] : [], problems: [] };
}
