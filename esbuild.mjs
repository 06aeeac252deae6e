// Builds the bundles: the extension client, the language server (and its scan worker) and the CLI (node esbuild.mjs [--production] [--watch]).
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/**
 * yaml reads process.env.LOG_TOKENS for every token and process.env.LOG_STREAM for every document (debug switches);
 * each read of process.env is a call into the C++ environment, about a microsecond: a fifth of the parse of a file
 * of many small documents. The bundles read them as absent.
 */
const yamlDebugSwitchesOff = {
  name: "yaml-debug-switches-off",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/].*(parser|composer)\.js$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const source = await readFile(args.path, "utf8");
      return { contents: source.replace(/\b(?:node_process|process)\.env\.LOG_(?:TOKENS|STREAM)\b/g, "undefined"), loader: "js" };
    });
  },
};

const common = {
  plugins: [yamlDebugSwitchesOff],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: production ? false : "linked",
  minify: production,
  logLevel: "warning",
  loader: { ".md": "text" },
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ["module", "main"],
};

const entries = [
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js", external: ["vscode"] },
  { entryPoints: ["server/lsp/main.ts"], outfile: "dist/server.js" },
  // The workspace scan's worker thread (server/lsp/scan-pool.ts looks for it beside dist/server.js).
  { entryPoints: ["server/lsp/scan-worker.ts"], outfile: "dist/scan-worker.js" },
  // The readiness tree's snapshot analysis (cluster/snapshotAnalyzer.ts looks for it beside dist/client.js).
  { entryPoints: ["cluster/analyze-worker.ts"], outfile: "dist/cluster-worker.js" },
];
// The CLI bundle is minified in every build: a one-file lint (the pre-commit case) reads and hashes all of it on every
// run, and half the bytes is ~7 ms less CPU (bench/RESULTS.md, startup). The linked source map keeps stack traces
// readable (node --enable-source-maps). It must stay ASCII (test/bundle.test.ts): one other character makes V8 hold
// the whole source as a two-byte string, and esbuild leaves such characters in regular expression literals.
if (existsSync("server/cli/bin.ts")) entries.push({ entryPoints: ["server/cli/bin.ts"], outfile: "dist/cli.js", minify: true });
// `kubeready cluster` in its own file, required by dist/cli.js only when that command runs (server/cli/lazy.ts).
if (existsSync("server/cli/lazy.ts")) entries.push({ entryPoints: ["server/cli/cluster.ts"], outfile: "dist/cli-cluster.js" });
// `kubeready validate` likewise (server-side dry runs; server/cli/lazy.ts).
if (existsSync("server/cli/validate.ts")) entries.push({ entryPoints: ["server/cli/validate.ts"], outfile: "dist/cli-validate.js" });

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log("esbuild: watching");
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
