// Markdown for a terminal (`kubeready explain`): headings underlined, code blocks indented, tables aligned, links as
// "text (url)"; ANSI styles only when colour is on (a terminal without NO_COLOR), plain text otherwise.
import { styleText } from "node:util";

export interface TerminalMarkdownOptions {
  color: boolean;
  /** Relative links (`../FIXES.md`) are resolved against this URL (the page's own address). */
  base?: string;
  /** Terminal width: a table's last column wraps under itself past it. */
  width?: number;
}

type Style = "bold" | "dim" | "italic" | "underline" | "cyan";

/** Visible width of a text that may hold ANSI styles. */
function visible(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, "")].length;
}

export function renderMarkdown(markdown: string, opts: TerminalMarkdownOptions): string {
  // node:util styleText; the caller has decided whether to colour (color.ts), so the stream is not asked again.
  const paint = (style: Style, text: string) => (opts.color ? styleText(style, text, { validateStream: false }) : text);
  const inline = (text: string) => renderInline(text, paint, opts);
  const lines = markdown.replace(/\r\n/g, "\n").replace(/<!--[\s\S]*?-->\n?/g, "").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^(\s*)(`{3,}|~{3,})/.exec(line);
    if (fence) {
      // A code block: indented four spaces, verbatim (no inline markup inside), the fence lines dropped.
      const close = fence[2];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(close); i++) out.push(paint("dim", `    ${lines[i].slice(fence[1].length)}`.trimEnd()) || "");
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const text = inline(heading[2]);
      const level = heading[1].length;
      if (opts.color) out.push(level === 1 ? paint("bold", paint("underline", text)) : paint("bold", text));
      else out.push(text, ...(level <= 2 ? [(level === 1 ? "=" : "-").repeat(visible(text))] : []));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const rows: string[] = [];
      for (; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]); i++) rows.push(lines[i]);
      i--;
      out.push(...renderTable(rows, inline, paint, opts.width));
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) { out.push(`  │ ${inline(quote[1])}`); continue; }
    const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (item) { out.push(`${item[1]}  • ${inline(item[2])}`); continue; }
    out.push(inline(line));
  }
  // At most one blank line in a row; none at the start or the end.
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").replace(/^\n+|\n+$/g, "")}\n`;
}

function splitRow(row: string): string[] {
  return row.trim().replace(/^\||\|$/g, "").split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

/** A table as aligned columns; a header row with no text (`| | |`) is left out, the `---` row always. */
function renderTable(rows: string[], inline: (t: string) => string, paint: (s: Style, t: string) => string, width?: number): string[] {
  const cells = rows.map(splitRow);
  const body = cells.filter((r) => !r.every((c) => /^:?-+:?$/.test(c) || c === ""));
  const headerless = cells[0].every((c) => c === "");
  const hasHeader = !headerless && cells.length > 1 && cells[1].every((c) => /^:?-+:?$/.test(c));
  const rendered = body.map((r, n) => r.map((c) => (hasHeader && n === 0 ? paint("bold", inline(c)) : inline(c))));
  const widths: number[] = [];
  for (const r of rendered) r.forEach((c, k) => { widths[k] = Math.max(widths[k] ?? 0, visible(c)); });
  return rendered.map((r) => {
    const lead = `  ${r.slice(0, -1).map((c, k) => c + " ".repeat(widths[k] - visible(c))).join("   ")}${r.length > 1 ? "   " : ""}`;
    const last = r[r.length - 1] ?? "";
    const room = width ? width - visible(lead) : Infinity;
    if (visible(last) <= room || room < 20) return `${lead}${last}`.trimEnd();
    return wrapWords(last, room).map((l, n) => (n === 0 ? lead : " ".repeat(visible(lead))) + l).join("\n");
  });
}

/** Words of `text` in lines of at most `room` visible characters (a longer word stands alone). */
function wrapWords(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && visible(line) + 1 + visible(word) > room) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function renderInline(text: string, paint: (s: Style, t: string) => string, opts: TerminalMarkdownOptions): string {
  // Code spans first, kept out of the other rules (a `*` or `[x](y)` inside code is literal).
  const codes: string[] = [];
  let t = text.replace(/(`+)(.+?)\1/g, (_, _ticks: string, code: string) => {
    codes.push(opts.color ? paint("cyan", code.trim()) : `\`${code.trim()}\``);
    return `\u0000${codes.length - 1}\u0000`;
  });
  const resolve = (url: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || !opts.base) return url;
    try { return new URL(url, opts.base).href; } catch { return url; }
  };
  t = t.replace(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_, label: string, url: string) => {
    const href = resolve(url);
    return label && label !== url ? `${label} (${opts.color ? paint("underline", href) : href})` : href;
  });
  t = t.replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1");
  t = t.replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_, a?: string, b?: string) => paint("bold", a ?? b ?? ""));
  t = t.replace(/(^|[\s(])\*([^*\s][^*]*?)\*(?=[\s).,;:!?]|$)|(^|[\s(])_([^_\s][^_]*?)_(?=[\s).,;:!?]|$)/g,
    (_, p1?: string, a?: string, p2?: string, b?: string) => `${p1 ?? p2 ?? ""}${paint("italic", a ?? b ?? "")}`);
  return t.replace(/\u0000(\d+)\u0000/g, (_, n: string) => codes[Number(n)]);
}
