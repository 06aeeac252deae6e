// Whether the CLI's output gets ANSI colours (the lint report, the explain page).
import type { CliIO } from "./main.js";

/** Colours on a terminal; NO_COLOR (non-empty) turns them off, FORCE_COLOR (not "0"/"false") on. */
export function useColor(io: Pick<CliIO, "env" | "stdout">): boolean {
  const { NO_COLOR: noColor, FORCE_COLOR: force } = io.env;
  if (noColor !== undefined && noColor !== "") return false;
  if (force !== undefined) return force !== "0" && force !== "false";
  return io.stdout.isTTY === true;
}
