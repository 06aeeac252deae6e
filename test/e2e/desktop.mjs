// Runs the extension-host assertions in desktop VS Code with @vscode/test-electron when VSCODE_EXECUTABLE_PATH names a local VS Code.
import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./setup.mjs";
import { createWorkspace } from "./workspace.mjs";

const executable = process.env.VSCODE_EXECUTABLE_PATH;
const skip = executable ? false : "VSCODE_EXECUTABLE_PATH is not set: desktop VS Code cannot be downloaded here; point it at a local VS Code binary to run this";

test("kubeready's extension-host assertions pass in desktop VS Code", { skip, timeout: 10 * 60_000 }, async () => {
  const { runTests } = await import("@vscode/test-electron");
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const tmp = mkdtempSync(join(tmpdir(), "kubeready-desktop-"));
  try {
    const workspace = createWorkspace(join(tmp, "workspace"));
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, "test", "e2e", "desktop", "index.cjs"),
      launchArgs: [
        workspace,
        "--disable-extensions", // other installed extensions; the one under development still loads
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        "--user-data-dir", join(tmp, "user-data"),
        "--extensions-dir", join(tmp, "extensions"),
      ],
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
