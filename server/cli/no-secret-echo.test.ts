// Proves that `kubeready lint` never prints a secret's value, in any format, on stdout or stderr (file and stdin input).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CANARY_MANIFESTS, leaks } from "../../rules/secrets/canaries.js";
import { project, run } from "./testkit.js";

describe("kubeready lint never echoes a secret value", () => {
  // A broken line inside the Secret too: syntax messages must not quote the value either.
  const broken = CANARY_MANIFESTS.replace("type: Opaque\n", "type: Opaque\n  oops: [\n");
  const root = project({ "canary.yaml": CANARY_MANIFESTS, "broken.yaml": broken });

  for (const format of ["text", "json", "sarif"]) {
    it(`--format ${format}, files`, async () => {
      const r = await run(["lint", "--format", format, "--fail-on", "never", "canary.yaml", "broken.yaml"], { cwd: root });
      assert.equal(r.code, 0, r.stderr);
      // The test can fail: the secrets rules did report on these files.
      assert.match(r.stdout, /secrets\/literal-secret-env/);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });

    it(`--format ${format}, stdin`, async () => {
      const r = await run(["lint", "--format", format, "--fail-on", "never", "-"], { cwd: root, stdin: CANARY_MANIFESTS });
      assert.match(r.stdout, /secrets\/secret-in-repository/);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });
  }
});
