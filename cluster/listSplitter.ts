// Splits a list answer's JSON into its items' texts as the bytes arrive, so no thread parses a whole page at once.

/**
 * The API server's list answer is one JSON object whose `items` array holds hundreds of objects: `JSON.parse` of a
 * page of 500 pods (~1 MB) blocks its thread for 10–15 ms of CPU, several hundred milliseconds on a loaded machine,
 * and in the editor that thread is the extension host's. This scanner finds the top-level `items` array's elements
 * chunk by chunk (a few microseconds per chunk) and hands them back as separate texts; the caller parses them one at a
 * time between turns of the event loop. Everything around the array (kind, metadata.continue, resourceVersion) is
 * kept as `head`, with `[]` in the array's place.
 *
 * It only finds boundaries (strings, escapes, nesting); it does not validate. Whatever it cannot split — no object at
 * the top, a second `items` key, unbalanced brackets — sets `failed`, and the caller parses the whole text as before,
 * which also reports broken JSON exactly as before. Every byte it looks at is ASCII (`"`, `\`, brackets, `,`, `:`),
 * which never occurs inside a multi-byte UTF-8 sequence, so it scans bytes, not characters.
 */
export class ListItemSplitter {
  private readonly head: Buffer[] = [];
  private readonly items: string[] = [];
  private readonly raw: Buffer[] = [];
  /** Parts of the element being read, when it spans chunks. */
  private element: Buffer[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Start of the last string at depth 1 (a key candidate), as parts when it spans chunks. */
  private keyParts: Buffer[] | undefined;
  private lastKey = "";
  /** 0: before the items array; 1: inside it (depth 2 is the elements' level); 2: after it. */
  private phase: 0 | 1 | 2 = 0;
  /** Inside the array: whether an element has started (a non-blank byte after `[` or `,`). */
  private inElement = false;
  failed = false;

  push(chunk: Buffer): void {
    this.raw.push(chunk);
    if (this.failed) return;
    let from = 0; // start of the current run of head bytes in this chunk
    let elementFrom = -1; // start of the current element's bytes in this chunk
    let keyFrom = -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) {
          this.inString = false;
          if (this.keyParts) {
            this.keyParts.push(chunk.subarray(keyFrom < 0 ? 0 : keyFrom, i));
            this.lastKey = Buffer.concat(this.keyParts).toString("utf8");
            this.keyParts = undefined;
            keyFrom = -1;
          }
        }
        continue;
      }
      if (this.phase === 1 && this.depth === 2 && !this.inElement && b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0x2c && b !== 0x5d) {
        this.inElement = true;
        elementFrom = i;
      }
      switch (b) {
        case 0x22: // "
          this.inString = true;
          if (this.depth === 1) {
            this.keyParts = [];
            keyFrom = i + 1;
          }
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (this.depth === 0 && b !== 0x7b) return this.fail();
          if (this.depth === 1 && b === 0x5b && this.lastKey === "items") {
            if (this.phase !== 0) return this.fail(); // a second items array: let JSON.parse decide which counts
            this.phase = 1;
            this.head.push(chunk.subarray(from, i + 1));
            from = -1;
          }
          this.depth++;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          if (this.depth === 0) return this.fail();
          if (this.phase === 1 && this.depth === 2) {
            this.endElement(chunk, elementFrom, i);
            elementFrom = -1;
            if (b === 0x7d) return this.fail();
            this.phase = 2;
            from = i; // the head goes on with this "]"
          }
          this.depth--;
          break;
        case 0x2c: // ,
          if (this.phase === 1 && this.depth === 2) {
            this.endElement(chunk, elementFrom, i);
            elementFrom = -1;
          }
          if (this.depth === 1) this.lastKey = "";
          break;
      }
    }
    if (this.keyParts) this.keyParts.push(chunk.subarray(keyFrom < 0 ? 0 : keyFrom));
    if (this.phase === 1 && this.inElement) this.element.push(chunk.subarray(elementFrom < 0 ? 0 : elementFrom));
    if (from >= 0 && this.phase !== 1) this.head.push(chunk.subarray(from));
  }

  private endElement(chunk: Buffer, elementFrom: number, end: number): void {
    if (!this.inElement) return;
    this.element.push(chunk.subarray(elementFrom < 0 ? 0 : elementFrom, end));
    this.items.push((this.element.length === 1 ? this.element[0]! : Buffer.concat(this.element)).toString("utf8"));
    this.element = [];
    this.inElement = false;
  }

  private fail(): void {
    this.failed = true;
  }

  /**
   * The split answer: `head` is the text without the items (their array left empty), `items` each element's text; or
   * undefined when the text could not be split (then `text()` is the whole answer, for `JSON.parse`).
   */
  result(): { head: string; items: string[] } | undefined {
    if (this.failed || this.depth !== 0 || this.inString || this.phase === 1) return undefined;
    return { head: Buffer.concat(this.head).toString("utf8"), items: this.items };
  }

  text(): string {
    return Buffer.concat(this.raw).toString("utf8");
  }
}
