// Test helper: the generated schema is gitignored, so build it once when a test needs it and it is missing.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { KUBERNETES_SCHEMA_PATH, loadKubernetesSchema } from "./loadKubernetesSchema.js";
import type { JsonSchema } from "./crdSchemas.js";

export const repositoryRoot = resolve(__dirname, "..", "..");

export function ensureKubernetesSchema(): JsonSchema {
  if (!existsSync(join(repositoryRoot, KUBERNETES_SCHEMA_PATH))) {
    const run = spawnSync(process.execPath, [join(repositoryRoot, "scripts", "build-schema.mjs")], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`build-schema failed: ${run.stderr}`);
  }
  return loadKubernetesSchema(repositoryRoot);
}
