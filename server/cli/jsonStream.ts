// Writes `JSON.stringify(value, null, 2)` of a report in pieces, one array item at a time: 60,000 findings of a large
// cluster never exist as one 40 MB string (nor as one array of output objects).

/** Where the pieces go (a stream's write; back-pressure is the stream's own buffering). */
export type Write = (chunk: string) => unknown;

/** Pieces are gathered up to about this many characters before each write. */
const CHUNK = 1 << 16;

/**
 * Writes, piece by piece, exactly what `JSON.stringify(report, null, 2) + "\n"` gives for the object whose keys are
 * those of `head`, in order, with the key `items` holding `count` items made by `item(i)`, one at a time.
 * `head[items]` only marks the key's place (its value is not read).
 */
export function writeJsonReport(write: Write, head: Record<string, unknown>, items: string, count: number, item: (i: number) => unknown): void {
  let buffer = "";
  const put = (s: string) => {
    buffer += s;
    if (buffer.length >= CHUNK) { write(buffer); buffer = ""; }
  };
  let first = true;
  put("{");
  for (const key of Object.keys(head)) {
    if (key === items) {
      put(`${first ? "" : ","}\n  ${JSON.stringify(key)}: `);
      first = false;
      writeArray(put, count, item);
      continue;
    }
    const json = JSON.stringify(head[key], null, 2) as string | undefined;
    if (json === undefined) continue; // what JSON.stringify leaves out (undefined, a function)
    put(`${first ? "" : ","}\n  ${JSON.stringify(key)}: ${indent(json, "  ")}`);
    first = false;
  }
  put(first ? "}\n" : "\n}\n");
  if (buffer) write(buffer);
}

/** An array at depth 1: `[]` when empty, else one item per line block, indented as JSON.stringify indents them. */
function writeArray(put: (s: string) => void, count: number, item: (i: number) => unknown): void {
  if (count === 0) {
    put("[]");
    return;
  }
  put("[");
  for (let i = 0; i < count; i++) {
    // An item JSON.stringify cannot write (undefined, a function) is written as null inside an array.
    const json = (JSON.stringify(item(i), null, 2) as string | undefined) ?? "null";
    put(`${i === 0 ? "" : ","}\n    ${indent(json, "    ")}`);
  }
  put("\n  ]");
}

/** A JSON text moved right (JSON has no line breaks inside strings: each one starts a line of the structure). */
function indent(json: string, by: string): string {
  return json.includes("\n") ? json.replace(/\n/g, `\n${by}`) : json;
}
