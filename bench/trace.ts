// The typing trace every latency benchmark replays: type a comment after the middle `replicas:` line, then delete it.
import { middleReplicasLine } from "./yls/manifest.js";

export interface Keystroke { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }
export interface TypingTrace { edits: Keystroke[]; texts: string[] }

export const TYPED = " # scaled up for peak";

/** `chars` keystrokes typing TYPED (cycled) and as many backspaces: the file ends as it began. */
export function typingTrace(text: string, chars: number): TypingTrace {
  const line = middleReplicasLine(text);
  const lines = text.split("\n");
  const base = lines[line];
  const edits: Keystroke[] = [];
  const texts: string[] = [];
  let current = base;
  const withLine = (l: string) => { lines[line] = l; return lines.join("\n"); };
  for (let i = 0; i < chars; i++) {
    const ch = TYPED[i % TYPED.length];
    const at = { line, character: current.length };
    edits.push({ range: { start: at, end: at }, text: ch });
    current += ch;
    texts.push(withLine(current));
  }
  for (let i = 0; i < chars; i++) {
    const end = { line, character: current.length };
    const start = { line, character: current.length - 1 };
    edits.push({ range: { start, end }, text: "" });
    current = current.slice(0, -1);
    texts.push(withLine(current));
  }
  lines[line] = base;
  return { edits, texts };
}
