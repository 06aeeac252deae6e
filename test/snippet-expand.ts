// Expands VS Code snippet text the way accepting every default would: placeholders to their defaults, mirrors alike, choices to the first.
/** Snippet syntax tree (the subset of the TextMate grammar that VS Code implements, minus transforms). */
type Node =
  | { type: "text"; value: string }
  | { type: "tabstop"; index: number; children?: Node[]; choices?: string[] }
  | { type: "variable"; name: string; children?: Node[] };

/** Parses snippet text; malformed `$` constructs are kept as literal text, as VS Code does. */
export function parseSnippet(text: string): Node[] {
  let i = 0;
  function parse(stopAtBrace: boolean): Node[] {
    const out: Node[] = [];
    let buf = "";
    const flush = () => { if (buf) { out.push({ type: "text", value: buf }); buf = ""; } };
    while (i < text.length) {
      const c = text[i];
      if (c === "\\" && i + 1 < text.length && "$}\\".includes(text[i + 1])) { buf += text[i + 1]; i += 2; continue; }
      if (stopAtBrace && c === "}") break;
      if (c !== "$") { buf += c; i++; continue; }
      const rest = text.slice(i + 1);
      let m = /^(\d+)/.exec(rest);
      if (m) { flush(); out.push({ type: "tabstop", index: Number(m[1]) }); i += 1 + m[1].length; continue; }
      m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
      if (m) { flush(); out.push({ type: "variable", name: m[1] }); i += 1 + m[1].length; continue; }
      m = /^\{(\d+)\}/.exec(rest);
      if (m) { flush(); out.push({ type: "tabstop", index: Number(m[1]) }); i += 1 + m[0].length; continue; }
      m = /^\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(rest);
      if (m) {
        flush();
        const choices = m[2].split(/(?<!\\),/).map((s) => s.replace(/\\(.)/g, "$1"));
        out.push({ type: "tabstop", index: Number(m[1]), choices });
        i += 1 + m[0].length;
        continue;
      }
      m = /^\{(\d+):/.exec(rest);
      if (m) {
        flush();
        i += 1 + m[0].length;
        const children = parse(true);
        i++; // the closing brace
        out.push({ type: "tabstop", index: Number(m[1]), children });
        continue;
      }
      m = /^\{([A-Za-z_][A-Za-z0-9_]*)(:?)/.exec(rest);
      if (m) {
        flush();
        i += 1 + m[0].length;
        const children = m[2] ? parse(true) : [];
        i++;
        out.push({ type: "variable", name: m[1], children });
        continue;
      }
      buf += c;
      i++;
    }
    flush();
    return out;
  }
  return parse(false);
}

/**
 * The text a user gets by accepting every default: `${1:x}` -> x, `$1` mirrors tabstop 1's default (empty if it has
 * none), `${1|a,b|}` -> a, `$0` -> "". `values` overrides tabstops by index (what a user would type there).
 */
export function expandSnippet(text: string, values: Readonly<Record<number, string>> = {}): string {
  const nodes = parseSnippet(text);
  const defaults = new Map<number, string>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.type === "tabstop") {
        if (!defaults.has(n.index)) {
          if (n.choices) defaults.set(n.index, n.choices[0] ?? "");
          else if (n.children) defaults.set(n.index, render(n.children));
        }
        if (n.children) collect(n.children);
      } else if (n.type === "variable" && n.children) collect(n.children);
    }
  };
  const render = (list: Node[]): string => list.map((n) => {
    if (n.type === "text") return n.value;
    if (n.type === "variable") return n.children ? render(n.children) : "";
    if (n.index in values) return values[n.index];
    if (n.index === 0) return n.children ? render(n.children) : "";
    return defaults.get(n.index) ?? (n.choices ? n.choices[0] : n.children ? render(n.children) : "");
  }).join("");
  collect(nodes);
  return render(nodes);
}

/** The tabstop indexes of a snippet text, sorted (for tests that check placeholders exist). */
export function tabstopsOf(text: string): number[] {
  const found = new Set<number>();
  const walk = (list: Node[]) => { for (const n of list) { if (n.type === "tabstop") { found.add(n.index); if (n.children) walk(n.children); } else if (n.type === "variable" && n.children) walk(n.children); } };
  walk(parseSnippet(text));
  return [...found].sort((a, b) => a - b);
}
