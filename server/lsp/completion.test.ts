// Unit tests of the context-aware completions: what is offered where, the exact selector and namespace, and that each result lints clean.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { InsertTextFormat, InsertTextMode, type CompletionItem, type TextEdit } from "vscode-languageserver";
import { parseAllDocuments } from "yaml";
import { DEFAULT_CONFIG, mergeConfig } from "../../rules/config.js";
import { analyzeFiles, parseFile, type Finding } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { getIn } from "../../rules/model/object.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import { expandSnippet } from "../../test/snippet-expand.js";
import { ensureKubernetesSchema } from "../schema/ensureKubernetesSchema.js";
import { createSchemaService, type SchemaService } from "../schema/schemaService.js";
import { pathAt, provideCompletions } from "./completion.js";

const URI = "file:///work/app.yaml";

/** Completions at the `|` of `marked`, with `others` (uri -> text) in the workspace. */
function complete(marked: string, others: Record<string, string> = {}): { items: CompletionItem[]; text: string } {
  const offset = marked.indexOf("|");
  assert.ok(offset >= 0, "the test text marks the cursor with |");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split("\n");
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const index = new WorkspaceIndex();
  const file = parseFile(URI, text, { defaultNamespace: "default" });
  index.setFile(URI, file.objects);
  for (const [uri, t] of Object.entries(others)) index.setFile(uri, parseFile(uri, t, { defaultNamespace: "default" }).objects);
  return { items: provideCompletions(index, file, text, position, DEFAULT_CONFIG), text };
}

function item(items: readonly CompletionItem[], label: string | RegExp): CompletionItem {
  const found = items.find((i) => (typeof label === "string" ? i.label === label : label.test(i.label)));
  assert.ok(found, `no completion ${label} among ${JSON.stringify(items.map((i) => i.label))}`);
  return found;
}

/** The text after accepting the item with every placeholder at its default. */
function accept(text: string, it: CompletionItem): string {
  const edit = it.textEdit as TextEdit;
  const newText = it.insertTextFormat === InsertTextFormat.Snippet ? expandSnippet(edit.newText) : edit.newText;
  return applyTextEdits(text, [{ range: edit.range, newText }, ...(it.additionalTextEdits ?? [])]);
}

function lint(text: string, others: Record<string, string> = {}): Finding[] {
  return analyzeFiles([{ uri: URI, text }, ...Object.entries(others).map(([uri, t]) => ({ uri, text: t }))]).findings;
}

const of = (findings: readonly Finding[], family: RegExp) => findings.filter((f) => family.test(f.rule)).map((f) => `${f.rule}: ${f.message}`);

function docs(text: string): Record<string, unknown>[] {
  const all = parseAllDocuments(text);
  for (const d of all) assert.deepEqual(d.errors.map((e) => e.message), [], "valid YAML");
  return all.map((d) => d.toJS() as Record<string, unknown>).filter((d) => d !== null);
}
const ofKind = (text: string, kind: string) => docs(text).filter((d) => d.kind === kind);

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
    matchExpressions:
      - {key: tier, operator: In, values: [frontend, edge]}
  template:
    metadata:
      labels: {app: web, tier: frontend, version: v1}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
          ports:
            - containerPort: 8080
            - containerPort: 9090
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}
`;

describe("completions at the top level of a new document", () => {
  it("offer a PDB carrying the exact selector and namespace of the Deployment above", () => {
    const { items, text } = complete(`${DEPLOYMENT}---\n|`);
    const pdbItem = item(items, "kr-pdb web");
    assert.equal(pdbItem.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(pdbItem.insertTextMode, InsertTextMode.asIs);
    assert.match(pdbItem.detail ?? "", /PodDisruptionBudget for Deployment web \(namespace shop\)/);
    assert.equal((pdbItem.documentation as { kind: string }).kind, "markdown");
    const after = accept(text, pdbItem);
    const [pdb] = ofKind(after, "PodDisruptionBudget");
    const [deployment] = ofKind(after, "Deployment");
    assert.deepEqual(getIn(pdb, ["spec", "selector"]), getIn(deployment, ["spec", "selector"]));
    assert.equal(getIn(pdb, ["metadata", "namespace"]), "shop");
    assert.equal(getIn(pdb, ["spec", "maxUnavailable"]), 1);
    assert.deepEqual(of(lint(after), /^(availability\/|yaml\/)/), []);
  });

  it("the PDB removes the availability finding the Deployment had", { skip: !of(lint(DEPLOYMENT), /^availability\/missing-pdb$/).length && "availability/missing-pdb is not registered" }, () => {
    const { items, text } = complete(`${DEPLOYMENT}---\n|`);
    assert.ok(of(lint(text), /^availability\/missing-pdb$/).length > 0);
    assert.deepEqual(of(lint(accept(text, item(items, "kr-pdb web"))), /^availability\//), []);
  });

  it("start a new document with --- when the cursor is right below an object", () => {
    const { items, text } = complete(`${DEPLOYMENT}|`);
    const edit = item(items, "kr-pdb web").textEdit as TextEdit;
    assert.ok(edit.newText.startsWith("---\napiVersion: policy/v1\n"));
    assert.equal(ofKind(accept(text, item(items, "kr-pdb web")), "PodDisruptionBudget").length, 1);
    const { items: afterMarker } = complete(`${DEPLOYMENT}---\n|`);
    assert.ok((item(afterMarker, "kr-pdb web").textEdit as TextEdit).newText.startsWith("apiVersion: policy/v1\n"));
  });

  it("replace the word being typed", () => {
    const { items, text } = complete(`${DEPLOYMENT}---\nkr-p|d`);
    const edit = item(items, "kr-pdb web").textEdit as TextEdit;
    const line = text.split("\n").length - 1;
    assert.deepEqual(edit.range, { start: { line, character: 0 }, end: { line, character: 5 } });
    assert.ok(!accept(text, item(items, "kr-pdb web")).includes("kr-pd"));
  });

  it("offer nothing when the document goes on below the cursor", () => {
    const { items } = complete(`apiVersion: apps/v1\nkind: Deployment\n|\nmetadata:\n  name: web\n`);
    assert.deepEqual(items, []);
  });

  it("leave the namespace to kustomize or the default when the workload names none", () => {
    const { items, text } = complete(`${DEPLOYMENT.replace("  namespace: shop\n", "")}---\n|`);
    const [pdb] = ofKind(accept(text, item(items, "kr-pdb web")), "PodDisruptionBudget");
    assert.equal(getIn(pdb, ["metadata", "namespace"]), undefined);
    assert.ok(!item(items, "kr-pdb web").detail?.includes("shop"));
  });

  it("use the pod labels of a workload without a written selector (a prometheus-operator Prometheus)", () => {
    const prometheus = "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\n  namespace: monitoring\nspec:\n  replicas: 2\n";
    const { items, text } = complete(`${prometheus}---\n|`);
    const [pdb] = ofKind(accept(text, item(items, "kr-pdb k8s")), "PodDisruptionBudget");
    assert.equal(getIn(pdb, ["spec", "selector", "matchLabels", "prometheus"]), "k8s");
    assert.equal(getIn(pdb, ["spec", "selector", "matchLabels", "app.kubernetes.io/name"]), "prometheus");
    assert.ok(!items.some((i) => i.label.startsWith("kr-hpa")), "no HPA for an operator resource");
  });

  it("pick the nearest workload above, not every object of the file", () => {
    const service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
    const other = DEPLOYMENT.replace(/web/g, "api");
    const { items } = complete(`${other}---\n${DEPLOYMENT}---\n${service}---\n|`);
    assert.deepEqual(items.map((i) => i.label), ["kr-pdb web", "kr-netpol-allow web", "kr-netpol-default-deny shop", "kr-hpa web", "kr-keda-scaledobject web", "kr-chaos-pod-kill web"]);
  });

  it("offer the workloads of the file's namespace when none is above", () => {
    const { items } = complete("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata: {}\n---\n|", {
      "file:///work/web.yaml": DEPLOYMENT,
      "file:///work/other.yaml": DEPLOYMENT.replace(/shop/g, "elsewhere").replace(/web/g, "other"),
    });
    assert.ok(items.some((i) => i.label === "kr-pdb web"));
    assert.ok(!items.some((i) => i.label.endsWith(" other")), "workloads of other namespaces are not offered");
    const hpa = item(items, "kr-hpa web");
    assert.equal(hpa.additionalTextEdits, undefined, "a workload of another file is not edited");
  });

  it("in an empty file, offer the workloads of the namespace it is parsed in (a kustomization's)", () => {
    const index = new WorkspaceIndex();
    index.setFile("file:///work/web.yaml", parseFile("file:///work/web.yaml", DEPLOYMENT, {}).objects);
    const empty = parseFile(URI, "", { defaultNamespace: "shop" });
    index.setFile(URI, empty.objects);
    const at = { line: 0, character: 0 };
    assert.ok(provideCompletions(index, empty, "", at, DEFAULT_CONFIG, { defaultNamespace: "shop" }).some((i) => i.label === "kr-pdb web"));
    assert.deepEqual(provideCompletions(index, empty, "", at, DEFAULT_CONFIG, { defaultNamespace: "elsewhere" }), []);
  });

  it("do not offer a PDB or an HPA that already exists", () => {
    const pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: {matchLabels: {app: web}}\n";
    const hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 3\n  maxReplicas: 6\n";
    const { items } = complete(`${DEPLOYMENT}---\n|`, { "file:///work/pdb.yaml": pdb, "file:///work/hpa.yaml": hpa });
    assert.deepEqual(items.map((i) => i.label).filter((l) => /kr-(pdb|hpa)/.test(l)), []);
  });

  it("offer an HPA with the scale target, taking spec.replicas away from the Deployment", () => {
    const { items, text } = complete(`${DEPLOYMENT}---\n|`);
    const hpaItem = item(items, "kr-hpa web");
    assert.equal(hpaItem.additionalTextEdits?.length, 1);
    const after = accept(text, hpaItem);
    const [hpa] = ofKind(after, "HorizontalPodAutoscaler");
    assert.deepEqual(getIn(hpa, ["spec", "scaleTargetRef"]), { apiVersion: "apps/v1", kind: "Deployment", name: "web" });
    assert.equal(getIn(hpa, ["apiVersion"]), "autoscaling/v2");
    assert.equal(getIn(hpa, ["metadata", "namespace"]), "shop");
    assert.equal(getIn(hpa, ["spec", "minReplicas"]), 3, "keeps the replicas the Deployment ran");
    assert.equal(getIn(ofKind(after, "Deployment")[0], ["spec", "replicas"]), undefined);
    // With the budget beside it, nothing about scaling or availability is left to report.
    const withBudget = accept(after.replace(/\n?$/, "\n---\n"), item(complete(`${after.replace(/\n?$/, "\n---\n")}|`).items, "kr-pdb web"));
    assert.deepEqual(of(lint(withBudget), /^(autoscaling|availability|yaml)\//), []);
  });

  it("offer NetworkPolicies: an allow skeleton on the workload's ports and a default-deny with DNS for its namespace", () => {
    const { items, text } = complete(`${DEPLOYMENT}---\n|`);
    const allow = accept(text, item(items, "kr-netpol-allow web"));
    const [policy] = ofKind(allow, "NetworkPolicy");
    assert.deepEqual(getIn(policy, ["spec", "podSelector"]), getIn(ofKind(allow, "Deployment")[0], ["spec", "selector"]));
    assert.deepEqual(getIn(policy, ["spec", "ingress", 0, "ports"]), [{ protocol: "TCP", port: 8080 }, { protocol: "TCP", port: 9090 }]);
    assert.equal(getIn(policy, ["metadata", "namespace"]), "shop");
    const both = accept(`${allow}---\n`, item(complete(`${allow}---\n|`).items, "kr-netpol-default-deny shop"));
    const policies = ofKind(both, "NetworkPolicy");
    assert.deepEqual(policies.map((p) => getIn(p, ["metadata", "name"])), ["allow-web-ingress", "default-deny-all", "allow-dns-egress"]);
    assert.deepEqual(of(lint(both), /^(network|yaml)\//), []);
  });

  it("the default-deny is not offered when the namespace has one", () => {
    const deny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
    const { items } = complete(`${DEPLOYMENT}---\n|`, { "file:///work/deny.yaml": deny });
    assert.ok(!items.some((i) => i.label.startsWith("kr-netpol-default-deny")));
  });
});

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: registry.example.com/db:16.1
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10Gi}}
`;
const INGRESS = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  tls:\n    - hosts: [shop.example.com, www.shop.example.com]\n      secretName: web-tls\n  rules:\n    - host: shop.example.com\n      http:\n        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]\n";
const APPLICATION = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop-production, namespace: argocd}\nspec:\n  project: production\n  source: {repoURL: https://git.example.com/shop.git, path: deploy, targetRevision: v1.4.0}\n  destination: {server: https://kubernetes.default.svc, namespace: shop}\n  |\n";

describe("completions for the guide's custom resources (issue 20.7)", () => {
  it("offer a KEDA ScaledObject for the Deployment above, taking spec.replicas away", () => {
    const { items, text } = complete(`${DEPLOYMENT}---\n|`);
    const after = accept(text, item(items, "kr-keda-scaledobject web"));
    const [so] = ofKind(after, "ScaledObject");
    assert.deepEqual(getIn(so, ["spec", "scaleTargetRef"]), { name: "web" });
    assert.equal(getIn(so, ["spec", "minReplicaCount"]), 3);
    assert.equal(getIn(so, ["metadata", "namespace"]), "shop");
    assert.equal(getIn(ofKind(after, "Deployment")[0], ["spec", "replicas"]), undefined);
    assert.deepEqual(of(lint(after), /^(autoscaling|yaml)\//), []);
    assert.ok(!complete(`${after}---\n|`).items.some((i) => /^kr-(hpa|keda)/.test(i.label)), "no second autoscaler is offered");
  });

  it("offer a Velero Schedule for a StatefulSet's namespace when no Schedule covers it", () => {
    const { items, text } = complete(`${STATEFULSET}---\n|`);
    const after = accept(text, item(items, "kr-velero-schedule shop"));
    const [schedule] = ofKind(after, "Schedule");
    assert.deepEqual(getIn(schedule, ["spec", "template", "includedNamespaces"]), ["shop"]);
    assert.equal(getIn(schedule, ["metadata", "namespace"]), "velero");
    assert.deepEqual(of(lint(after), /^(backup|yaml)\//), []);
    assert.ok(!complete(`${after}---\n|`).items.some((i) => i.label.startsWith("kr-velero-schedule")));
  });

  it("offer a Chaos Mesh pod-kill drill selecting the workload's pods", () => {
    const { items, text } = complete(`${DEPLOYMENT}---\n|`);
    const after = accept(text, item(items, "kr-chaos-pod-kill web"));
    const [drill] = ofKind(after, "Schedule");
    assert.deepEqual(getIn(drill, ["spec", "podChaos", "selector"]), { namespaces: ["shop"], labelSelectors: { app: "web" } });
    const config = mergeConfig(DEFAULT_CONFIG, { rules: { "operations/chaos-experiment-missing": "info" } }).config;
    const drills = (t: string) => of(analyzeFiles([{ uri: URI, text: t }], config).findings, /^operations\/chaos-experiment-missing$/);
    assert.equal(drills(text).length, 1);
    assert.deepEqual(drills(after), []);
    assert.ok(!complete(`${after}---\n|`).items.some((i) => i.label.startsWith("kr-chaos-pod-kill")));
  });

  it("offer a Cilium default-deny with DNS only where Cilium policies are in use", () => {
    const cilium = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: allow-web, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress: [{fromEntities: [world]}]\n";
    assert.ok(!complete(`${DEPLOYMENT}---\n|`).items.some((i) => i.label.startsWith("kr-cilium")));
    const { items, text } = complete(`${DEPLOYMENT}---\n|`, { "file:///work/cilium.yaml": cilium });
    const after = accept(text, item(items, "kr-cilium-default-deny shop"));
    assert.deepEqual(ofKind(after, "CiliumNetworkPolicy").map((p) => getIn(p, ["metadata", "name"])), ["default-deny-all", "allow-dns-egress"]);
    assert.deepEqual(of(lint(after, { "file:///work/cilium.yaml": cilium }), /^network\/(missing-default-deny|default-deny-blocks-dns)$/), []);
  });

  it("offer a Blackbox Probe for the TLS hosts of the Ingress above", () => {
    const { items, text } = complete(`${INGRESS}---\n|`);
    const after = accept(text, item(items, "kr-blackbox-probe web"));
    const [probe] = ofKind(after, "Probe");
    assert.deepEqual(getIn(probe, ["spec", "targets", "staticConfig", "static"]), ["https://shop.example.com", "https://www.shop.example.com"]);
    assert.deepEqual(of(lint(after), /^observability\/tls-host-not-probed$/), []);
  });

  it("offer an Argo CD Application's syncPolicy, once", () => {
    const { items, text } = complete(APPLICATION);
    const after = accept(text, item(items, "syncPolicy"));
    const [app] = ofKind(after, "Application");
    assert.deepEqual(getIn(app, ["spec", "syncPolicy"]), { automated: { prune: true, selfHeal: true }, retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } } });
    assert.deepEqual(of(lint(after), /^gitops\//), []);
    assert.deepEqual(complete(`${after}  |\n`).items.filter((i) => i.label === "syncPolicy"), []);
    assert.deepEqual(complete(DEPLOYMENT.replace("spec:\n  replicas: 3\n", "spec:\n  |\n  replicas: 3\n")).items, [], "not in other kinds");
  });
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  automountServiceAccountToken: false
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      |
`;

describe("completions inside a container", () => {
  it("offer the hardened securityContext and Guaranteed resources at the container's indentation", () => {
    const { items, text } = complete(POD);
    const sc = item(items, "securityContext");
    const res = item(items, "resources");
    assert.equal(sc.insertTextMode, InsertTextMode.asIs);
    assert.match(accept(text, sc), /\n {6}securityContext:\n {8}runAsNonRoot: true\n {8}allowPrivilegeEscalation: false\n/);
    const [pod] = docs(accept(text, sc));
    assert.deepEqual(getIn(pod, ["spec", "containers", 0, "securityContext", "capabilities"]), { drop: ["ALL"] });
    assert.deepEqual(of(lint(accept(text, sc)), /^(pss|hardening|yaml)\//), []);
    const [withResources] = docs(accept(text, res));
    const resources = getIn(withResources, ["spec", "containers", 0, "resources"]);
    assert.deepEqual(getIn(resources, ["requests"]), getIn(resources, ["limits"]));
    assert.deepEqual(getIn(resources, ["requests"]), { cpu: "500m", memory: "512Mi" });
    assert.match((res.textEdit as TextEdit).newText, /cpu: \$\{1:500m\}[\s\S]*cpu: \$\{1:500m\}/, "one tabstop, typed once for both");
  });

  it("follow the file's layout (four spaces, lists flush with their key)", () => {
    const marked = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n    name: db\nspec:\n    serviceName: db\n    selector:\n        matchLabels: {app: db}\n    template:\n        metadata:\n            labels: {app: db}\n        spec:\n            containers:\n            - name: db\n              image: registry.example.com/db:1.0.0\n              |\n";
    const { items, text } = complete(marked);
    const after = accept(text, item(items, "securityContext"));
    assert.match(after, /\n {14}securityContext:\n {18}runAsNonRoot: true\n[\s\S]*\n {18}capabilities:\n {22}drop:\n {22}- ALL\n/);
    docs(after);
    const withResources = accept(text, item(items, "resources"));
    assert.deepEqual(of(lint(withResources), /^resources\//), []);
  });

  it("in an init container too, but not for fields it already has", () => {
    const { items } = complete(POD.replace("containers:", "initContainers:").replace("      |\n", "      securityContext: {}\n      |\n"));
    assert.deepEqual(items.map((i) => i.label), ["resources"]);
  });

  it("offer nothing outside containers", () => {
    assert.deepEqual(complete("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  |\n").items, []);
    assert.deepEqual(complete("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      |\n").items, []);
    assert.deepEqual(complete("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext:\n        |\n").items, []);
  });
});

describe("completions in NetworkPolicy selectors", () => {
  const policy = (selector: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow\n  namespace: shop\nspec:\n${selector}`;
  const others = {
    "file:///work/web.yaml": DEPLOYMENT,
    "file:///work/db.yaml": DEPLOYMENT.replace(/web/g, "db").replace("frontend, edge", "data").replace("tier: frontend", "tier: data"),
    "file:///work/elsewhere.yaml": DEPLOYMENT.replace(/shop/g, "elsewhere").replace(/web/g, "hidden"),
    "file:///work/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ingress-nginx\n  labels: {team: edge}\n",
  };

  it("offer the pod labels of the workloads in the policy's namespace", () => {
    const { items, text } = complete(policy("  podSelector:\n    matchLabels:\n      |\n"), others);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("app: web") && labels.includes("app: db") && labels.includes("tier: data"), JSON.stringify(labels));
    assert.ok(!labels.includes("app: hidden"), "not the workloads of other namespaces");
    assert.match(item(items, "app: web").detail ?? "", /Deployment web/);
    const [p] = docs(accept(text, item(items, "app: web")));
    assert.deepEqual(getIn(p, ["spec", "podSelector", "matchLabels"]), { app: "web" });
  });

  it("leave out keys the selector already has, also in a peer's podSelector", () => {
    const { items } = complete(policy("  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n              |\n"), others);
    assert.ok(items.length > 0);
    assert.ok(!items.some((i) => i.label.startsWith("app:")));
  });

  it("offer namespace names and labels in a namespaceSelector", () => {
    const { items } = complete(policy("  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              |\n"), others);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("kubernetes.io/metadata.name: ingress-nginx"));
    assert.ok(labels.includes("kubernetes.io/metadata.name: elsewhere"));
    assert.ok(labels.includes("team: edge"));
  });

  it("offer nothing in the selector of a Deployment", () => {
    const { items } = complete("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, namespace: shop}\nspec:\n  selector:\n    matchLabels:\n      |\n", others);
    assert.deepEqual(items, []);
  });
});

describe("every completion result", () => {
  let schema: SchemaService;
  let version = 0;
  before(() => {
    schema = createSchemaService({ schema: ensureKubernetesSchema() });
  });
  const schemaErrors = async (text: string) =>
    (await schema.validate(TextDocument.create(`file:///work/result${++version}.yaml`, "yaml", 1, text), { syntaxErrors: true })).map((d) => `${d.range.start.line + 1}: ${d.message}`);

  it("has no schema error", async () => {
    const policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector:\n    matchLabels:\n      |\n";
    const cases = [complete(`${DEPLOYMENT}---\n|`), complete(`${DEPLOYMENT}|`), complete(POD), complete(policy, { "file:///work/web.yaml": DEPLOYMENT }), complete(`${STATEFULSET}---\n|`), complete(`${INGRESS}---\n|`), complete(APPLICATION)];
    let checked = 0;
    for (const { items, text } of cases) {
      for (const it of items) {
        assert.deepEqual(await schemaErrors(accept(text, it)), [], it.label);
        checked++;
      }
    }
    assert.ok(checked >= 10, `${checked} results checked`);
    assert.equal((await schemaErrors(DEPLOYMENT.replace("replicas", "replica"))).length, 1, "the validation runs");
  });
});

describe("pathAt", () => {
  it("reads the keys above the cursor by indentation, both list styles", () => {
    const lines = ["spec:", "  template:", "    spec:", "      containers:", "      - name: a", "        image: b", "        ", "      volumes: []"];
    assert.deepEqual(pathAt(lines, 6, 8, 0), { keys: ["containers", "spec", "template", "spec"], item: true, siblings: new Set(["name", "image"]) });
    const nested = ["spec:", "  ingress:", "    - from:", "        - podSelector:", "            matchLabels:", "              a: b", "              "];
    assert.deepEqual(pathAt(nested, 6, 14, 0).keys, ["matchLabels", "podSelector", "from", "ingress", "spec"]);
  });
});
