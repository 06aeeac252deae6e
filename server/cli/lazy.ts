// Modules of the CLI that a lint run does not need live in their own bundle files (dist/cli-<name>.js) and are
// required only when used: a one-file lint (the pre-commit case) never parses the Kubernetes client library.
// From source (tsx, tests) they are plain dynamic imports. Both specifiers are computed, so esbuild bundles neither
// into dist/cli.js (esbuild.mjs builds dist/cli-cluster.js from server/cli/cluster.ts, dist/cli-validate.js from validate.ts).
import { existsSync } from "node:fs";
import { join } from "node:path";

function load<T>(bundleFile: string, sourceModule: string): Promise<T> {
  const bundled = join(__dirname, bundleFile);
  if (existsSync(bundled)) return Promise.resolve(require(bundled) as T);
  const specifier = "./" + sourceModule + ".js"; // not a template literal: esbuild would turn that into a glob import
  return import(specifier) as Promise<T>;
}

export function loadCluster(): Promise<typeof import("./cluster.js")> {
  return load("cli-cluster.js", "cluster");
}

export function loadValidate(): Promise<typeof import("./validate.js")> {
  return load("cli-validate.js", "validate");
}
