// LSP: files known only from the workspace scan count for cross-file rules, and open → edit → close → reopen swaps them between full and light form.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { startLspServer, type LspClient } from "./client.js";

const SERVER = join(import.meta.dirname, "..", "..", "dist", "server.js");
const RULE = "availability/missing-pdb";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
`;
const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`;

/** An alias to itself makes a cyclic value: it must survive the scan, the worker's message and the first open. */
const CYCLE = `apiVersion: v1
kind: ConfigMap
metadata: {name: cyclic, namespace: shop}
data: &d
  self: *d
`;

const has = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === RULE);

describe("scanned (light) files over LSP", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build" }, () => {
  let dir: string;
  let client: LspClient;
  let log: string[];
  const deployUri = () => pathToFileURL(join(dir, "deployment.yaml")).toString();
  const pdbUri = () => pathToFileURL(join(dir, "pdb.yaml")).toString();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-light-"));
    writeFileSync(join(dir, "deployment.yaml"), DEPLOYMENT);
    writeFileSync(join(dir, "pdb.yaml"), PDB);
    // Enough files that the scan starts its worker threads.
    writeFileSync(join(dir, "cycle.yaml"), CYCLE);
    for (let i = 0; i < 39; i++) writeFileSync(join(dir, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: shop}\n`);
    log = [];
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
    client.connection.onNotification("window/logMessage", (p: { message: string }) => { log.push(p.message); });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts the PDB of a closed, scanned file for the open Deployment", async () => {
    const wait = client.waitForDiagnostics(deployUri(), (p) => !has(p) && log.some((m) => /indexed 42 YAML files/.test(m)), 30_000);
    client.open(deployUri(), DEPLOYMENT);
    // The first publication may come before the scan ends; the refresh after it clears the warning.
    await wait;
    assert.match(log.find((m) => /indexed/.test(m))!, /^kubeready: indexed 42 YAML files in \d+ ms( \(\d+ parsed on \d worker threads?\))?$/);
  });

  it("opens a scanned file whose value refers to itself", async () => {
    const uri = pathToFileURL(join(dir, "cycle.yaml")).toString();
    const wait = client.waitForDiagnostics(uri);
    client.open(uri, CYCLE);
    await wait;
    client.close(uri);
  });

  it("follows the PDB's unsaved edits once it is opened", async () => {
    const opened = client.waitForDiagnostics(pdbUri());
    client.open(pdbUri(), PDB);
    await opened;
    const wait = client.waitForDiagnostics(deployUri(), has);
    // matchLabels {app: web} → {app: api}: the budget no longer covers the Deployment.
    client.change(pdbUri(), 2, [{ range: { start: { line: 8, character: 24 }, end: { line: 8, character: 27 } }, text: "api" }]);
    await wait;
  });

  it("goes back to the file on disk when the PDB is closed without saving", async () => {
    const wait = client.waitForDiagnostics(deployUri(), (p) => !has(p));
    client.close(pdbUri());
    await wait;
  });

  it("parses the PDB in full again when it is reopened: positions of its own findings are right", async () => {
    const broken = PDB.replace("maxUnavailable: 1", "maxUnavailable: [1");
    const wait = client.waitForDiagnostics(pdbUri(), (p) => p.diagnostics.some((d) => d.code === "yaml/syntax"));
    client.open(pdbUri(), broken, 3);
    const p = await wait;
    const syntax = p.diagnostics.find((d) => d.code === "yaml/syntax")!;
    assert.ok(syntax.range.start.line >= 6, `syntax error at or after the broken line, got line ${syntax.range.start.line}`);
  });
});
