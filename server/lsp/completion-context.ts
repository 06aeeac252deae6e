// Where a completion is asked: the block keys above the cursor (read from indentation), the file's layout, snippet text.
import type { Range } from "vscode-languageserver";
import type { KubereadyConfig } from "../../rules/config.js";
import type { ParsedFile } from "../../rules/engine.js";
import type { ObjectIndex } from "../../rules/model/scope.js";

export type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/** Ranks our items above generic schema completions. */
export const SORT = "0";

export interface Ctx {
  index: ObjectIndex;
  /** The file as parsed without the word being typed. */
  file: ParsedFile;
  lines: string[];
  line: number;
  /** Column where the word being completed starts (where the inserted text starts). */
  column: number;
  range: Range;
  config: KubereadyConfig;
  /** Namespace of the file's objects that name none (kustomization or configuration). */
  defaultNamespace: string;
}

/** First line of the YAML document that holds `line`. */
export function documentStartLine(file: ParsedFile, line: number): number {
  let start = 0;
  for (const c of file.chunks) if (c.line <= line) start = c.line;
  return start;
}

/** A line that carries no YAML content. */
export function isBlank(l: string): boolean {
  return /^\s*(#.*)?$/.test(l);
}

// ---- snippet text -------------------------------------------------------------------------------------------

/**
 * Placeholders inside rendered YAML: values are replaced by plain-scalar markers before rendering, the rendered
 * text is escaped for the snippet syntax, then the markers become `${n:default}`.
 */
export class Tabstops {
  private defaults = new Map<string, string>();
  private seq = 0;

  stop(index: number, value: string): string {
    const marker = `KRTABSTOP${++this.seq}X${index}X`;
    this.defaults.set(marker, `\${${index}:${escapeSnippet(value)}}`);
    return marker;
  }

  render(yaml: string): string {
    let out = escapeSnippet(yaml);
    for (const [marker, stop] of this.defaults) out = out.split(marker).join(stop);
    return out.endsWith("\n") ? `${out}$0` : `${out}\n$0`;
  }
}

export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** The text with every placeholder at its default, for the documentation preview. */
export function previewOf(snippet: string): string {
  const out = snippet.replace(/\$\{\d+:((?:[^\\}]|\\.)*)\}/g, "$1").replace(/\$\d+/g, "").replace(/\\([\\$}])/g, "$1");
  return out.endsWith("\n") ? out : `${out}\n`;
}

// ---- where the cursor is: keys above it, by indentation -----------------------------------------------------

export interface PathAt {
  /** Keys from the innermost map outwards: for a container field, ["containers", "spec", "template", "spec"]. */
  keys: string[];
  /** The map at the cursor is an item of a block sequence. */
  item: boolean;
  /** Keys already present in the map at the cursor. */
  siblings: Set<string>;
}

interface LineShape { content: number; dash: number | undefined; key: string | undefined }

function shapeOf(l: string): LineShape {
  const m = /^( *)(- +)?/.exec(l)!;
  const content = m[0].length;
  const k = /^("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(\s|$)/.exec(l.slice(content));
  return { content, dash: m[2] ? m[1].length : undefined, key: k ? k[1].replace(/^["']|["']$/g, "") : undefined };
}

/** The block structure around (line, column), read from indentation so that it works while the YAML is half typed. */
export function pathAt(lines: string[], line: number, column: number, docStart: number): PathAt {
  const keys: string[] = [];
  const siblings = new Set<string>();
  let item = false;
  let col = column;
  let inSeqAt: number | undefined; // scanning the items of a sequence whose dashes are at this column
  let innermost = true;
  for (let i = line - 1; i >= docStart; i--) {
    const l = lines[i];
    if (isBlank(l) || /^(---|\.\.\.)(\s|$)/.test(l)) continue;
    const s = shapeOf(l);
    if (inSeqAt !== undefined) {
      if (s.dash === inSeqAt) continue; // an earlier item of the same sequence
      if (s.content > inSeqAt) continue; // inside an earlier item
      if (s.key !== undefined && s.dash === undefined && s.content <= inSeqAt) {
        keys.push(s.key);
        col = s.content;
        inSeqAt = undefined;
        innermost = false;
        continue;
      }
      if (s.dash !== undefined && s.content <= inSeqAt) {
        // `- key:` whose value is our sequence (a map item holding a list): the key, then its own item.
        if (s.key !== undefined) keys.push(s.key);
        inSeqAt = s.dash;
        continue;
      }
      break;
    }
    if (s.content > col) continue; // deeper lines of an earlier sibling
    if (s.content === col) {
      if (innermost && s.key !== undefined) siblings.add(s.key);
      if (s.dash !== undefined) {
        if (innermost) item = true;
        innermost = false;
        inSeqAt = s.dash;
      }
      continue;
    }
    // s.content < col: the key whose value is the map we are in.
    if (s.key === undefined) break;
    keys.push(s.key);
    innermost = false;
    if (s.dash !== undefined) inSeqAt = s.dash;
    else col = s.content;
    if (s.content === 0) break;
  }
  // Keys of the same map below the cursor.
  for (let i = line + 1; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(l)) break;
    const s = shapeOf(l);
    if (s.content < column || (s.dash !== undefined && s.dash < column)) break;
    if (s.content === column && s.dash === undefined && s.key !== undefined) siblings.add(s.key);
  }
  return { keys, item, siblings };
}


/** The file's indentation step, from its first nested mapping (2 when it has none). */
export function indentStepOf(lines: string[]): number {
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = /^( *)[^\s#-][^#]*:\s*(#.*)?$/.exec(lines[i]);
    if (!a) continue;
    let j = i + 1;
    while (j < lines.length && isBlank(lines[j])) j++;
    const b = /^( *)[^\s-]/.exec(lines[j] ?? "");
    if (!b) continue;
    const step = b[1].length - a[1].length;
    if (step >= 2 && step <= 8) return step;
  }
  return 2;
}

/** Whether the file indents block sequences under their key (`  - a`) or not (`- a`, kubectl's style). */
export function seqIndentOf(lines: string[]): boolean {
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = /^( *)[^\s#][^#]*:\s*$/.exec(lines[i]);
    const b = /^( *)- /.exec(lines[i + 1]);
    if (a && b) return b[1].length > a[1].length;
  }
  return true;
}
