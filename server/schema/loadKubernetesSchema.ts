// Reads the built-in Kubernetes schema generated at build time (scripts/build-schema.mjs) from disk.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonSchema } from "./crdSchemas.js";

/** The generated file's path relative to the repository (and to the packaged extension's root). */
export const KUBERNETES_SCHEMA_PATH = join("schemas", "generated", "kubernetes.json");

/** Parses the generated schema under `root`; throws with the build command to run when it is missing. */
export function loadKubernetesSchema(root: string): JsonSchema {
  const file = join(root, KUBERNETES_SCHEMA_PATH);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`${file} is missing: run \`node scripts/build-schema.mjs\``);
  }
  return JSON.parse(text) as JsonSchema;
}
