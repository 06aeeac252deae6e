// LSP: a cross-object finding updates live — creating a PDB file clears the Deployment's missing-pdb warning, deleting it brings it back.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
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
    matchExpressions:
      - {key: app, operator: In, values: [web]}
`;

const has = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === RULE);

describe("cross-file PodDisruptionBudget over LSP", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build" }, () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-pdb-"));
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const deployUri = () => pathToFileURL(join(dir, "deployment.yaml")).toString();
  const pdbPath = () => join(dir, "pdb.yaml");

  it("warns on the open Deployment while no PDB exists", async () => {
    writeFileSync(join(dir, "deployment.yaml"), DEPLOYMENT);
    const wait = client.waitForDiagnostics(deployUri(), has);
    client.open(deployUri(), DEPLOYMENT);
    const p = await wait;
    const d = p.diagnostics.find((x) => x.code === RULE)!;
    assert.equal(d.range.start.line, 6, "on spec.replicas");
  });

  it("clears the warning when a PDB file is created on disk (the Deployment file is not touched)", async () => {
    writeFileSync(pdbPath(), PDB);
    const wait = client.waitForDiagnostics(deployUri(), (p) => !has(p));
    client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(pdbPath()).toString(), type: 1 }] });
    await wait;
  });

  it("brings the warning back when the PDB file is deleted", async () => {
    unlinkSync(pdbPath());
    const wait = client.waitForDiagnostics(deployUri(), has);
    client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(pdbPath()).toString(), type: 3 }] });
    await wait;
  });

  it("follows an unsaved PDB in the editor too: opening clears, closing (file gone) restores", async () => {
    const uri = pathToFileURL(join(dir, "unsaved-pdb.yaml")).toString();
    const cleared = client.waitForDiagnostics(deployUri(), (p) => !has(p));
    client.open(uri, PDB);
    await cleared;
    const back = client.waitForDiagnostics(deployUri(), has);
    client.close(uri);
    await back;
  });
});
