// stdio.ts: the CLI's descriptor writers write every byte, say a file is no terminal, and hand errors to the caller.
import assert from "node:assert/strict";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { descriptorWriter } from "./stdio.js";
import { project } from "./testkit.js";

describe("descriptorWriter", () => {
  it("writes every byte (multi-byte characters, 1 MB at once) and says a file is not a terminal", () => {
    const path = join(project({}), "out.txt");
    const fd = openSync(path, "w");
    try {
      const w = descriptorWriter(fd as 1, () => { throw new Error("no stream needed"); }, (e) => { throw e; });
      assert.equal(w.isTTY, false);
      w.write("✖ 1 problem\n");
      w.write("x".repeat(1 << 20));
      assert.equal(readFileSync(path, "utf8"), `✖ 1 problem\n${"x".repeat(1 << 20)}`);
    } finally { closeSync(fd); }
  });

  it("hands a write error (a closed descriptor) to the caller instead of throwing", () => {
    const fd = openSync(join(project({}), "out.txt"), "w");
    closeSync(fd);
    const errors: string[] = [];
    const w = descriptorWriter(fd as 1, () => { throw new Error("no stream needed"); }, (e) => { errors.push(e.code ?? "?"); });
    assert.equal(w.write("report\n"), false);
    assert.deepEqual(errors, ["EBADF"]);
  });
});
