// Lints every static snippet (defaults accepted) with all registered rules: in the namespace it belongs to, kubeready must report nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { parseAllDocuments } from "yaml";
import { analyzeFiles, type Finding } from "../rules/engine.js";
import { RULES_BY_ID } from "../rules/index.js";
import { getIn } from "../rules/model/object.js";
import { ensureKubernetesSchema } from "../server/schema/ensureKubernetesSchema.js";
import { createSchemaService, type SchemaService } from "../server/schema/schemaService.js";
import { expandSnippet, tabstopsOf } from "./snippet-expand.js";

describe("expandSnippet (accepting every default)", () => {
  it("resolves placeholders, mirrors, choices, final tabstops and escapes as VS Code does", () => {
    assert.equal(expandSnippet("name: ${1:web}\nlabel: $1\nother: ${1}"), "name: web\nlabel: web\nother: web");
    assert.equal(expandSnippet("mode: ${2|Off,Auto|}\nempty: $3\n$0"), "mode: Off\nempty: \n");
    assert.equal(expandSnippet("a: ${1:outer ${2:inner}} $2"), "a: outer inner inner");
    assert.equal(expandSnippet("x: \\$HOME \\} \\\\"), "x: $HOME } \\");
    assert.equal(expandSnippet("${1:a}-${2:b}", { 2: "typed" }), "a-typed");
    assert.deepEqual(tabstopsOf("${1:a} $3 ${2|x,y|} $0"), [0, 1, 2, 3]);
  });
});

const ROOT = join(import.meta.dirname, "..");
const SNIPPET_FILE = join(ROOT, "snippets", "kubernetes.json");

interface Snippet { prefix: string; description: string; body: string[] }

/** VS Code reads snippet files as JSON with comments; ours only has `//` line comments outside strings. */
function readSnippets(): Record<string, Snippet> {
  const text = readFileSync(SNIPPET_FILE, "utf8").split("\n").filter((l) => !/^\s*\/\//.test(l)).join("\n");
  return JSON.parse(text) as Record<string, Snippet>;
}

const SNIPPETS = readSnippets();
const raw = (name: string): string => {
  const s = SNIPPETS[name];
  assert.ok(s, `snippet ${name} is missing`);
  return s.body.join("\n");
};
/** The snippet with every default accepted (`values` = what a user types at some tabstops). */
const body = (name: string, values: Record<number, string> = {}): string => expandSnippet(raw(name), values);

/** Inserts a fragment where a host has a `{{FRAGMENT}}` line, as VS Code does: later lines get that line's indentation. */
function embed(host: string, fragment: string): string {
  return host.replace(/^( *)\{\{FRAGMENT\}\}\n/m, (_m, indent: string) => fragment.replace(/\n+$/, "").split("\n").map((l) => (l ? indent + l : l)).join("\n") + "\n");
}
const withoutFragment = (host: string): string => host.replace(/^ *\{\{FRAGMENT\}\}\n/m, "");

type Scene = Record<string, string>;

/** What every namespace with workloads needs: PSS labels, default-deny and DNS egress. */
function namespaceBundle(ns: string): Scene {
  return {
    "kr-namespace": body("kr-namespace", { 1: ns }),
    "kr-netpol-default-deny": body("kr-netpol-default-deny", { 2: ns }),
    "kr-netpol-allow-dns": body("kr-netpol-allow-dns", { 2: ns }),
  };
}

/** An application behind the ingress controller: a Deployment, its budget, the policy that lets traffic in, its secrets and certificate. */
function appScene(): Scene {
  return {
    ...namespaceBundle("my-namespace"),
    "kr-netpol-allow-from-namespace": body("kr-netpol-allow-from-namespace"),
    "kr-deployment": body("kr-deployment"),
    "kr-pdb": body("kr-pdb"),
    "kr-secret-store": body("kr-secret-store"),
    "kr-external-secret": body("kr-external-secret"),
    "kr-certificate": body("kr-certificate"),
    "kr-cluster-issuer": body("kr-cluster-issuer"),
    "kr-velero-schedule": body("kr-velero-schedule"),
    "kr-blackbox-probe": body("kr-blackbox-probe"),
    "kr-cert-expiry-alert": body("kr-cert-expiry-alert"),
    "kr-argocd-application": body("kr-argocd-application"),
    "kr-chaos-pod-kill": body("kr-chaos-pod-kill"),
  };
}

/** The same application scaled by an HPA: the Deployment leaves spec.replicas to it. */
function autoscaledScene(): Scene {
  const { "kr-deployment": deployment, ...rest } = appScene();
  return { ...rest, "kr-deployment (no replicas)": deployment.replace(/^  replicas: .*\n/m, ""), "kr-hpa": body("kr-hpa") };
}

/** The same application scaled by KEDA instead of an HPA. */
function kedaScene(): Scene {
  const { "kr-hpa": _hpa, ...rest } = autoscaledScene();
  return { ...rest, "kr-keda-scaledobject": body("kr-keda-scaledobject") };
}

/** The guide's chain Ingress -> frontend -> backend -> db, each tier a hardened workload with its budget. */
function chainScene(): Scene {
  return {
    ...namespaceBundle("my-namespace"),
    "kr-netpol-chain": body("kr-netpol-chain"),
    "kr-netpol-allow-from-pods": body("kr-netpol-allow-from-pods"),
    "frontend (kr-deployment)": body("kr-deployment", { 1: "frontend", 4: "registry.example.com/frontend:1.0.0" }),
    "frontend pdb (kr-pdb)": body("kr-pdb", { 1: "frontend" }),
    "backend (kr-deployment)": body("kr-deployment", { 1: "backend", 4: "registry.example.com/backend:1.0.0" }),
    "backend pdb (kr-pdb)": body("kr-pdb", { 1: "backend" }),
    "kr-statefulset": body("kr-statefulset"),
    "db pdb (kr-pdb)": body("kr-pdb", { 1: "db" }),
    "kr-vpa": body("kr-vpa", { 1: "db" }),
    // The database's volumes are backed up (backup/stateful-namespace-not-backed-up).
    "kr-velero-schedule": body("kr-velero-schedule"),
  };
}

/** Prometheus HA with Thanos: the operator's pair, Query, Store Gateway and Compactor. */
function monitoringScene(): Scene {
  return {
    ...namespaceBundle("monitoring"),
    "kr-netpol-thanos": body("kr-netpol-thanos"),
    "kr-prometheus-ha": body("kr-prometheus-ha"),
    "kr-thanos-query": body("kr-thanos-query"),
    "thanos-query pdb (kr-pdb)": body("kr-pdb", { 1: "thanos-query", 2: "monitoring" }),
    "kr-thanos-store": body("kr-thanos-store"),
    "kr-thanos-compact": body("kr-thanos-compact"),
    // Prometheus's and Thanos's volumes are backed up (backup/stateful-namespace-not-backed-up).
    "monitoring backup (kr-velero-schedule)": body("kr-velero-schedule", { 1: "daily-monitoring", 3: "monitoring" }),
  };
}

// ---- hosts for fragments: minimal hardened workloads that lack exactly what the fragment adds ----------------

const POD_SC_HOST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
  namespace: my-namespace
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: my-app
  template:
    metadata:
      labels:
        app.kubernetes.io/name: my-app
    spec:
      automountServiceAccountToken: false
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: my-app}}}
      {{FRAGMENT}}
      containers:
        - name: my-app
          image: registry.example.com/my-app:1.0.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: {path: /readyz, port: http}
          livenessProbe:
            httpGet: {path: /livez, port: http}
            failureThreshold: 6
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
`;

const CONTAINER_SC_HOST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
  namespace: my-namespace
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: my-app
  template:
    metadata:
      labels:
        app.kubernetes.io/name: my-app
    spec:
      automountServiceAccountToken: false
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: my-app}}}
      containers:
        - name: my-app
          image: registry.example.com/my-app:1.0.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: {path: /readyz, port: http}
          livenessProbe:
            httpGet: {path: /livez, port: http}
            failureThreshold: 6
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}
          {{FRAGMENT}}
`;

const RESOURCES_HOST = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: my-namespace
spec:
  replicas: 2
  serviceName: db
  selector:
    matchLabels:
      app.kubernetes.io/name: db
  template:
    metadata:
      labels:
        app.kubernetes.io/name: db
    spec:
      automountServiceAccountToken: false
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: db}}}
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: db
          image: registry.example.com/db:1.0.0
          ports:
            - name: tcp
              containerPort: 5432
          readinessProbe:
            tcpSocket: {port: tcp}
          livenessProbe:
            tcpSocket: {port: tcp}
            failureThreshold: 6
          {{FRAGMENT}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
`;

/** A plain (non-operator) Prometheus pair whose blocks the sidecar fragment ships. */
const SIDECAR_HOST = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prometheus
  namespace: monitoring
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: prometheus
  template:
    metadata:
      labels:
        app.kubernetes.io/name: prometheus
    spec:
      automountServiceAccountToken: false
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}}
      securityContext:
        runAsNonRoot: true
        runAsUser: 65534
        fsGroup: 65534
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: prometheus
          image: quay.io/prometheus/prometheus:v2.55.1
          args:
            - --config.file=/etc/prometheus/prometheus.yml
            - --storage.tsdb.path=/prometheus
            - --storage.tsdb.min-block-duration=2h
            - --storage.tsdb.max-block-duration=2h
          ports:
            - name: web
              containerPort: 9090
          readinessProbe:
            httpGet: {path: /-/ready, port: web}
          livenessProbe:
            httpGet: {path: /-/healthy, port: web}
            failureThreshold: 6
          resources:
            requests: {cpu: "1", memory: 4Gi}
            limits: {cpu: "1", memory: 4Gi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
          volumeMounts:
            - name: prometheus-data
              mountPath: /prometheus
        {{FRAGMENT}}
      volumes:
        - name: thanos-objstore
          secret:
            secretName: thanos-objstore
  volumeClaimTemplates:
    - metadata:
        name: prometheus-data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 50Gi
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: prometheus
  namespace: monitoring
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: prometheus
`;

interface Case {
  snippet: string;
  /** The files linted together; the snippet's own text is one of them. */
  scene: () => Scene;
  /** For fragments: the host the fragment goes into, and the scene entry that host replaces. */
  host?: { text: string; replaces: string; /** A rule that must fire on the host without the fragment. */ without: string };
}

const CASES: Case[] = [
  { snippet: "kr-namespace", scene: appScene },
  { snippet: "kr-netpol-default-deny", scene: appScene },
  { snippet: "kr-netpol-allow-dns", scene: appScene },
  { snippet: "kr-netpol-allow-from-namespace", scene: appScene },
  { snippet: "kr-netpol-allow-from-pods", scene: chainScene },
  { snippet: "kr-netpol-chain", scene: chainScene },
  { snippet: "kr-pod-security-context", scene: appScene, host: { text: POD_SC_HOST, replaces: "kr-deployment", without: "pss/run-as-non-root" } },
  { snippet: "kr-container-security-context", scene: appScene, host: { text: CONTAINER_SC_HOST, replaces: "kr-deployment", without: "pss/allow-privilege-escalation" } },
  { snippet: "kr-resources-guaranteed", scene: chainScene, host: { text: RESOURCES_HOST, replaces: "kr-statefulset", without: "resources/qos-not-guaranteed" } },
  { snippet: "kr-pdb", scene: appScene },
  { snippet: "kr-hpa", scene: autoscaledScene },
  { snippet: "kr-keda-scaledobject", scene: kedaScene },
  { snippet: "kr-vpa", scene: chainScene },
  { snippet: "kr-prometheus-ha", scene: monitoringScene },
  { snippet: "kr-thanos-sidecar", scene: monitoringScene, host: { text: SIDECAR_HOST, replaces: "kr-prometheus-ha", without: "observability/thanos-sidecar-missing" } },
  { snippet: "kr-thanos-query", scene: monitoringScene },
  { snippet: "kr-thanos-store", scene: monitoringScene },
  { snippet: "kr-netpol-thanos", scene: monitoringScene },
  { snippet: "kr-thanos-compact", scene: monitoringScene },
  { snippet: "kr-secret-store", scene: appScene },
  { snippet: "kr-external-secret", scene: appScene },
  { snippet: "kr-certificate", scene: appScene },
  { snippet: "kr-cluster-issuer", scene: appScene },
  { snippet: "kr-velero-schedule", scene: appScene },
  { snippet: "kr-deployment", scene: appScene },
  { snippet: "kr-statefulset", scene: chainScene },
  { snippet: "kr-rbac-least-privilege", scene: appScene },
  { snippet: "kr-cilium-default-deny", scene: appScene },
  { snippet: "kr-blackbox-probe", scene: appScene },
  { snippet: "kr-cert-expiry-alert", scene: appScene },
  { snippet: "kr-argocd-application", scene: appScene },
  { snippet: "kr-chaos-pod-kill", scene: appScene },
];

const uriOf = (entry: string) => `file:///snippets/${entry.replace(/[^A-Za-z0-9.-]+/g, "_")}.yaml`;

function lint(scene: Scene): Finding[] {
  return analyzeFiles(Object.entries(scene).map(([entry, text]) => ({ uri: uriOf(entry), text }))).findings;
}

function show(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.rule} @ ${f.uri.replace("file:///snippets/", "")}:${f.range.start.line + 1} — ${f.message}`).join("\n");
}

/** The scene of a case with its snippet in place (a fragment inside its host). */
function sceneOf(c: Case, fragment = body(c.snippet)): Scene {
  const scene = c.scene();
  if (!c.host) return scene;
  const { [c.host.replaces]: _replaced, ...rest } = scene;
  return { ...rest, [`${c.snippet} in host`]: fragment === "" ? withoutFragment(c.host.text) : embed(c.host.text, fragment) };
}

let schemaVersion = 0;
/** Structural errors of the built-in Kubernetes schema (custom resources without their CRD in scope are not checked). */
async function schemaErrors(service: SchemaService, text: string): Promise<string[]> {
  const diagnostics = await service.validate(TextDocument.create(`file:///snippets/schema${++schemaVersion}.yaml`, "yaml", 1, text), { syntaxErrors: true });
  return diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

describe("static snippets", () => {
  let schema: SchemaService;
  before(() => {
    schema = createSchemaService({ schema: ensureKubernetesSchema() });
  });

  it("are contributed for YAML in package.json", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { contributes: { snippets?: { language: string; path: string }[] } };
    const entries = (pkg.contributes.snippets ?? []).filter((s) => s.language === "yaml" && s.path.replace(/^\.\//, "") === "snippets/kubernetes.json");
    assert.equal(entries.length, 1, "exactly one contributes.snippets entry for snippets/kubernetes.json");
  });

  it("have a kr- prefix equal to their name, a description and a body", () => {
    for (const [name, s] of Object.entries(SNIPPETS)) {
      assert.match(name, /^kr-[a-z0-9-]+$/);
      assert.equal(s.prefix, name);
      assert.ok(s.description.length > 20, `${name}: description`);
      assert.ok(Array.isArray(s.body) && s.body.length > 0, `${name}: body`);
      assert.ok(tabstopsOf(raw(name)).includes(0), `${name}: ends in $0`);
    }
  });

  it("every snippet has a lint case", () => {
    assert.deepEqual(Object.keys(SNIPPETS).sort(), CASES.map((c) => c.snippet).sort());
  });

  it("expand to valid YAML", () => {
    for (const name of Object.keys(SNIPPETS)) {
      for (const doc of parseAllDocuments(body(name))) assert.deepEqual(doc.errors.map((e) => e.message), [], name);
    }
  });

  it("schema validation runs on them (a misspelt field is an error)", async () => {
    const errors = await schemaErrors(schema, body("kr-deployment").replace("revisionHistoryLimit", "revisionHistoryLimt"));
    assert.equal(errors.length, 1, JSON.stringify(errors));
  });

  it("carry what the guide asks for", () => {
    const docs = (name: string) => parseAllDocuments(body(name)).map((d) => d.toJS() as unknown);
    const [dns] = docs("kr-netpol-allow-dns");
    const to = getIn(dns, ["spec", "egress", 0, "to", 0]);
    assert.equal(getIn(to, ["namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"]), "kube-system");
    assert.equal(getIn(to, ["podSelector", "matchLabels", "k8s-app"]), "kube-dns");
    assert.deepEqual(getIn(dns, ["spec", "egress", 0, "ports"]), [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }]);
    const [deny] = docs("kr-netpol-default-deny");
    assert.deepEqual(getIn(deny, ["spec"]), { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.deepEqual(docs("kr-netpol-chain").map((p) => getIn(p, ["spec", "podSelector", "matchLabels", "app.kubernetes.io/name"])), ["frontend", "backend", "db"]);
    const [prom] = docs("kr-prometheus-ha");
    assert.equal(getIn(prom, ["spec", "replicas"]), 2);
    assert.equal(getIn(prom, ["spec", "replicaExternalLabelName"]), "prometheus_replica");
    assert.ok(getIn(prom, ["spec", "thanos", "objectStorageConfig", "name"]));
    const queryArgs = getIn(docs("kr-thanos-query")[0], ["spec", "template", "spec", "containers", 0, "args"]) as string[];
    assert.ok(queryArgs.includes("--query.replica-label=prometheus_replica"));
    assert.ok(queryArgs.some((a) => a.startsWith("--endpoint=")));
    const [cert] = docs("kr-certificate");
    assert.equal(getIn(cert, ["spec", "duration"]), "2160h");
    assert.equal(getIn(cert, ["spec", "renewBefore"]), "360h");
    const [hpa] = docs("kr-hpa");
    assert.equal(getIn(hpa, ["apiVersion"]), "autoscaling/v2");
    const [ns] = docs("kr-namespace");
    assert.equal(getIn(ns, ["metadata", "labels", "pod-security.kubernetes.io/enforce"]), "restricted");
    const res = docs("kr-resources-guaranteed")[0];
    assert.deepEqual(getIn(res, ["resources", "requests"]), getIn(res, ["resources", "limits"]));
  });

  for (const c of CASES) {
    it(`${c.snippet}: kubeready reports nothing (in ${c.scene.name.replace(/Scene$/, "")} scope)`, () => {
      const findings = lint(sceneOf(c));
      assert.equal(findings.length, 0, `\n${show(findings)}`);
    });
    it(`${c.snippet}: no single-object rule fires on it alone`, () => {
      const text = c.host ? embed(c.host.text, body(c.snippet)) : body(c.snippet);
      const findings = analyzeFiles([{ uri: uriOf(c.snippet), text }]).findings.filter((f) => RULES_BY_ID.get(f.rule)?.meta.crossObject !== true);
      assert.equal(findings.length, 0, `\n${show(findings)}`);
    });
    it(`${c.snippet}: no schema error`, async () => {
      assert.deepEqual(await schemaErrors(schema, c.host ? embed(c.host.text, body(c.snippet)) : body(c.snippet)), []);
    });
    if (c.host) {
      const { without } = c.host;
      it(`${c.snippet}: its host without it gets ${without} (the fragment is what makes it clean)`, { skip: !RULES_BY_ID.has(without) && `${without} is not registered yet` }, () => {
        assert.ok(lint(sceneOf(c, "")).some((f) => f.rule === without));
      });
    }
  }
});
