// Runs the end-to-end suite (npm run test:e2e [-- --update-docs]) with Node's test runner and TAP output: kubeready in code-server, driven by Chromium.
import { run } from "node:test";
import { tap } from "node:test/reporters";
import { join } from "node:path";
import { ROOT } from "./setup.mjs";

// --update-docs also copies the best screenshots to docs/images/ (off by default, so a run leaves the tree clean).
if (process.argv.includes("--update-docs")) process.env.KUBEREADY_E2E_UPDATE_DOCS = "1";
const started = Date.now();
// desktop.mjs skips itself (with a line saying why) unless VSCODE_EXECUTABLE_PATH names a local VS Code.
const suites = [join(ROOT, "test", "e2e", "vscode.e2e.mjs"), join(ROOT, "test", "e2e", "desktop.mjs")];
let failed = 0;
const stream = run({ files: suites, concurrency: 1, timeout: 40 * 60_000 });
// Any failure counts: a test, a cancelled test, or a suite whose before() hook failed.
stream.on("test:fail", () => { failed += 1; });
stream.compose(tap).pipe(process.stdout);
stream.once("end", () => {
  console.error(`e2e: ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots and logs in .artifacts/e2e/`);
  process.exitCode = failed ? 1 : 0;
});
