// Entry point of the CLI bundle (esbuild: server/cli/bin.ts -> dist/cli.js); bin/kubeready.js requires it and calls run().
export { main, run } from "./main.js";
export { lintWorker } from "./lint-worker.js";
