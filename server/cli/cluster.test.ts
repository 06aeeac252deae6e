// `kubeready cluster` against the stand-in: formats, exit codes, and the same findings as `kubeready lint` on the same objects.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { analyzeFiles } from "../../rules/engine.js";
import { templateControllerOf } from "../../rules/model/workloads.js";
import { loadDemoCluster } from "../../test/standin/fixtures.js";
import { writeKubeconfig } from "../../test/standin/kubeconfig.js";
import { apiResources } from "../../test/standin/resources.js";
import { type Standin, startStandin } from "../../test/standin/server.js";
import { selfSignedCertificate } from "../../test/standin/tls.js";
import { analyzeSnapshot, clusterRules } from "../../cluster/analyze.js";
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { fetchSnapshot } from "../../cluster/snapshot.js";
import { buildReadinessTree } from "../../cluster/tree.js";
import { readinessKinds } from "../../cluster/kinds.js";
import { parseClusterArgs, runClusterCommand } from "./cluster.js";

const demo = loadDemoCluster();

/** The CA the stand-in's generated kubeconfig trusts (its own self-signed certificate). */
function secureCa(s: Standin): string {
  const load = loadKubeconfig({ path: s.kubeconfigPath });
  assert.ok(load.ok);
  return Buffer.from(load.kc.getCurrentCluster()!.caData!, "base64").toString("utf8");
}

function capture(env: Record<string, string | undefined>, cwd: string) {
  let stdout = "";
  let stderr = "";
  return {
    io: { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env },
    out: () => stdout,
    err: () => stderr,
  };
}

interface JsonOutput {
  findings: Array<{ file: string; rule: string; severity: string; message: string; line: number; object: { kind: string; namespace: string; name: string } | null }>;
  summary: { findings: number };
  cluster: { context: string; errors: unknown[] };
  errors: Array<{ code: string; message: string; kind?: string; namespace?: string; fatal?: boolean }>;
}

describe("kubeready cluster", () => {
  let standin: Standin;
  let cwd: string;
  before(async () => {
    standin = await startStandin({ objects: demo });
    cwd = mkdtempSync(join(tmpdir(), "kubeready-cluster-cli-"));
  });
  after(async () => {
    await standin.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("parses its options", () => {
    assert.deepEqual(parseClusterArgs(["cluster", "--context", "prod", "-n", "shop", "--format=json"]), {
      format: "json", failOn: "error", timeoutSeconds: 30, namespaces: {}, context: "prod", namespace: "shop",
    });
    assert.deepEqual(parseClusterArgs(["--exclude-namespaces", "none", "--include-namespaces=a, team-*"]), {
      format: "text", failOn: "error", timeoutSeconds: 30, namespaces: { exclude: [], include: ["a", "team-*"] },
    });
    assert.deepEqual(parseClusterArgs(["--format", "yaml"]), { error: "--format must be text, json or markdown, not 'yaml'" });
    assert.deepEqual(parseClusterArgs(["--bogus"]), { error: "unknown option --bogus" });
  });

  it("prints the same findings as `lint` on the same objects as files, plus the status-aware ones", async () => {
    const run = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    // Every namespace, kube-system included, to compare with linting every manifest.
    const code = await runClusterCommand(["cluster", "--format", "json", "--exclude-namespaces", "none"], run.io);
    assert.equal(code, 1, run.err());
    const live = JSON.parse(run.out()) as JsonOutput;
    assert.equal(live.cluster.context, "standin");
    assert.deepEqual(live.cluster.errors, []);
    assert.deepEqual(live.errors, []);

    // The same objects as manifests, as a repository would hold them (no server-set metadata, and no Pods or
    // ReplicaSets that a controller made: a repository holds their controller), linted with the same rules. The
    // cluster's Secrets are not read at all (cluster/kinds.ts); the repository's Secret is linted.
    const readable = new Set(readinessKinds.map((k) => k.kind));
    const files = demo
      .filter((o) => (readable.has(o.kind) || o.kind === "Secret") && !templateControllerOf(o))
      .map((o, i) => ({ uri: `file:///repo/${i}.yaml`, text: stringify(o) }));
    const { findings } = analyzeFiles(files, undefined, clusterRules);
    const key = (rule: string, o: { kind: string; namespace: string; name: string } | null | undefined, message: string) =>
      `${rule} ${o?.kind}/${o?.namespace}/${o?.name}: ${message}`;
    const fromFiles = findings.map((f) => key(f.rule, f.object, f.message)).sort();
    const fromCluster = live.findings.map((f) => key(f.rule, f.object, f.message)).sort();

    // Rules with appliesTo: "files" judge what is committed to Git: a Secret's values (in the cluster is where they
    // belong), spec.replicas beside an HPA (the API server always sets it). They fire on the files, never on the cluster.
    const filesOnly = new Set(clusterRules.filter((r) => r.meta.appliesTo === "files").map((r) => r.meta.id));
    const ruleOf = (k: string) => k.split(" ")[0]!;
    const shared = (k: string) => !k.startsWith("status/") && !filesOnly.has(ruleOf(k));
    const statusOnly = fromCluster.filter((k) => k.startsWith("status/"));
    assert.ok(fromCluster.filter(shared).length > 30, "the comparison covers most rule families");
    assert.deepEqual(fromCluster.filter(shared), fromFiles.filter(shared));
    assert.ok(fromFiles.some((k) => k.startsWith("secrets/secret-in-repository")), "a Secret in Git is reported; the same Secret in the cluster is where it belongs");
    assert.ok(fromFiles.some((k) => k.startsWith("autoscaling/replicas-with-hpa Deployment/shop/frontend")), "the manifest sets replicas beside its HPA");
    assert.deepEqual(fromCluster.filter((k) => filesOnly.has(ruleOf(k))), []);
    // A live StatefulSet's Pod is not counted as more pods beside the StatefulSet: its PDB still blocks every eviction.
    assert.ok(fromCluster.some((k) => k.startsWith("availability/pdb-blocks-eviction PodDisruptionBudget/payments/payments-db")));
    assert.deepEqual([...new Set(statusOnly.map((k) => k.split(" ")[0]))].sort(), [
      "status/certificate-expiring", "status/pdb-disruptions-blocked", "status/pod-qos-not-guaranteed", "status/prometheus-replica-unavailable",
    ]);
    // A Pod made by a controller shows only what is its own (its actual QoS class), not its controller's findings again.
    assert.deepEqual(live.findings.filter((f) => f.object?.kind === "Pod" && !f.rule.startsWith("status/")).map((f) => f.rule), []);
    assert.ok(live.findings.some((f) => f.object?.kind === "Pod" && f.rule === "status/pod-qos-not-guaranteed"));
    const pdb = live.findings.find((f) => f.rule === "status/pdb-disruptions-blocked" && f.object?.name === "payments-db")!;
    assert.equal(pdb.file, "payments/PodDisruptionBudget/payments-db");
    assert.ok(pdb.line > 1);
  });

  it("reports as many findings in text, JSON and Markdown as the readiness tree shows", async () => {
    const json = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    await runClusterCommand(["cluster", "--format", "json"], json.io);
    const text = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    await runClusterCommand(["cluster"], text.io);
    const markdown = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    await runClusterCommand(["cluster", "--format", "markdown"], markdown.io);

    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    assert.ok(load.ok);
    // The CLI's default is the tree's: system namespaces left out.
    const tree = buildReadinessTree(analyzeSnapshot(await fetchSnapshot(load.kc, { namespaces: {} })));
    const count = (JSON.parse(json.out()) as JsonOutput).summary.findings;
    assert.equal(count, tree.findingCount);
    assert.equal(markdown.out().split("\n").filter((l) => l.startsWith("- **")).length, count);
    assert.match(text.out(), new RegExp(`✖ ${count} problems `));
  });

  it("limits itself to one namespace and prints text", async () => {
    const run = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    const code = await runClusterCommand(["cluster", "--namespace", "shop", "--fail-on", "never"], run.io);
    assert.equal(code, 0, run.err());
    assert.match(run.out(), /^Context standin \(http:\/\/127\.0\.0\.1:\d+\): \d+ objects read/);
    assert.doesNotMatch(run.out(), /^(payments|legacy)\//m);
  });

  it("renders the readiness report as Markdown", async () => {
    const run = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    await runClusterCommand(["cluster", "--format", "markdown"], run.io);
    assert.match(run.out(), /^# Cluster readiness report: `standin`/);
    assert.match(run.out(), /\| payments \|/);
  });

  it("exits 2 with one clear line when the credentials are rejected", async () => {
    const broken = await startStandin({ objects: demo, kubeconfigToken: "expired" });
    try {
      const run = capture({ KUBECONFIG: broken.kubeconfigPath }, cwd);
      assert.equal(await runClusterCommand(["cluster"], run.io), 2);
      assert.equal(run.out(), "");
      assert.match(run.err(), /^kubeready: cannot read context "standin": The credentials for http:\/\/127\.0\.0\.1:\d+ were rejected \(401 Unauthorized\)/);
      assert.equal(run.err().trim().split("\n").length, 1);
    } finally {
      await broken.close();
    }
  });

  it("with --format json, prints valid JSON with the error and no findings when the credentials are rejected", async () => {
    const broken = await startStandin({ objects: demo, kubeconfigToken: "expired" });
    try {
      const run = capture({ KUBECONFIG: broken.kubeconfigPath }, cwd);
      assert.equal(await runClusterCommand(["cluster", "--format", "json"], run.io), 2);
      const report = JSON.parse(run.out()) as JsonOutput;
      assert.deepEqual(report.findings, []);
      assert.equal(report.summary.findings, 0);
      assert.deepEqual(report.errors.map((e) => [e.code, e.fatal]), [["unauthorized", true]]);
      assert.match(report.errors[0]!.message, /401 Unauthorized/);
      assert.deepEqual(report.cluster.errors, report.errors);
      assert.match(run.err(), /^kubeready: cannot read context "standin": The credentials for http:\/\/127\.0\.0\.1:\d+ were rejected/);
      assert.equal(run.err().trim().split("\n").length, 1);
    } finally {
      await broken.close();
    }
  });

  it("says what failed and where, and never 'no problems', when discovery answers 404 or the certificate is not trusted", async () => {
    const secure = await startStandin({ objects: demo, tls: true });
    const dir = mkdtempSync(join(tmpdir(), "kubeready-cluster-broken-"));
    try {
      const notKubernetes = writeKubeconfig(join(dir, "not-kubernetes"), [{ name: "standin", server: `${secure.url}/not-kubernetes`, token: secure.token, caPem: secureCa(secure) }]);
      const otherCa = writeKubeconfig(join(dir, "other-ca"), [{ name: "standin", server: secure.url, token: secure.token, caPem: selfSignedCertificate(dir).certPem }]);
      const cases: Array<[string, RegExp]> = [
        [notKubernetes, /^kubeready: cannot read context "standin": https:\/\/127\.0\.0\.1:\d+\/not-kubernetes answered 404 Not Found to GET \/api: it is not a Kubernetes API server/],
        [otherCa, /^kubeready: cannot read context "standin": TLS error talking to https:\/\/127\.0\.0\.1:\d+: .*certificate-authority/],
      ];
      for (const [kubeconfig, message] of cases) {
        for (const format of ["text", "json"]) {
          const run = capture({ KUBECONFIG: kubeconfig }, cwd);
          assert.equal(await runClusterCommand(["cluster", "--format", format], run.io), 2);
          assert.match(run.err(), message);
          assert.equal(run.err().trim().split("\n").length, 1, run.err());
          assert.doesNotMatch(run.out(), /no problems|objects read/);
          if (format === "json") assert.deepEqual((JSON.parse(run.out()) as JsonOutput).findings, []);
          else assert.equal(run.out(), "");
        }
      }
    } finally {
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 and says so when the namespace asked for does not exist", async () => {
    const run = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    assert.equal(await runClusterCommand(["cluster", "-n", "nosuch"], run.io), 2);
    assert.equal(run.out(), "");
    assert.match(run.err(), /^kubeready: Namespace "nosuch" not found in context "standin" \(http:\/\/127\.0\.0\.1:\d+\)/);
    assert.equal(run.err().trim().split("\n").length, 1);
    const json = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    assert.equal(await runClusterCommand(["cluster", "-n", "nosuch", "--format", "json"], json.io), 2);
    assert.deepEqual((JSON.parse(json.out()) as JsonOutput).errors.map((e) => [e.code, e.kind, e.namespace]), [["notFound", "Namespace", "nosuch"]]);
  });

  it("says the review is incomplete in text, and gives one message when nothing at all may be read", async () => {
    const partial = await startStandin({ objects: demo, forbidden: [{ resource: "networkpolicies" }] });
    const none = await startStandin({ objects: demo, forbidden: apiResources.map((r) => ({ resource: r.plural })) });
    try {
      const run = capture({ KUBECONFIG: partial.kubeconfigPath }, cwd);
      assert.equal(await runClusterCommand(["cluster", "--fail-on", "never"], run.io), 2);
      assert.match(run.out(), /\n⚠ incomplete: 1 read failed \(the "not read" lines on standard error\)\n$/);

      const denied = capture({ KUBECONFIG: none.kubeconfigPath }, cwd);
      assert.equal(await runClusterCommand(["cluster"], denied.io), 2);
      assert.equal(denied.out(), "");
      assert.match(denied.err(), /^kubeready: cannot read context "standin": Not permitted to read anything across the cluster on http:\/\/127\.0\.0\.1:\d+: every list was forbidden \(403\)/);
      assert.equal(denied.err().trim().split("\n").length, 1, denied.err());
    } finally {
      await partial.close();
      await none.close();
    }
  });

  it("exits 2 and names what it could not read, after printing what it could", async () => {
    const partial = await startStandin({ objects: demo, forbidden: [{ resource: "networkpolicies" }] });
    try {
      const run = capture({ KUBECONFIG: partial.kubeconfigPath }, cwd);
      assert.equal(await runClusterCommand(["cluster", "--format", "json"], run.io), 2);
      assert.match(run.err(), /not read: NetworkPolicy: networkpolicies\.networking\.k8s\.io is forbidden/);
      assert.ok((JSON.parse(run.out()) as JsonOutput).summary.findings > 0);
    } finally {
      await partial.close();
    }
  });

  it("exits 2 for a context that does not exist or a missing kubeconfig", async () => {
    const run = capture({ KUBECONFIG: standin.kubeconfigPath }, cwd);
    assert.equal(await runClusterCommand(["cluster", "--context", "nope"], run.io), 2);
    assert.match(run.err(), /no context named "nope"/);
    const none = capture({ KUBECONFIG: join(cwd, "missing") }, cwd);
    assert.equal(await runClusterCommand(["cluster"], none.io), 2);
    assert.match(none.err(), /No kubeconfig found/);
  });

  it("reads .kubeready.yaml: a rule turned off stays off", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-cluster-config-"));
    try {
      writeFileSync(join(dir, ".kubeready.yaml"), "rules:\n  status/pdb-disruptions-blocked: off\n");
      const run = capture({ KUBECONFIG: standin.kubeconfigPath }, dir);
      await runClusterCommand(["cluster", "--format", "json"], run.io);
      const live = JSON.parse(run.out()) as JsonOutput;
      assert.equal(live.findings.filter((f) => f.rule === "status/pdb-disruptions-blocked").length, 0);
      assert.ok(live.findings.some((f) => f.rule === "status/pod-qos-not-guaranteed"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
