// Reads multi-line quoted scalars whose continuation lines are not indented past their key, as go-yaml v2 (kubectl) does.
import { isNode, visit, type Document } from "yaml";

/** Spaces inserted into the text: `at` is an offset of the original text. */
export interface Insertion { at: number; count: number }

const OPENING = /^(\s*)(?:-\s+)*(?:[^\s#'"][^#'"]*?:[ \t]+|-[ \t]+)(["'])/;

/**
 * The yaml package follows the YAML spec: a quoted scalar's continuation lines must be indented more than the
 * mapping it is in. libyaml and its Go port (go-yaml v2, which kubectl's sigs.k8s.io/yaml uses) do not check that
 * indentation at all, so
 *
 *     annotations:
 *       description: "a long text
 *       that continues here"
 *
 * is a valid manifest for kubectl. This returns the text with such continuation lines indented one column past their
 * key (the value is the same: a quoted scalar's line breaks fold and leading spaces are dropped), and where spaces were
 * added; undefined when no quoted scalar needs it.
 */
export function indentQuotedContinuations(text: string): { text: string; insertions: Insertion[] } | undefined {
  if (!text.includes('"') && !text.includes("'")) return undefined;
  const insertions: Insertion[] = [];
  let out = "";
  let copied = 0;
  let open: { quote: string; indent: number } | undefined;
  for (let lineStart = 0; lineStart < text.length;) {
    const nl = text.indexOf("\n", lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    if (open) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() !== "" && indent <= open.indent) {
        const count = open.indent + 1 - indent;
        out += text.slice(copied, lineStart) + " ".repeat(count);
        copied = lineStart;
        insertions.push({ at: lineStart, count });
      }
      if (closes(line, open.quote, 0)) open = undefined;
    } else {
      const m = OPENING.exec(line);
      if (m && !closes(line, m[2], m[0].length)) open = { quote: m[2], indent: m[1].length };
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  if (insertions.length === 0) return undefined;
  return { text: out + text.slice(copied), insertions };
}

/** Whether the quoted scalar open at `from` ends on this line (`\"` escapes in double quotes, `''` in single quotes). */
function closes(line: string, quote: string, from: number): boolean {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === '"' && c === "\\") { i++; continue; }
    if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") { i++; continue; }
      return true;
    }
  }
  return false;
}

/** Maps an offset of the re-indented text back to the original text. */
function originalOffset(offset: number, insertions: readonly Insertion[]): number {
  let shift = 0;
  for (const ins of insertions) {
    const at = ins.at + shift; // where the insertion sits in the new text
    if (offset < at) break;
    if (offset < at + ins.count) return ins.at;
    shift += ins.count;
  }
  return offset - shift;
}

/** Moves every node range and error position of documents parsed from the re-indented text back onto the original. */
export function mapBack(docs: readonly Document.Parsed[], insertions: readonly Insertion[]): void {
  const map = (r: number[] | undefined) => { if (r) for (let i = 0; i < r.length; i++) r[i] = originalOffset(r[i], insertions); };
  for (const doc of docs) {
    map(doc.range as unknown as number[]);
    for (const e of [...doc.errors, ...doc.warnings]) map(e.pos as unknown as number[]);
    // visit reaches every node once, pair keys included.
    visit(doc, (_, node) => { if (isNode(node)) map(node.range as unknown as number[] | undefined); });
  }
}
