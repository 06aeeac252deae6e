// Decodes a file as UTF-8 and says precisely where it is not UTF-8 (kubectl rejects such a file; Node would silently replace the bytes).
import { SYNTAX_RULE, type Finding } from "../../rules/engine.js";

export interface Decoded {
  text: string;
  /** The first invalid byte sequence, when there is one. */
  invalid?: { byte: number; line: number; column: number };
}

export function decodeUtf8(bytes: Buffer): Decoded {
  const text = bytes.toString("utf8");
  // Node replaces every invalid sequence with U+FFFD; a U+FFFD written in the file (EF BF BD) is a real character.
  for (let i = text.indexOf("\uFFFD"); i >= 0; i = text.indexOf("\uFFFD", i + 1)) {
    const byte = Buffer.byteLength(text.slice(0, i), "utf8");
    if (bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd) continue;
    const lineStart = text.lastIndexOf("\n", i - 1) + 1;
    let line = 1;
    for (let j = text.indexOf("\n"); j >= 0 && j < i; j = text.indexOf("\n", j + 1)) line++;
    return { text, invalid: { byte, line, column: i - lineStart + 1 } };
  }
  return { text };
}

/** The finding for a file that is not valid UTF-8: an error, since kubectl refuses the file. */
export function invalidUtf8Finding(uri: string, invalid: NonNullable<Decoded["invalid"]>): Finding {
  const start = { line: invalid.line - 1, character: invalid.column - 1 };
  return {
    rule: SYNTAX_RULE, severity: "error", uri, key: `${SYNTAX_RULE}|utf8`, fixable: "none",
    range: { start, end: { line: start.line, character: start.character + 1 } },
    message: `Invalid UTF-8 at byte ${invalid.byte} (line ${invalid.line}, column ${invalid.column}): kubectl rejects the file (its YAML reader accepts only UTF-8, or UTF-16 with a byte order mark). The rest of the file is analysed with the invalid bytes read as U+FFFD.`,
  };
}
