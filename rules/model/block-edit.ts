// Edits that add or replace whole blocks (a container, an env source, a document) in the layout the file already uses.
import { isScalar, type Node } from "yaml";
import type { TextEdit } from "../api.js";
import { appendToList, indentStep, renderBlock, renderFlow, seqIndent } from "./edit.js";
import type { KObject } from "./object.js";
import { locate, toRange, type Path } from "./position.js";

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/**
 * Like appendToList, but renders map items as indented block YAML (`- name: x\n  image: y`) instead of flow maps,
 * which is how people write containers and volumes. Flow lists and missing lists keep appendToList's behaviour.
 */
export function appendBlockItems(o: KObject, path: Path, items: Plain[]): TextEdit | undefined {
  const edit = appendToList(o, path, items);
  if (!edit) return undefined;
  // appendToList writes `<indent>- {flow}\n` lines into block lists; re-render those in block style at the same column.
  const m = /^(\n?)( *)- /.exec(edit.newText);
  if (!m || !edit.newText.endsWith("\n")) return edit;
  const found = locate(o.source.doc, path);
  if (found.depth !== path.length) return edit; // created by setField: its own rendering is already block style
  return { ...edit, newText: m[1] + renderBlock([], items, m[2].length, indentStep(o), seqIndent(o)) };
}

/**
 * Replaces `key: value` at `path` by `newKey: newValue` in place (flow-rendered on the same line), e.g. an env
 * `value: literal` by `valueFrom: {secretKeyRef: …}`. Undefined when the field is not there.
 */
export function replacePair(o: KObject, path: Path, newKey: string, newValue: Plain): TextEdit | undefined {
  const found = locate(o.source.doc, path);
  if (found.depth !== path.length || !found.pair) return undefined;
  const key = found.pair.key as Node;
  const value = found.pair.value as Node | null;
  if (!key.range || !isScalar(key)) return undefined;
  const end = value?.range?.[1] ?? key.range[1];
  return { uri: o.uri, range: toRange(o.source.chunk, [key.range[0], end]), newText: `${newKey}: ${renderFlow(newValue)}` };
}

/** Replaces a whole object (its YAML document's content) with new text; comments before the document stay. */
export function replaceDocument(o: KObject, newText: string): TextEdit | undefined {
  const contents = o.source.doc.contents as Node | null;
  if (!contents?.range) return undefined;
  const text = o.source.chunk.text;
  let end = contents.range[2];
  while (end > contents.range[0] && (text[end - 1] === "\n" || text[end - 1] === "\r")) end--;
  const body = newText.endsWith("\n") ? newText.slice(0, -1) : newText;
  return { uri: o.uri, range: toRange(o.source.chunk, [contents.range[0], end]), newText: body };
}
