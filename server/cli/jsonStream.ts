// Writes `JSON.stringify(value, null, 2)` of a report in pieces, one array item at a time, as fast as the reader takes
// them: 60,000 findings of a large cluster never exist as one 40 MB string (nor as one array of output objects).

/** Pieces are gathered up to about this many characters before each is handed out. */
const CHUNK = 1 << 16;

/**
 * The pieces of `JSON.stringify(report, null, 2) + "\n"` for the object whose keys are those of `head`, in order, with
 * the key `items` holding `count` items made by `item(i)` when their piece is asked for. `head[items]` only marks the
 * key's place (its value is not read).
 */
export function* jsonReportPieces(head: Record<string, unknown>, items: string, count: number, item: (i: number) => unknown): Generator<string, void, void> {
  let buffer = "";
  let first = true;
  const pieces: string[] = [];
  const put = (s: string) => {
    buffer += s;
    if (buffer.length >= CHUNK) { pieces.push(buffer); buffer = ""; }
  };
  put("{");
  for (const key of Object.keys(head)) {
    if (key === items) {
      put(`${first ? "" : ","}\n  ${JSON.stringify(key)}: `);
      first = false;
      if (count === 0) { put("[]"); continue; }
      put("[");
      for (let i = 0; i < count; i++) {
        // An item JSON.stringify cannot write (undefined, a function) is written as null inside an array.
        const json = (JSON.stringify(item(i), null, 2) as string | undefined) ?? "null";
        put(`${i === 0 ? "" : ","}\n    ${indent(json, "    ")}`);
        if (pieces.length) yield* pieces.splice(0);
      }
      put("\n  ]");
      continue;
    }
    const json = JSON.stringify(head[key], null, 2) as string | undefined;
    if (json === undefined) continue; // what JSON.stringify leaves out (undefined, a function)
    put(`${first ? "" : ","}\n  ${JSON.stringify(key)}: ${indent(json, "  ")}`);
    first = false;
  }
  put(first ? "}\n" : "\n}\n");
  yield* pieces;
  if (buffer) yield buffer;
}

/** A stream to write to: a Node stream's write (false: its buffer is full) and events, or anything with a write. */
export interface Out {
  write(chunk: string): unknown;
  once?(event: string, listener: () => void): unknown;
  off?(event: string, listener: () => void): unknown;
}

/**
 * Writes pieces, waiting for the stream to drain whenever its buffer is full: a pipe read slowly then holds one piece,
 * not the whole report. A stream that closes or fails meanwhile ends the writing (its own error handler reports it).
 */
export async function writePieces(out: Out, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    if (out.write(piece) !== false || !out.once || !out.off) continue;
    const events = ["drain", "close", "error"];
    let closed = false;
    await new Promise<void>((resolve) => {
      const done = (event: string) => () => {
        for (const e of events) out.off!(e, listeners[e]!);
        closed = event !== "drain";
        resolve();
      };
      const listeners: Record<string, () => void> = Object.fromEntries(events.map((e) => [e, done(e)]));
      for (const e of events) out.once!(e, listeners[e]!);
    });
    if (closed) return;
  }
}

/** Writes `jsonReportPieces(...)` with `write`, all at once (tests, and callers without back-pressure). */
export function writeJsonReport(write: (chunk: string) => unknown, head: Record<string, unknown>, items: string, count: number, item: (i: number) => unknown): void {
  for (const piece of jsonReportPieces(head, items, count, item)) write(piece);
}

/** A JSON text moved right (JSON has no line breaks inside strings: each one starts a line of the structure). */
function indent(json: string, by: string): string {
  return json.includes("\n") ? json.replace(/\n/g, `\n${by}`) : json;
}
