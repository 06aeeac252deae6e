// "Validate against cluster" against a scripted stand-in API server: what each kind of answer becomes (admission
// rejection, warning, field error, RBAC refusal, missing namespace, unknown kind), at which position; that every write is
// a dry run; honest errors for 401, an unreachable server and the deadline; no secret value echoed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { loadKubeconfig } from "./kubeconfig.js";
import { DRY_RUN_RULES, fieldPath, validateAgainstCluster } from "./validate.js";
import { parseWarnings } from "./dryRun.js";
import { writeKubeconfig } from "../test/standin/kubeconfig.js";
import { CANARY_MANIFESTS, leaks } from "../rules/secrets/canaries.js";

const TOKEN = "kr-validate-token-5d1f0c";

interface Seen { method: string; url: string; auth?: string; contentType?: string; body?: Record<string, unknown> }

const discovery: Record<string, unknown> = {
  "/api/v1": { resources: [
    { name: "pods", kind: "Pod", namespaced: true }, { name: "pods/status", kind: "Pod", namespaced: true },
    { name: "namespaces", kind: "Namespace", namespaced: false }, { name: "secrets", kind: "Secret", namespaced: true },
    { name: "configmaps", kind: "ConfigMap", namespaced: true },
  ] },
  "/apis/apps/v1": { resources: [{ name: "deployments", kind: "Deployment", namespaced: true }] },
};

const status = (code: number, reason: string, message: string, details?: unknown) => ({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message, ...(details ? { details } : {}) });

/** The stand-in's answer to a dry-run write, by object name. */
function answer(req: Seen, res: http.ServerResponse): void {
  const name = (req.body?.metadata as { name?: string } | undefined)?.name ?? "";
  const send = (code: number, body: unknown, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(code, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  if (name === "privileged") return send(403, status(403, "Forbidden", 'pods "privileged" is forbidden: violates PodSecurity "restricted:latest": privileged (container "app" must not set securityContext.privileged=true)'));
  if (name === "warned") return send(201, req.body, { warning: ['299 - "would violate PodSecurity \\"restricted:latest\\": runAsNonRoot != true"', '299 - "unknown field \\"spec.template.spec.containers[0].imagePullPolicyy\\""'] });
  if (name === "invalid") return send(422, status(422, "Invalid", 'Deployment.apps "invalid" is invalid: spec.template.spec.containers[0].image: Required value', { causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.template.spec.containers[0].image" }] }));
  if (name === "not-mine") return send(403, status(403, "Forbidden", 'pods "not-mine" is forbidden: User "dev" cannot create resource "pods" in API group "" in the namespace "locked"'));
  if (name === "orphan" || name === "inside") return send(404, status(404, "NotFound", `namespaces "${(req.body?.metadata as { namespace?: string }).namespace}" not found`, { name: "x", kind: "namespaces" }));
  if (name === "exists" && req.method === "POST") return send(409, status(409, "AlreadyExists", 'pods "exists" already exists'));
  if (name === "canary-secret" || name === "canary-app" || name === "canary-config") {
    // A verbose server (or webhook) that quotes every value it rejects.
    const quoted = JSON.stringify(req.body).match(/KrCanary[^"\\]*/g) ?? [];
    return send(422, status(422, "Invalid", `${name} is invalid: ${quoted.map((q) => `Invalid value: "${q}"`).join(", ")}`, { causes: quoted.map((q) => ({ field: "data", message: `Invalid value: "${q}"` })) }));
  }
  return send(201, req.body);
}

let server: http.Server;
let seen: Seen[] = [];
let dir: string;
let kubeconfigPath: string;
let mode: "normal" | "unauthorized" | "hang" = "normal";

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const s: Seen = { method: req.method!, url: req.url!, auth: req.headers.authorization, contentType: req.headers["content-type"], ...(text ? { body: JSON.parse(text) } : {}) };
      seen.push(s);
      if (mode === "hang") return; // never answers
      if (mode === "unauthorized") { res.writeHead(401, { "content-type": "application/json" }); res.end(JSON.stringify(status(401, "Unauthorized", "Unauthorized"))); return; }
      const path = req.url!.split("?")[0]!;
      if (req.method === "GET") {
        const d = discovery[path];
        res.writeHead(d ? 200 : 404, { "content-type": "application/json" });
        res.end(JSON.stringify(d ?? status(404, "NotFound", "the server could not find the requested resource")));
        return;
      }
      answer(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  dir = mkdtempSync(join(tmpdir(), "kubeready-validate-"));
  kubeconfigPath = writeKubeconfig(join(dir, "kubeconfig"), [
    { name: "standin", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: TOKEN, namespace: "team" },
    { name: "nowhere", server: "http://127.0.0.1:1", token: TOKEN },
  ]);
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function kc(context = "standin") {
  const load = loadKubeconfig({ path: kubeconfigPath, context });
  assert.ok(load.ok);
  return load.kc;
}

const FILE = `apiVersion: v1
kind: Pod
metadata:
  name: privileged
spec:
  containers:
    - name: app
      image: app:1
      securityContext: {privileged: true}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: warned
  namespace: shop
spec:
  selector: {matchLabels: {app: w}}
  template:
    metadata: {labels: {app: w}}
    spec:
      containers:
        - name: app
          image: app:1
          imagePullPolicyy: Always
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: invalid
spec:
  selector: {matchLabels: {app: i}}
  template:
    metadata: {labels: {app: i}}
    spec:
      containers:
        - name: app
---
apiVersion: v1
kind: Pod
metadata:
  name: not-mine
  namespace: locked
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Pod
metadata:
  name: exists
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: v1
kind: Pod
metadata:
  name: orphan
  namespace: nowhere
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Pod
metadata:
  name: inside
  namespace: fresh
spec:
  containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Namespace
metadata:
  name: fresh
---
apiVersion: v1
kind: Pod
metadata: {labels: {a: b}}
spec:
  containers: [{name: app, image: app:1}]
`;

describe("validateAgainstCluster (stand-in API server)", () => {
  it("reports each answer at its object, every write is a dry run, the Namespace goes first", async () => {
    seen = [];
    mode = "normal";
    const r = await validateAgainstCluster(kc(), [{ uri: "file:///w/app.yaml", text: FILE }], { timeoutMs: 10_000 });
    assert.equal(r.fatal, undefined);
    const lines = r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.object?.name ?? "-"}`).sort();
    assert.deepEqual(lines, [
      "14:9 warning dry-run/warning warned", // PSA warn, at the object
      "24:11 warning dry-run/warning warned", // unknown field, at the field
      "36:11 error dry-run/invalid invalid", // the missing image: at the container that lacks it
      "41:9 warning dry-run/not-validated not-mine",
      "4:9 error dry-run/rejected privileged",
      "56:9 warning dry-run/not-validated w",
      "61:9 warning dry-run/not-validated orphan",
      "69:9 info dry-run/not-validated inside",
      "78:1 info dry-run/not-validated -",
    ].sort());
    const byName = (n: string, rule: string) => r.findings.find((f) => f.object?.name === n && f.rule === rule)!;
    assert.match(byName("privileged", DRY_RUN_RULES.rejected).message, /^standin rejects the create of Pod team\/privileged \(admission, 403 Forbidden\): .*violates PodSecurity "restricted:latest": privileged/);
    assert.match(byName("not-mine", DRY_RUN_RULES.notValidated).message, /cannot create resource "pods".*a dry run needs the permission a real create needs/);
    assert.match(byName("w", DRY_RUN_RULES.notValidated).message, /serves no kind Widget in example\.com\/v1/);
    assert.match(byName("inside", DRY_RUN_RULES.notValidated).message, /namespace fresh does not exist yet; this file creates it/);
    assert.deepEqual(r.summary, { context: "standin", server: r.summary.server, sent: 8, accepted: 3, rejected: 2, notValidated: 4, skipped: 1 });
    const writes = seen.filter((s) => s.method !== "GET");
    assert.ok(writes.length > 0);
    for (const w of writes) assert.match(w.url, /[?&]dryRun=All(&|$)/, `${w.method} ${w.url}`);
    assert.deepEqual([...new Set(seen.map((s) => s.method))].sort(), ["GET", "PATCH", "POST"]);
    assert.equal(writes[0]!.body?.kind, "Namespace");
    // The Pod without a namespace goes to the context's; the one that exists is then applied (server-side, forced).
    assert.ok(writes.some((w) => w.method === "POST" && w.url.startsWith("/api/v1/namespaces/team/pods?")));
    const apply = writes.find((w) => w.method === "PATCH")!;
    assert.match(apply.url, /^\/api\/v1\/namespaces\/team\/pods\/exists\?dryRun=All&fieldManager=kubeready-validate&force=true$/);
    assert.equal(apply.contentType, "application/apply-patch+yaml");
    assert.ok(seen.every((s) => s.auth === `Bearer ${TOKEN}`));
    assert.deepEqual(r.findings.filter((f) => f.message.includes(TOKEN)), []);
  });

  it("never echoes a secret value, even from a server that quotes every value it rejects", async () => {
    mode = "normal";
    const r = await validateAgainstCluster(kc(), [{ uri: "file:///w/canary.yaml", text: CANARY_MANIFESTS }], { timeoutMs: 10_000 });
    const text = r.findings.map((f) => f.message).join("\n");
    // The test can fail: the stand-in did reject with quoted values.
    assert.match(text, /Invalid value: "…"/);
    assert.deepEqual(leaks(text), []);
  });

  it("401: one honest error, nothing validated, no credential in the message", async () => {
    mode = "unauthorized";
    try {
      const r = await validateAgainstCluster(kc(), [{ uri: "file:///w/app.yaml", text: FILE }], { timeoutMs: 10_000 });
      assert.equal(r.fatal?.code, "unauthorized");
      assert.match(r.fatal!.message, /401 Unauthorized/);
      assert.equal(r.summary.accepted, 0);
      assert.ok(!JSON.stringify(r).includes(TOKEN));
    } finally {
      mode = "normal";
    }
  });

  it("an unreachable server and a server that never answers end with unreachable and the deadline", async () => {
    const unreachable = await validateAgainstCluster(kc("nowhere"), [{ uri: "file:///w/app.yaml", text: FILE }], { timeoutMs: 10_000 });
    assert.equal(unreachable.fatal?.code, "unreachable");
    assert.ok(unreachable.findings.filter((f) => f.rule === DRY_RUN_RULES.notValidated).length >= 8);
    mode = "hang";
    try {
      const hung = await validateAgainstCluster(kc(), [{ uri: "file:///w/app.yaml", text: FILE }], { timeoutMs: 300 });
      assert.equal(hung.fatal?.code, "timeout");
      assert.match(hung.fatal!.message, /did not answer all dry runs within 0\.3 s/);
    } finally {
      mode = "normal";
      server.closeAllConnections();
    }
  });

  it("reads Warning headers and field paths as kube-apiserver writes them", () => {
    assert.deepEqual(parseWarnings(["Warning", '299 - "a \\"quoted\\" word"', "Content-Type", "x", "warning", '299 - "one", 299 - "two"']), ['a "quoted" word', "one", "two"]);
    assert.deepEqual(fieldPath("spec.template.spec.containers[0].securityContext"), ["spec", "template", "spec", "containers", 0, "securityContext"]);
    assert.deepEqual(fieldPath("metadata.labels[app.kubernetes.io/name]"), ["metadata", "labels", "app.kubernetes.io/name"]);
  });

  it("the readiness tree and `kubeready cluster` cannot reach the writing module: only validate.ts imports dryRun.ts", () => {
    const root = join(__dirname, "..");
    const importers: string[] = [];
    for (const dirName of ["cluster", "client/src", "client/src/tree", "server/cli", "server/lsp"]) {
      for (const f of readdirSync(join(root, dirName)).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
        if (/from "\.{1,2}\/(?:[\w/.]*\/)?(dryRun|validate)\.js"/.test(readFileSync(join(root, dirName, f), "utf8"))) importers.push(`${dirName}/${f}`);
      }
    }
    // cluster/validate.ts uses dryRun.ts; the CLI's validate command, the editor command and the lazy loader use validate.
    assert.deepEqual(importers.sort(), ["client/src/clusterView.ts", "client/src/validate.ts", "cluster/validate.ts", "server/cli/validate.ts"]);
  });
});
