// `kubeready validate`: options, exit codes, formats and messages, against a stand-in API server that answers dry runs
// as kube-apiserver does (Pod Security rejection, a warning), an unreachable server and a kubeconfig that is missing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { writeKubeconfig } from "../../test/standin/kubeconfig.js";
import { CANARY_MANIFESTS, leaks } from "../../rules/secrets/canaries.js";
import { parseArgs } from "./args.js";
import { project, run } from "./testkit.js";
import { parseValidateArgs } from "./validate.js";

const TOKEN = "kr-cli-validate-token-81be2a";
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: privileged
spec:
  containers:
    - name: app
      image: app:1
      securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata:
  name: fine
spec:
  containers: [{name: app, image: "app:1"}]
`;

let server: http.Server;
let root: string;
const writes: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "GET") {
        res.end(JSON.stringify({ resources: [{ name: "pods", kind: "Pod", namespaced: true }, { name: "secrets", kind: "Secret", namespaced: true }, { name: "configmaps", kind: "ConfigMap", namespaced: true }] }));
        return;
      }
      writes.push(`${req.method} ${req.url}`);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { kind: string; metadata: { name: string } };
      if (body.metadata.name === "privileged") {
        res.writeHead(403);
        res.end(JSON.stringify({ kind: "Status", code: 403, reason: "Forbidden", message: 'pods "privileged" is forbidden: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true)' }));
        return;
      }
      if (body.kind === "Secret" || body.kind === "ConfigMap" || body.kind === "Deployment") {
        const quoted = JSON.stringify(body).match(/KrCanary[^"\\]*/g) ?? [];
        res.writeHead(422);
        res.end(JSON.stringify({ kind: "Status", code: 422, reason: "Invalid", message: `invalid: ${quoted.map((q) => `Invalid value: "${q}"`).join(", ")}` }));
        return;
      }
      res.writeHead(201, { warning: '299 - "would violate PodSecurity \\"restricted:latest\\": runAsNonRoot != true"' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  root = project({ "app.yaml": POD, "canary.yaml": CANARY_MANIFESTS });
  writeKubeconfig(join(root, "kubeconfig"), [
    { name: "standin", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: TOKEN, namespace: "team" },
    { name: "nowhere", server: "http://127.0.0.1:1", token: TOKEN },
  ]);
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("kubeready validate", () => {
  it("is a command of its own, with its own options", () => {
    assert.deepEqual(parseArgs(["validate", "-n", "x", "a.yaml"]), { command: "validate", paths: ["a.yaml"], namespace: "x", format: "text", failOn: "error", timeoutSeconds: 60 });
    assert.deepEqual(parseValidateArgs(["--context", "c", "--namespace=ns", "--format", "json", "--timeout", "5", "a.yaml", "-"]),
      { paths: ["a.yaml", "-"], context: "c", namespace: "ns", format: "json", failOn: "error", timeoutSeconds: 5 });
    assert.deepEqual(parseValidateArgs(["--format", "yaml"]), { error: "--format must be text, json or sarif, not 'yaml'" });
    assert.deepEqual(parseValidateArgs(["--fix"]), { error: "unknown option --fix" });
    assert.deepEqual(parseValidateArgs(["--timeout", "0"]), { error: "--timeout must be a positive number of seconds, not '0'" });
  });

  it("--help says that it sends dry runs and needs create permission", async () => {
    const r = await run(["validate", "--help"], { cwd: root });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /server-side dry run \(dryRun=All/);
    assert.match(r.stdout, /Needs create permission/);
    const usage = await run(["--help"], { cwd: root });
    assert.match(usage.stdout, /validate +dry-run files against a cluster/);
  });

  it("reports admission's rejection at the pod and its warning, exit 1, and a summary line", async () => {
    writes.length = 0;
    const r = await run(["validate", "--kubeconfig", join(root, "kubeconfig"), "app.yaml"], { cwd: root });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /4:9 +error +standin rejects the create of Pod team\/privileged \(admission, 403 Forbidden\): pods "privileged" is forbidden: violates PodSecurity/);
    assert.match(r.stdout, /14:9 +warning +standin warns \(dry run of Pod team\/fine\): would violate PodSecurity "restricted:latest": runAsNonRoot != true/);
    assert.match(r.stderr, /2 objects sent to context standin \(http:\/\/127\.0\.0\.1:\d+\) as server-side dry runs \(dryRun=All, nothing stored\): 1 accepted, 1 rejected, 0 not validated/);
    assert.deepEqual(writes.filter((w) => !w.includes("dryRun=All")), []);
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN));
    const warnOnly = await run(["validate", "--kubeconfig", join(root, "kubeconfig"), "--fail-on", "warning", "--format", "json", "-"], { cwd: root, stdin: POD.split("---\n")[1] });
    assert.equal(warnOnly.code, 1);
    assert.deepEqual((JSON.parse(warnOnly.stdout) as { findings: Array<{ rule: string; file: string }> }).findings.map((f) => `${f.file} ${f.rule}`), ["<stdin> dry-run/warning"]);
  });

  for (const format of ["text", "json", "sarif"]) {
    it(`never echoes a secret value (--format ${format})`, async () => {
      const r = await run(["validate", "--kubeconfig", join(root, "kubeconfig"), "--format", format, "canary.yaml"], { cwd: root });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /dry-run\/invalid/);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });
  }

  it("an unreachable cluster and a missing kubeconfig: exit 2 and why", async () => {
    const r = await run(["validate", "--kubeconfig", join(root, "kubeconfig"), "--context", "nowhere", "app.yaml"], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kubeready: Cannot reach the cluster at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    const missing = await run(["validate", "--kubeconfig", join(root, "nope"), "app.yaml"], { cwd: root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No kubeconfig found/);
    const noFiles = await run(["validate", "--kubeconfig", join(root, "kubeconfig"), "missing.yaml"], { cwd: root });
    assert.equal(noFiles.code, 2);
  });
});
