// Agreement of kubeready's dangling-reference and pull-policy rules with kube-score on situations of our own (issue 18).
//
// Each case is a small manifest of ours reproducing a situation the peers' fixtures test. kube-score (the pinned binary
// in ~/.cache/kubeready/bin, built by bench/peers.ts) and kubeready judge it; for each object and mapped pair of checks
// the verdicts (fires / silent) are compared. `expect` says what kubeready should do and, where it differs from the peer
// on purpose, `why` names the rule's docs section that explains it. Run: node --import tsx bench/peer-agreement.ts
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_CONFIG, mergeConfig } from "../rules/config.js";
import { analyzeFiles } from "../rules/engine.js";
import { RULES_BY_ID } from "../rules/index.js";

interface Pair { peer: readonly string[]; kubeready: readonly string[] }
// Images: each tool splits "pin the tag" and "pull policy" differently (kubeready reports latest + IfNotPresent once, as
// the missing pin), so both tools' two image checks are compared together per container.
const PAIRS: Record<string, Pair> = {
  pull: { peer: ["container-image-pull-policy", "container-image-tag"], kubeready: ["operations/pull-policy-mutable-tag", "operations/image-not-pinned"] },
  service: { peer: ["service-targets-pod"], kubeready: ["network/service-selects-nothing"] },
  ingress: { peer: ["ingress-targets-service"], kubeready: ["network/ingress-backend-missing"] },
  statefulset: { peer: ["statefulset-has-servicename"], kubeready: ["network/statefulset-service-missing"] },
  replicas: { peer: ["deployment-replicas"], kubeready: ["availability/single-replica"] },
  ephemeral: { peer: ["container-ephemeral-storage-request-and-limit"], kubeready: ["resources/empty-dir-unbounded"] },
};

interface Case { pair: keyof typeof PAIRS; name: string; yaml: string; object: string; why?: string }

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n    - name: web\n${container}`;
const deploy = (labels = "{app: web}", metaLabels = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop${metaLabels}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers: [{name: web, image: web:1.0.0, ports: [{name: http, containerPort: 8080}]}]
`;
const svc = (spec: string, name = "web") => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${spec}`;
const ingV1 = (name: string, port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: ${name}, port: ${port}}}}
`;
const ingBeta = (apiVersion: string, name: string, port: string) => `apiVersion: ${apiVersion}
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - {path: /, backend: {serviceName: ${name}, servicePort: ${port}}}
`;
const sts = (serviceName: string) => deploy().replace("kind: Deployment", "kind: StatefulSet").replace("  replicas: 2\n", `  replicas: 2\n${serviceName}`);
const headless = svc("  clusterIP: None\n  selector: {app: web}\n  ports: [{port: 80}]\n", "web-headless");
const pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";
const eph = (resources: string, volume: string) => pod(`      image: web:1.0.0\n${resources}      volumeMounts: [{name: tmp, mountPath: /tmp}]\n`) + `  volumes:\n    - name: tmp\n${volume}`;
const web = svc("  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n");
const PULL_DIFF = "pull-policy-mutable-tag docs: a release tag with IfNotPresent (or Never) is not reported";
const SCOPE_DIFF = "When it stays silent: partners not in scope";

const CASES: Case[] = [
  { pair: "pull", object: "Pod/web", name: "Always", yaml: pod("      image: web:1.0.0\n      imagePullPolicy: Always\n") },
  { pair: "pull", object: "Pod/web", name: "Never with a release tag", yaml: pod("      image: web:1.0.0\n      imagePullPolicy: Never\n"), why: PULL_DIFF },
  { pair: "pull", object: "Pod/web", name: "unset with latest", yaml: pod("      image: web:latest\n") },
  { pair: "pull", object: "Pod/web", name: "unset without a tag", yaml: pod("      image: web\n") },
  { pair: "pull", object: "Pod/web", name: "unset with a release tag", yaml: pod("      image: web:1.0.0\n"), why: PULL_DIFF },
  { pair: "pull", object: "Pod/web", name: "IfNotPresent with a release tag", yaml: pod("      image: web:1.0.0\n      imagePullPolicy: IfNotPresent\n"), why: PULL_DIFF },
  { pair: "pull", object: "Pod/web", name: "IfNotPresent with latest (image-not-pinned)", yaml: pod("      image: web:latest\n      imagePullPolicy: IfNotPresent\n") },
  { pair: "pull", object: "Pod/web", name: "unset with a branch tag", yaml: pod("      image: web:main\n") },
  { pair: "pull", object: "Pod/web", name: "Never with a branch tag", yaml: pod("      image: web:dev\n      imagePullPolicy: Never\n"), why: "pull-policy-mutable-tag docs: Never is a deliberate local setup" },

  { pair: "service", object: "Service/web", name: "selects the pods", yaml: `${web}---\n${deploy()}` },
  { pair: "service", object: "Service/web", name: "selector matches no pod", yaml: `${svc("  selector: {app: api}\n  ports: [{port: 80}]\n")}---\n${deploy()}` },
  { pair: "service", object: "Service/web", name: "one selector key of two matches", yaml: `${svc("  selector: {app: web, tier: db}\n  ports: [{port: 80}]\n")}---\n${deploy()}` },
  { pair: "service", object: "Service/web", name: "selector matches the Deployment's labels only", yaml: `${svc("  selector: {team: a}\n  ports: [{port: 80}]\n")}---\n${deploy("{app: web}", ", labels: {team: a}")}` },
  { pair: "service", object: "Service/web", name: "ExternalName", yaml: `${svc("  type: ExternalName\n  externalName: db.example.com\n")}---\n${deploy()}` },
  { pair: "service", object: "Service/web", name: "a Service alone", yaml: web, why: SCOPE_DIFF },
  { pair: "service", object: "Service/web", name: "workloads only in another namespace", yaml: `${web}---\n${deploy().replace("namespace: shop", "namespace: other")}`, why: SCOPE_DIFF },
  { pair: "service", object: "Service/web", name: "named targetPort no container declares", yaml: `${svc("  selector: {app: web}\n  ports: [{port: 80, targetPort: grpc}]\n")}---\n${deploy()}`, why: "service-selects-nothing: the named targetPort check (kube-score has none)" },
  { pair: "service", object: "Service/web", name: "selects a StatefulSet's pods", yaml: `${web}---\n${deploy().replace("kind: Deployment", "kind: StatefulSet")}` },

  { pair: "ingress", object: "Ingress/web", name: "v1 targets the Service by port number", yaml: `${ingV1("web", "{number: 80}")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "v1 targets the Service by port name", yaml: `${ingV1("web", "{name: http}")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "v1 Service name not in scope", yaml: `${ingV1("api", "{number: 80}")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "v1 wrong port number", yaml: `${ingV1("web", "{number: 8080}")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "v1 wrong port name", yaml: `${ingV1("web", "{name: https}")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "networking v1beta1 targets the Service", yaml: `${ingBeta("networking.k8s.io/v1beta1", "web", "80")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "extensions v1beta1 Service missing", yaml: `${ingBeta("extensions/v1beta1", "api", "80")}---\n${web}` },
  { pair: "ingress", object: "Ingress/web", name: "an Ingress alone", yaml: ingV1("web", "{number: 80}"), why: SCOPE_DIFF },

  { pair: "statefulset", object: "StatefulSet/web", name: "a headless Service selecting the pods", yaml: `${sts("  serviceName: web-headless\n")}---\n${headless}` },
  { pair: "statefulset", object: "StatefulSet/web", name: "serviceName not in scope, other Services are", yaml: `${sts("  serviceName: db\n")}---\n${headless}` },
  { pair: "statefulset", object: "StatefulSet/web", name: "a ClusterIP governing Service", yaml: `${sts("  serviceName: web\n")}---\n${web}` },
  { pair: "statefulset", object: "StatefulSet/web", name: "no Service in scope at all", yaml: sts("  serviceName: web-headless\n"), why: SCOPE_DIFF },
  { pair: "statefulset", object: "StatefulSet/web", name: "no serviceName", yaml: `${sts("")}---\n${headless}`, why: "statefulset-service-missing docs: no serviceName is a choice" },

  { pair: "replicas", object: "Deployment/web", name: "one replica, nothing promises availability", yaml: deploy().replace("replicas: 2", "replicas: 1") },
  { pair: "replicas", object: "Deployment/web", name: "one replica behind a Service", yaml: `${deploy().replace("replicas: 2", "replicas: 1")}---\n${web}`, why: "single-replica docs: a Service in front is no promise of availability" },
  { pair: "replicas", object: "Deployment/web", name: "one replica under a maxUnavailable budget", yaml: `${deploy().replace("replicas: 2", "replicas: 1")}---\n${pdb}`, why: "single-replica docs: a budget promises availability (kube-score asks only Deployments behind a Service)" },
  { pair: "replicas", object: "Deployment/web", name: "two replicas", yaml: deploy() },

  { pair: "ephemeral", object: "Pod/web", name: "no emptyDir, no ephemeral-storage", yaml: pod("      image: web:1.0.0\n"), why: "empty-dir-unbounded docs: only where an emptyDir can grow" },
  { pair: "ephemeral", object: "Pod/web", name: "emptyDir, ephemeral-storage request and limit", yaml: eph("      resources: {requests: {ephemeral-storage: 1Gi}, limits: {ephemeral-storage: 1Gi}}\n", "      emptyDir: {}\n") },
  { pair: "ephemeral", object: "Pod/web", name: "emptyDir without sizeLimit or limit", yaml: eph("", "      emptyDir: {}\n") },
  { pair: "ephemeral", object: "Pod/web", name: "emptyDir with a sizeLimit, no container limit", yaml: eph("", "      emptyDir: {sizeLimit: 1Gi}\n"), why: "empty-dir-unbounded docs: a sizeLimit bounds the volume" },
];

// Rules that are off by default are compared as if enabled: the question is what they say when asked.
const config = mergeConfig(DEFAULT_CONFIG, {
  rules: Object.fromEntries(Object.values(PAIRS).flatMap((p) => p.kubeready).map((id) => [id, RULES_BY_ID.get(id)?.meta.defaultSeverity ?? "warning"])),
}).config;

/**
 * kube-linter is not served by the Go module proxy here, so it cannot run: these cases reproduce, in manifests of our
 * own, the shapes of its fixtures (`tests/checks/<check>.yml`, objects named fire / dont-fire) with the verdict the
 * fixture expects.
 */
interface ExpectedCase { check: string; rule: string; name: string; yaml: string; object: string; peerFires: boolean; why?: string }
const skeleton = (kind: string, apiVersion: string, name: string, body: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n  template:\n${body}`;
const labelled = (v: string) => `    metadata:\n      labels: {app.kubernetes.io/name: ${v}}\n`;
const plainSvc = (name: string, sel: string, ports = "[{name: tcp, port: 80}]") => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  ports: ${ports}\n  selector: {app.kubernetes.io/name: ${sel}}\n`;
const plainIng = (name: string, backend: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${name}}\nspec:\n${backend}`;
const pathTo = (svcName: string, port: string) => `  rules:\n    - http:\n        paths:\n          - backend: {service: {name: ${svcName}, port: ${port}}}\n`;
const labelledSvc = (name: string, ns: string, label: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ""}, labels: {app.kubernetes.io/name: ${label}}}\n`;
const monitor = (name: string, spec: string) => `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const budget = (name: string, extra: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: a}}\n  maxUnavailable: 1\n${extra}`;
const KL_SCOPE = "kubeready: no Service of that namespace is in the input (scope)";
const KUBE_LINTER: ExpectedCase[] = [
  { check: "dangling-service", rule: "network/service-selects-nothing", object: "Service/svc", name: "skeleton Deployment with matching template labels", peerFires: false, yaml: `${skeleton("Deployment", "apps/v1", "d", labelled("shop"))}---\n${plainSvc("svc", "shop")}` },
  { check: "dangling-service", rule: "network/service-selects-nothing", object: "Service/svc", name: "selector typo", peerFires: true, yaml: `${skeleton("Deployment", "apps/v1", "d", labelled("shop"))}---\n${plainSvc("svc", "shp")}` },
  { check: "dangling-service", rule: "network/service-selects-nothing", object: "Service/svc", name: "DeploymentConfig, selector typo", peerFires: true, yaml: `${skeleton("DeploymentConfig", "apps.openshift.io/v1", "d", labelled("shop"))}---\n${plainSvc("svc", "shp")}` },
  { check: "dangling-ingress", rule: "network/ingress-backend-missing", object: "Ingress/i", name: "port number", peerFires: false, yaml: `${plainSvc("svc", "a")}---\n${plainIng("i", pathTo("svc", "{number: 80}"))}` },
  { check: "dangling-ingress", rule: "network/ingress-backend-missing", object: "Ingress/i", name: "port name", peerFires: false, yaml: `${plainSvc("svc", "a")}---\n${plainIng("i", pathTo("svc", "{name: tcp}"))}` },
  { check: "dangling-ingress", rule: "network/ingress-backend-missing", object: "Ingress/i", name: "defaultBackend", peerFires: false, yaml: `${plainSvc("svc", "a")}---\n${plainIng("i", "  defaultBackend: {service: {name: svc, port: {number: 80}}}\n")}` },
  { check: "dangling-ingress", rule: "network/ingress-backend-missing", object: "Ingress/i", name: "resource backend", peerFires: false, yaml: `${plainSvc("svc", "a")}---\n${plainIng("i", "  defaultBackend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: b}}\n")}` },
  { check: "dangling-ingress", rule: "network/ingress-backend-missing", object: "Ingress/i", name: "missing Service", peerFires: true, yaml: `${plainSvc("svc", "a")}---\n${plainIng("i", pathTo("other", "{number: 80}"))}` },
  { check: "dangling-ingress", rule: "network/ingress-backend-missing", object: "Ingress/i", name: "port the Service lacks", peerFires: true, yaml: `${plainSvc("svc", "a", "[{port: 80}]")}---\n${plainIng("i", pathTo("svc", "{number: 8080}"))}` },
  { check: "dangling-servicemonitor", rule: "observability/monitor-selects-nothing", object: "ServiceMonitor/m", name: "no namespace, Service labelled in another namespace", peerFires: false, yaml: `${labelledSvc("s", "team", "a")}---\n${monitor("m", "  selector: {matchLabels: {app.kubernetes.io/name: a}}\n")}---\n${labelledSvc("x", "", "x")}` },
  { check: "dangling-servicemonitor", rule: "observability/monitor-selects-nothing", object: "ServiceMonitor/m", name: "namespaceSelector only", peerFires: false, yaml: `${labelledSvc("s", "team", "a")}---\n${monitor("m", "  namespaceSelector: {matchNames: [team]}\n")}` },
  { check: "dangling-servicemonitor", rule: "observability/monitor-selects-nothing", object: "ServiceMonitor/m", name: "selector and namespaceSelector match", peerFires: false, yaml: `${labelledSvc("s", "team", "a")}---\n${monitor("m", "  selector: {matchLabels: {app.kubernetes.io/name: a}}\n  namespaceSelector: {matchNames: [team]}\n")}` },
  { check: "dangling-servicemonitor", rule: "observability/monitor-selects-nothing", object: "ServiceMonitor/m", name: "selector typo", peerFires: true, yaml: `${labelledSvc("s", "", "a1")}---\n${monitor("m", "  selector: {matchLabels: {app.kubernetes.io/name: a}}\n")}` },
  { check: "dangling-servicemonitor", rule: "observability/monitor-selects-nothing", object: "ServiceMonitor/m", name: "namespaceSelector to a namespace with no Service in the input", peerFires: true, yaml: `${labelledSvc("s", "one", "a")}---\n${monitor("m", "  selector: {matchLabels: {app.kubernetes.io/name: a}}\n  namespaceSelector: {matchNames: [two]}\n")}`, why: KL_SCOPE },
  { check: "non-existent-service-account", rule: "rbac/service-account-missing", object: "Deployment/d", name: "account in the input", peerFires: false, yaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n---\n${skeleton("Deployment", "apps/v1", "d", "    spec:\n      serviceAccount: sa\n")}` },
  { check: "non-existent-service-account", rule: "rbac/service-account-missing", object: "Deployment/d", name: "account missing", peerFires: true, yaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n---\n${skeleton("Deployment", "apps/v1", "d", "    spec:\n      serviceAccount: other\n")}` },
  { check: "non-existent-service-account", rule: "rbac/service-account-missing", object: "DeploymentConfig/d", name: "DeploymentConfig, account missing", peerFires: true, yaml: `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n---\n${skeleton("DeploymentConfig", "apps.openshift.io/v1", "d", "    spec:\n      serviceAccount: other\n")}` },
  { check: "pdb-unhealthy-pod-eviction-policy", rule: "availability/pdb-unhealthy-pod-eviction", object: "PodDisruptionBudget/b", name: "unset", peerFires: true, yaml: budget("b", "") },
  { check: "pdb-unhealthy-pod-eviction-policy", rule: "availability/pdb-unhealthy-pod-eviction", object: "PodDisruptionBudget/b", name: "AlwaysAllow", peerFires: false, yaml: budget("b", "  unhealthyPodEvictionPolicy: AlwaysAllow\n") },
  { check: "pdb-unhealthy-pod-eviction-policy", rule: "availability/pdb-unhealthy-pod-eviction", object: "PodDisruptionBudget/b", name: "IfHealthyBudget", peerFires: false, yaml: budget("b", "  unhealthyPodEvictionPolicy: IfHealthyBudget\n") },
];

const bin = join(homedir(), ".cache", "kubeready", "bin", "kube-score");
{
  const rulesOn = mergeConfig(DEFAULT_CONFIG, { rules: Object.fromEntries(KUBE_LINTER.map((c) => [c.rule, RULES_BY_ID.get(c.rule)?.meta.defaultSeverity ?? "warning"])) }).config;
  let same = 0;
  let unexplained = 0;
  console.log("| kube-linter check (fixture shape) | situation | fixture expects | kubeready | verdict |\n|---|---|---|---|---|");
  for (const c of KUBE_LINTER) {
    const [kind, name] = c.object.split("/");
    const { findings } = analyzeFiles([{ uri: "file:///peer/case.yaml", text: c.yaml }], rulesOn);
    const ours = findings.some((f) => f.object?.kind === kind && f.object?.name === name && (f.rules ?? [f.rule]).includes(c.rule));
    if (ours === c.peerFires) same++;
    else if (!c.why) unexplained++;
    const verdict = ours === c.peerFires ? "agree" : c.why ? `differs on purpose (${c.why})` : "DIFFERS, unexplained";
    console.log(`| ${c.check} | ${c.name} | ${c.peerFires ? "fires" : "silent"} | ${ours ? "fires" : "silent"} | ${verdict} |`);
  }
  console.log(`\nkube-linter fixture shapes: ${same}/${KUBE_LINTER.length} agree; unexplained differences: ${unexplained}\n`);
}
if (!existsSync(bin)) {
  console.log(`kube-score not built (${bin}); run the peers bench first (npm run bench -- --only=peers).`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), "peer-agreement-"));
let agree = 0;
const rows: string[] = [];
const perPair: Record<string, { agree: number; total: number }> = {};
try {
  CASES.forEach((c, i) => {
    const file = join(dir, `case-${i}.yaml`);
    writeFileSync(file, c.yaml);
    const out = spawnSync(bin, ["score", "--output-format", "json", file], { encoding: "utf8" });
    const [kind, name] = c.object.split("/");
    const objects = JSON.parse(out.stdout) as { type_meta: { kind: string }; object_meta: { name: string }; checks: { check: { id: string }; grade: number; skipped: boolean }[] }[];
    const pair = PAIRS[c.pair];
    const checks = objects.find((o) => o.type_meta.kind === kind && o.object_meta.name === name)?.checks.filter((k) => pair.peer.includes(k.check.id)) ?? [];
    const fired = checks.filter((k) => !k.skipped && k.grade < 10).map((k) => k.check.id);
    const peerFires = fired.length > 0;
    const { findings } = analyzeFiles([{ uri: pathToFileURL(file).href, text: c.yaml }], config);
    const ours = findings.filter((f) => f.object?.kind === kind && f.object?.name === name && (f.rules ?? [f.rule]).some((r) => pair.kubeready.includes(r)));
    const ourFires = ours.length > 0;
    const same = peerFires === ourFires;
    if (same) agree++;
    perPair[c.pair] ??= { agree: 0, total: 0 };
    perPair[c.pair].total++;
    if (same) perPair[c.pair].agree++;
    const verdict = same ? "agree" : c.why ? `differs on purpose (${c.why})` : "DIFFERS, unexplained";
    rows.push(`| ${pair.peer.join(", ")} | ${c.name} | ${peerFires ? `fires (${fired.join(", ")})` : "silent"} | ${ourFires ? `fires (${[...new Set(ours.map((f) => f.rule))].join(", ")})` : "silent"} | ${verdict} |`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log("| kube-score check | situation | kube-score | kubeready | verdict |\n|---|---|---|---|---|");
for (const r of rows) console.log(r);
console.log(`\nagreement: ${agree}/${CASES.length} (${Math.round((100 * agree) / CASES.length)} %)`);
for (const [k, v] of Object.entries(perPair)) console.log(`  ${PAIRS[k].peer.join(" + ")}: ${v.agree}/${v.total}`);
const unexplained = rows.filter((r) => r.includes("unexplained")).length;
console.log(`unexplained differences: ${unexplained}`);
