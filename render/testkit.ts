// Shared by the render tests and bench: the fixtures, the pinned tools (when installed), and a lint run through the CLI.
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { findExecutable, toolCacheDir } from "./tools.js";

export const FIXTURES = resolve(__dirname, "fixtures");

/** PATH for the tests: kubeready's tool cache first (scripts/tools.mjs install), then the machine's PATH. */
export function toolEnv(): Record<string, string> {
  return { PATH: [toolCacheDir(), process.env.PATH ?? ""].join(":"), HOME: process.env.HOME ?? "" };
}

/** An environment in which neither helm nor kustomize nor kubectl can be found. */
export function noToolsEnv(): Record<string, string> {
  return { PATH: "/nonexistent", KUBEREADY_TOOLS_DIR: "/nonexistent" };
}

/** Why a test that needs `tool` is skipped, or false when the tool is there. */
export function skipWithout(tool: "helm" | "kustomize"): string | false {
  if (findExecutable(tool, { env: toolEnv() })) return false;
  return `${tool} is not installed (run \`node scripts/tools.mjs install ${tool}\`; needs Go)`;
}

const copies: string[] = [];
process.on("exit", () => { for (const d of copies) rmSync(d, { recursive: true, force: true }); });

/** A private copy of a fixture folder (tests may add files to it), with the given .kubeready.yaml. */
export function fixtureCopy(name: string, config = "", extra: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "kubeready-render-")));
  copies.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  if (config) writeFileSync(join(dir, ".kubeready.yaml"), config);
  for (const [rel, text] of Object.entries(extra)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

export { existsSync };
