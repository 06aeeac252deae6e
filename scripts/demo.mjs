// The one-command demo (npm start): builds the extension, starts the stand-in cluster and code-server with the examples, prints the URL.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, installVsix, killGroupNow, packageExtension, startCodeServer } from "../test/e2e/codeserver.mjs";
import { CACHE, ensureTools, ROOT } from "../test/e2e/setup.mjs";
import { STANDIN_MAIN, startStandinIfPresent } from "../test/e2e/standin.mjs";

const { values } = parseArgs({ options: { port: { type: "string", default: process.env.PORT ?? "8080" }, "no-cluster": { type: "boolean", default: false } } });
const say = (line) => console.log(`[demo] ${line}`);

const running = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping …");
  for (const p of running.reverse()) await p.stop().catch(() => {});
  process.exit(code);
}
process.once("SIGINT", () => void stopAll(0));
process.once("SIGTERM", () => void stopAll(0));
process.once("exit", () => { for (const p of running) killGroupNow(p.child); });

try {
  say("installing Node 24 and code-server under .e2e/ when missing (the first time takes a few minutes) …");
  const tools = ensureTools({ browser: false });
  say("building the extension (npm run package) …");
  const vsix = packageExtension();

  const dir = join(CACHE, "demo");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A copy, so that quick fixes tried in the demo do not change the repository's examples/.
  const workspace = join(dir, "examples");
  cpSync(join(ROOT, "examples"), workspace, { recursive: true });
  const userDataDir = join(dir, "user-data");
  const extensionsDir = join(dir, "extensions");
  installVsix({ tools, vsix, extensionsDir, userDataDir });

  let env = {};
  if (values["no-cluster"]) {
    say("no cluster: started without the stand-in API server (--no-cluster)");
  } else {
    const standin = await startStandinIfPresent({ dir, logFile: join(dir, "standin.log") });
    if (standin) {
      running.push(standin);
      env = { KUBECONFIG: standin.kubeconfig };
      say(`stand-in Kubernetes API server at ${standin.url} with the demo cluster (namespaces: ${standin.namespaces.join(", ")})`);
      say(`KUBECONFIG=${standin.kubeconfig}  (try: KUBECONFIG=${standin.kubeconfig} node bin/kubeready.js cluster)`);
    } else {
      say(`no stand-in API server in this checkout (${STANDIN_MAIN} is missing): the readiness tree has no cluster to show`);
    }
  }

  let port = Number(values.port);
  if (!(port > 0)) port = await freePort();
  const codeServer = await startCodeServer({ tools, extensionsDir, userDataDir, workspace, logFile: join(dir, "code-server.log"), env, port })
    .catch(async (e) => {
      if (!/EADDRINUSE|did not answer|exited/.test(e.message) || values.port === "0") throw e;
      say(`port ${port} is taken; using a free one`);
      return startCodeServer({ tools, extensionsDir, userDataDir, workspace, logFile: join(dir, "code-server.log"), env, port: await freePort() });
    });
  running.push(codeServer);
  say(`workspace: ${workspace} (a copy of examples/)`);
  say(`logs: ${dir}`);
  console.log(`\n  kubeready in VS Code: ${codeServer.url}\n`);
  say("press Ctrl+C to stop everything");
  codeServer.child.once("exit", (code) => { if (!stopping) { say(`code-server exited (${code}); see ${codeServer.logFile}`); void stopAll(1); } });
} catch (e) {
  console.error(`[demo] failed: ${e.message}`);
  await stopAll(1);
}
