// The CLI's stdout and stderr as plain file descriptors. process.stdout on a pipe (the pre-commit case) builds a socket
// stream and loads net and stream on first touch, and node:tty (for isTTY) loads net too: about 7 ms of CPU of a
// one-file lint. A report is written with one synchronous write instead; Node writes pipes and files synchronously on
// Linux as well, so nothing changes in order or completeness. A non-blocking pipe that is full (EAGAIN) hands the rest,
// and every later write, to Node's own stream, which waits for it.
import { fstatSync, writeSync } from "node:fs";
import type { Writable } from "./main.js";

/** What a write error ends in: a closed pipe (`kubeready lint | head`) ends the run quietly, anything else with exit 2. */
export interface WriteFailure { (e: NodeJS.ErrnoException): void }

export function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream, onError: WriteFailure): Writable {
  let fallback: NodeJS.WriteStream | undefined;
  let tty: boolean | undefined;
  return {
    get isTTY(): boolean {
      if (tty === undefined) {
        // A pipe or a file is never a terminal; only a character device needs node:tty's answer (/dev/null is one too).
        let device = false;
        try { device = fstatSync(fd).isCharacterDevice(); } catch { device = false; }
        tty = device && (require("node:tty") as typeof import("node:tty")).isatty(fd);
      }
      return tty;
    },
    write(chunk: string): boolean {
      if (fallback) return fallback.write(chunk);
      const bytes = Buffer.from(chunk, "utf8");
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        return true;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code !== "EAGAIN") { onError(err); return false; }
        fallback = stream();
        return fallback.write(bytes.subarray(done));
      }
    },
  };
}
