// A file that is not UTF-8 gets a precise error (kubectl refuses it) instead of being read with replacement characters in silence.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeUtf8 } from "./utf8.js";
import { isolatedConfig, PRIVILEGED_POD, project, run } from "./testkit.js";

describe("invalid UTF-8", () => {
  it("locates the first invalid byte, and leaves a written U+FFFD alone", () => {
    const bytes = Buffer.concat([Buffer.from("a: \uFFFD ok\nb: x"), Buffer.from([0xff, 0xfe]), Buffer.from("\n")]);
    assert.deepEqual(decodeUtf8(bytes).invalid, { byte: 14, line: 2, column: 5 });
    assert.equal(decodeUtf8(Buffer.from("a: \uFFFD\n")).invalid, undefined);
  });

  it("is a yaml/syntax error at its line and column, and the rest of the file is still analysed", async () => {
    const root = project({ ".kubeready.yaml": isolatedConfig() });
    const text = PRIVILEGED_POD.replace("name: priv", "name: priv\n  annotations:\n    note: caf?");
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf("caf?") + 3] = 0xe9; // Latin-1 é
    writeFileSync(join(root, "latin1.yaml"), bytes);
    const r = await run(["lint", "--format", "json", "latin1.yaml"], { cwd: root });
    const findings = (JSON.parse(r.stdout) as { findings: { rule: string; severity: string; line: number; column: number; message: string }[] }).findings;
    const utf8 = findings.filter((f) => /UTF-8/.test(f.message));
    assert.deepEqual(utf8.map((f) => [f.rule, f.severity, f.line, f.column]), [["yaml/syntax", "error", 6, 14]]);
    assert.match(utf8[0].message, /^Invalid UTF-8 at byte \d+ \(line 6, column 14\): kubectl rejects the file/);
    assert.ok(findings.some((f) => f.rule === "pss/privileged"));
  });
});
