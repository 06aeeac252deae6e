// A real Kubernetes control plane on 127.0.0.1 for tests and the demo: etcd (embedded), kube-apiserver (RBAC, PodSecurity)
// and kube-controller-manager (disruption, namespace, garbage collector, deployment, replicaset, statefulset), all
// from the one binary test/real-cluster/controlplane builds. No kubelet: pods stay Pending.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import https from "node:https";

export const KUBERNETES_VERSION = "v1.37.2";
const MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), "controlplane");
export const CACHE_DIR = process.env.KUBEREADY_CACHE ?? join(homedir(), ".cache", "kubeready");
export const BINARY = join(CACHE_DIR, "bin", `controlplane-${KUBERNETES_VERSION}`);

/** Why the control plane cannot be built here (no Go), or undefined. */
export function unavailableReason() {
  if (existsSync(BINARY)) return undefined;
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) return "Go is not installed (needed once to build the control plane into " + BINARY + ")";
  return undefined;
}

/** Builds the binary if it is missing; returns the seconds it took (0 when cached). */
export function buildControlPlane(log = (s) => process.stderr.write(s)) {
  if (existsSync(BINARY)) return 0;
  mkdirSync(dirname(BINARY), { recursive: true });
  const p = "k8s.io/component-base/version";
  const ldflags = `-s -w -X ${p}.gitVersion=${KUBERNETES_VERSION} -X ${p}.gitMajor=1 -X ${p}.gitMinor=37 -X ${p}.gitTreeState=clean`;
  log(`Building kube-apiserver, kube-controller-manager and etcd ${KUBERNETES_VERSION} into ${BINARY} (first time only; 12–15 min on 2 idle cores, over an hour on a busy machine)…\n`);
  const started = Date.now();
  const tmp = `${BINARY}.tmp-${process.pid}`;
  const r = spawnSync("nice", ["-n", "10", "go", "build", "-trimpath", `-ldflags=${ldflags}`, "-o", tmp, "."], { cwd: MODULE_DIR, stdio: ["ignore", 2, 2] });
  if (r.status !== 0) throw new Error(`go build failed (exit ${r.status})`);
  execFileSync("mv", [tmp, BINARY]);
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`Built in ${seconds} s.\n`);
  return seconds;
}

const HAS_SETPRIV = (() => {
  const r = spawnSync("setpriv", ["--help"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("--pdeathsig");
})();

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function openssl(args, cwd) {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** A CA, the serving certificate, the service-account key pair and client certificates for each user. */
function makeCertificates(dir, users) {
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3", "-subj", "/CN=kubeready-test-ca"], dir);
  const sign = (name, subj, ext) => {
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subj], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "3", "-extfile", `${name}.ext`], dir);
  };
  sign("apiserver", "/CN=kube-apiserver", "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n");
  for (const u of users) sign(u.file, `/CN=${u.name}${u.group ? `/O=${u.group}` : ""}`, "extendedKeyUsage=clientAuth\n");
  openssl(["genrsa", "-out", "sa.key", "2048"], dir);
  openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
}

function kubeconfigFor(server, dir, contexts, current) {
  const b64 = (f) => readFileSync(join(dir, f)).toString("base64");
  const q = JSON.stringify;
  const lines = ["apiVersion: v1", "kind: Config", "clusters:", "- name: kubeready-real", "  cluster:", `    server: ${q(server)}`, `    certificate-authority-data: ${q(b64("ca.crt"))}`, "users:"];
  for (const c of contexts) lines.push(`- name: ${q(c.user)}`, "  user:", `    client-certificate-data: ${q(b64(`${c.file}.crt`))}`, `    client-key-data: ${q(b64(`${c.file}.key`))}`);
  lines.push("contexts:");
  for (const c of contexts) lines.push(`- name: ${q(c.name)}`, "  context:", "    cluster: kubeready-real", `    user: ${q(c.user)}`);
  lines.push(`current-context: ${q(current)}`, "");
  return lines.join("\n");
}

function get(url, ca, cert, key) {
  return new Promise((resolve) => {
    const req = https.get(url, { ca, cert, key, timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.on("timeout", () => req.destroy());
  });
}

/** POSTs JSON to etcd's HTTP gateway (loopback, no TLS); resolves with the parsed answer. */
async function postJson(url, body) {
  const r = await fetch(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const text = await r.text();
  if (!r.ok) throw new Error(`${url} answered ${r.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Users the control plane knows (client certificates): the admin, the controller manager, and a user with no rights until a test binds a Role. */
export const USERS = [
  { name: "kubeready-admin", group: "system:masters", file: "admin", context: "kubeready-real-admin" },
  // With --use-service-account-credentials=false every controller acts as this user, and the built-in
  // system:kube-controller-manager role lacks the controllers' own rights (PDB status, ControllerRevisions, …).
  { name: "system:kube-controller-manager", group: "system:masters", file: "kcm", context: undefined },
  { name: "kubeready-reader", file: "reader", context: "kubeready-real-reader" },
  { name: "kubeready-limited", file: "limited", context: "kubeready-real-limited" },
  // For "Validate against cluster" (server-side dry runs): the one user of kubeready's that writes, always with dryRun=All.
  { name: "kubeready-validator", file: "validator", context: "kubeready-real-validator" },
];

/** Users whose every request the audit log records (kubeready's own reads); the admin's writes are not logged. */
const AUDITED_USERS = ["kubeready-reader", "kubeready-limited", "kubeready-validator"];

/**
 * Starts etcd, kube-apiserver and kube-controller-manager; resolves once the API answers /readyz, with the admin
 * kubeconfig written to `kubeconfigPath` (contexts kubeready-real-admin, current, and kubeready-real-limited).
 */
export async function startControlPlane({ kubeconfigPath, log = () => undefined, controllers = true } = {}) {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: build it first (npm run cluster:real builds it)`);
  const dir = mkdtempSync(join(tmpdir(), "kubeready-real-"));
  makeCertificates(dir, USERS);
  const [etcdClient, etcdPeer, apiPort, kcmPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const server = `https://127.0.0.1:${apiPort}`;
  const children = [];
  const logFd = (name) => openSync(join(dir, `${name}.log`), "a");
  const start = (name, args) => {
    // Each component leads its own process group, so stopping it stops anything it started. Where util-linux's
    // setpriv is present, the kernel also kills it when this process dies without stopping it (a test runner's
    // timeout, SIGKILL), so no control plane outlives its test.
    const [command, argv] = HAS_SETPRIV ? ["setpriv", ["--pdeathsig", "SIGKILL", "--", BINARY, ...args]] : [BINARY, args];
    const child = spawn(command, argv, { stdio: ["ignore", logFd(name), logFd(name)], detached: true });
    child.componentName = name;
    children.push(child);
    child.once("exit", (code, signal) => log(`${name} exited (${code ?? signal})\n`));
    return child;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Controller manager, then API server, then etcd; SIGTERM, and SIGKILL for whatever is still there after 10 s.
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const killNow = () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", killNow);

  try {
    start("etcd", ["etcd", "--data-dir", join(dir, "etcd"), "--listen-client-url", `http://127.0.0.1:${etcdClient}`, "--listen-peer-url", `http://127.0.0.1:${etcdPeer}`]);
    writeFileSync(join(dir, "audit-policy.yaml"), [
      "apiVersion: audit.k8s.io/v1", "kind: Policy", "omitStages: [RequestReceived]", "rules:",
      `- level: Metadata`, `  users: ${JSON.stringify(AUDITED_USERS)}`, "- level: None", "",
    ].join("\n"));
    start("kube-apiserver", [
      "kube-apiserver",
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
      // 127.0.0.1 may not be the kubernetes Service's endpoint (the reconciler refuses loopback); nothing here needs it.
      "--endpoint-reconciler-type=none",
      `--tls-cert-file=${join(dir, "apiserver.crt")}`, `--tls-private-key-file=${join(dir, "apiserver.key")}`,
      `--client-ca-file=${join(dir, "ca.crt")}`,
      "--service-account-issuer=https://kubernetes.default.svc",
      `--service-account-key-file=${join(dir, "sa.pub")}`, `--service-account-signing-key-file=${join(dir, "sa.key")}`,
      "--service-cluster-ip-range=10.0.0.0/24",
      "--authorization-mode=RBAC",
      // PodSecurity is what the oracle needs; ServiceAccount admission would wait for the token controller's accounts.
      "--enable-admission-plugins=PodSecurity,NamespaceLifecycle,LimitRanger,ResourceQuota",
      "--disable-admission-plugins=ServiceAccount",
      "--allow-privileged=true",
      "--profiling=false",
      `--audit-policy-file=${join(dir, "audit-policy.yaml")}`, `--audit-log-path=${join(dir, "audit.log")}`,
      `--cert-dir=${join(dir, "serving")}`,
      // ConfigMaps are watched straight from etcd (no watch cache), so compacting etcd (compact() below) makes a watch
      // from an older resourceVersion expire with 410 Gone at once, as on a cluster whose compaction passed it by.
      "--watch-cache-sizes=configmaps#0",
      "--v=1",
    ]);
    const ca = readFileSync(join(dir, "ca.crt"));
    const cert = readFileSync(join(dir, "admin.crt"));
    const key = readFileSync(join(dir, "admin.key"));
    const deadline = Date.now() + 180_000;
    for (;;) {
      const r = await get(`${server}/readyz`, ca, cert, key);
      if (r.status === 200) break;
      const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
      if (dead) throw new Error(`${dead.componentName} exited during start-up; its log:\n${readFileSync(join(dir, `${dead.componentName}.log`), "utf8").slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`kube-apiserver did not become ready within 180 s; its log:\n${readFileSync(join(dir, "kube-apiserver.log"), "utf8").slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const kcmKubeconfig = join(dir, "kcm.kubeconfig");
    writeFileSync(kcmKubeconfig, kubeconfigFor(server, dir, [{ name: "kcm", user: "system:kube-controller-manager", file: "kcm" }], "kcm"));
    if (controllers) {
      start("kube-controller-manager", [
        "kube-controller-manager",
        `--kubeconfig=${kcmKubeconfig}`,
        `--authentication-kubeconfig=${kcmKubeconfig}`, `--authorization-kubeconfig=${kcmKubeconfig}`,
        "--controllers=namespace-controller,garbage-collector-controller,deployment-controller,replicaset-controller,statefulset-controller,disruption-controller",
        "--leader-elect=false", "--bind-address=127.0.0.1", `--secure-port=${kcmPort}`,
        `--cert-dir=${join(dir, "kcm-serving")}`,
        "--use-service-account-credentials=false",
        "--v=1",
      ]);
    }
    const version = JSON.parse((await get(`${server}/version`, ca, cert, key)).body || "{}");
    const contexts = USERS.filter((u) => u.context).map((u) => ({ name: u.context, user: u.name, file: u.file }));
    const kubeconfig = kubeconfigFor(server, dir, contexts, "kubeready-real-admin");
    if (kubeconfigPath) writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
    return { server, dir, kubeconfig, version, stop, pids: () => children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => c.pid), logs: (name) => readFileSync(join(dir, `${name}.log`), "utf8"),
      /**
       * Compacts etcd at its current revision, as the API server's own compactor does every 5 minutes (and records it
       * under compact_rev_key, which the API server watches): every older resourceVersion is then gone (410).
       */
      compact: async () => {
        const etcd = `http://127.0.0.1:${etcdClient}`;
        const key = Buffer.from("compact_rev_key").toString("base64");
        const range = await postJson(`${etcd}/v3/kv/range`, { key });
        const revision = String(range.header?.revision ?? "");
        if (!/^\d+$/.test(revision)) throw new Error(`etcd answered no revision: ${JSON.stringify(range)}`);
        await postJson(`${etcd}/v3/kv/put`, { key, value: Buffer.from(revision).toString("base64") });
        await postJson(`${etcd}/v3/kv/compaction`, { revision, physical: true });
        return Number(revision);
      },
      /** Audit events of kubeready's users: { user, verb, uri, code }. */
      audit: () => {
        const file = join(dir, "audit.log");
        if (!existsSync(file)) return [];
        return readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => {
          const e = JSON.parse(l);
          return { user: e.user?.username, verb: e.verb, uri: e.requestURI, code: e.responseStatus?.code };
        });
      } };
  } catch (e) {
    await stop();
    throw e;
  }
}

// `npm run cluster:real -- --kubeconfig FILE`: builds what is missing, starts, writes FILE, stays in the foreground.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf("--kubeconfig");
  const kubeconfigPath = i > 0 ? process.argv[i + 1] : undefined;
  if (process.argv.includes("--is-built")) {
    // For .ci/run: exit 0 when the pinned binary is in the cache (nothing to build), 1 otherwise.
    process.exit(existsSync(BINARY) ? 0 : 1);
  }
  if (process.argv.includes("--build-only")) {
    const why = unavailableReason();
    if (why) {
      process.stderr.write(`cluster:real: ${why}; nothing built\n`);
      process.exit(0);
    }
    buildControlPlane();
    process.exit(0);
  }
  if (!kubeconfigPath) {
    process.stderr.write("usage: npm run cluster:real -- --kubeconfig FILE\n");
    process.exit(2);
  }
  const why = unavailableReason();
  if (why) {
    process.stderr.write(`cluster:real: ${why}\n`);
    process.exit(2);
  }
  main(kubeconfigPath).catch((e) => {
    process.stderr.write(`cluster:real: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

async function main(kubeconfigPath) {
  buildControlPlane();
  const cp = await startControlPlane({ kubeconfigPath, log: (s) => process.stderr.write(s) });
  process.stderr.write(`kube-apiserver ${cp.version.gitVersion} ready at ${cp.server}; admin kubeconfig written to ${kubeconfigPath} (contexts kubeready-real-admin, kubeready-real-reader, kubeready-real-limited, kubeready-real-validator). Ctrl-C stops it.\n`);
  const onSignal = async (signal) => {
    process.stderr.write(`\n${signal}: stopping the control plane…\n`);
    await cp.stop();
    process.exit(0);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}
