// Fix helpers that add a whole object: as a new YAML document in the same file, or as a new file beside it.
import type { CreateFile, TextEdit } from "../api.js";
import { indentStep, renderBlock, seqIndent, type Plain } from "./edit.js";
import type { JsonObject, KObject } from "./object.js";
import { toPosition } from "./position.js";
import { placeholder } from "./placeholder.js";
import type { ObjectIndex } from "./scope.js";

/** Renders an object as a YAML document in the layout of `like` (indent step, list indentation). */
export function renderDocument(value: { [k: string]: Plain }, like?: KObject): string {
  const step = like ? indentStep(like) : 2;
  const seq = like ? seqIndent(like) : true;
  return Object.entries(value).map(([k, v]) => renderBlock([k], v, 0, step, seq)).join("");
}

/**
 * Appends a document after the last object of `o`'s file. The engine has no file text, so the end of the
 * file's last object document stands for it; anything after it (comments) stays after it.
 */
export function appendDocumentToFile(index: ObjectIndex, o: KObject, documentText: string): TextEdit {
  let last = o;
  for (const other of index.all()) {
    if (other.uri === o.uri && other.source.chunk.offset > last.source.chunk.offset) last = other;
  }
  const chunk = last.source.chunk;
  const at = toPosition(chunk, chunk.text.length);
  const sep = chunk.text.endsWith("\n") ? "---\n" : "\n---\n";
  return { uri: o.uri, range: { start: at, end: at }, newText: sep + (documentText.endsWith("\n") ? documentText : `${documentText}\n`) };
}

/** A new file beside `uri` (same folder). */
export function createBeside(uri: string, fileName: string, text: string): CreateFile {
  const slash = uri.lastIndexOf("/");
  return { uri: `${uri.slice(0, slash + 1)}${fileName}`, create: true, text };
}

/** `metadata` for a new object in `o`'s namespace: the namespace is written only when `o` writes its own. */
export function metadataBeside(o: KObject, name: string, labels?: Record<string, string>): JsonObject {
  const md: JsonObject = { name };
  if (o.namespaceExplicit && o.namespace) md.namespace = o.namespace;
  if (labels && Object.keys(labels).length) md.labels = labels;
  return md;
}

/** A visible placeholder for a value the user must choose. */
export const PLACEHOLDER = placeholder();
