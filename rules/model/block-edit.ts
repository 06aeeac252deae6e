// Edits that add or replace whole blocks (a container, an env source, a document) in the layout the file already uses.
import { isScalar, type Node } from "yaml";
import type { TextEdit } from "../api.js";
import { renderFlow, type Plain } from "./edit.js";
import type { KObject } from "./object.js";
import { locate, toRange, type Path } from "./position.js";

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
