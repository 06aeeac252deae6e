// Completions through the bundled language server over stdio: the PDB under a Deployment, container blocks, selector labels; every result lints clean.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { CompletionItem, CompletionList, TextEdit } from "vscode-languageserver-protocol";
import { parseAllDocuments } from "yaml";
import { analyzeFiles } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { getIn } from "../../rules/model/object.js";
import { expandSnippet } from "../snippet-expand.js";
import { startLspServer, type LspClient } from "./client.js";

const SERVER = join(import.meta.dirname, "..", "..", "dist", "server.js");

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: web
    matchExpressions:
      - {key: tier, operator: In, values: [frontend]}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
        tier: frontend
    spec:
      automountServiceAccountToken: false
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app.kubernetes.io/name: web}}}
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: {path: /readyz, port: 8080}
          livenessProbe:
            httpGet: {path: /livez, port: 8080}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}
`;

/** Which rule families must stay silent about what each completion inserts. */
function relevantRules(label: string): RegExp {
  if (label.startsWith("kr-pdb")) return /^availability\//;
  if (label.startsWith("kr-hpa") || label.startsWith("kr-keda")) return /^autoscaling\/|^availability\/pdb-min-available-exceeds-hpa$/;
  if (label.startsWith("kr-chaos")) return /^operations\/chaos-experiment-missing$/;
  if (label.startsWith("kr-netpol-allow")) return /^network\/(workload-not-allowed|policy-selects-nothing|peer-selects-nothing)$/;
  if (label.startsWith("kr-netpol-default-deny")) return /^network\/(missing-default-deny|default-deny-blocks-dns)$/;
  if (label === "securityContext") return /^(pss|hardening)\//;
  if (label === "resources") return /^resources\//;
  return /^network\/(policy-selects-nothing|peer-selects-nothing)$/; // labels in a NetworkPolicy selector
}

function accept(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const newText = item.insertTextFormat === 2 ? expandSnippet(edit.newText) : edit.newText;
  return applyTextEdits(text, [{ range: edit.range, newText }, ...(item.additionalTextEdits ?? [])]);
}

function positionOf(text: string, offset: number) {
  const lines = text.slice(0, offset).split("\n");
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe("completions through the language server", { skip: !existsSync(SERVER) && "dist/server.js missing: run npm run build" }, () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kubeready-completion-"));
    client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(dir).toString(), initializationOptions: { debounceMs: 0 } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `marked` (cursor at `|`) and asks for completions there. */
  async function completeAt(name: string, marked: string): Promise<{ text: string; items: CompletionItem[]; uri: string }> {
    const offset = marked.indexOf("|");
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const uri = uriOf(name);
    const published = client.waitForDiagnostics(uri);
    client.open(uri, text);
    await published;
    const result = (await client.connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: positionOf(text, offset) })) as CompletionItem[] | CompletionList | null;
    // Only kubeready's own items: field names and enum values from the embedded schema come after them.
    const items = (Array.isArray(result) ? result : result?.items ?? []).filter((i) => (i.data as { source?: string } | undefined)?.source === "kubeready");
    return { text, items, uri };
  }

  /** Every item, accepted with its defaults, is valid YAML and leaves nothing for the rules that concern it. */
  function assertAllClean(text: string, items: CompletionItem[], others: { uri: string; text: string }[] = []): void {
    assert.ok(items.length > 0);
    for (const item of items) {
      const result = accept(text, item);
      for (const doc of parseAllDocuments(result)) assert.deepEqual(doc.errors.map((e) => e.message), [], `${item.label}: valid YAML`);
      const relevant = relevantRules(item.label);
      const findings = analyzeFiles([{ uri: "file:///result.yaml", text: result }, ...others]).findings
        .filter((f) => f.uri === "file:///result.yaml" && (relevant.test(f.rule) || f.rule.startsWith("yaml/")));
      assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), [], `${item.label} leaves findings`);
    }
  }

  it("the PDB completion under a Deployment carries its exact selector and namespace", async () => {
    const { text, items } = await completeAt("web.yaml", `${DEPLOYMENT}---\n|`);
    const pdbItem = items.find((i) => i.label === "kr-pdb web");
    assert.ok(pdbItem, `no kr-pdb web among ${JSON.stringify(items.map((i) => i.label))}`);
    assert.equal(pdbItem.insertTextFormat, 2, "snippet");
    assert.ok(pdbItem.detail && (pdbItem.documentation as { kind: string }).kind === "markdown");
    const result = accept(text, pdbItem);
    const [deployment, pdb] = parseAllDocuments(result).map((d) => d.toJS() as unknown);
    assert.equal(getIn(pdb, ["kind"]), "PodDisruptionBudget");
    assert.deepEqual(getIn(pdb, ["spec", "selector"]), getIn(deployment, ["spec", "selector"]));
    assert.deepEqual(getIn(pdb, ["spec", "selector"]), { matchLabels: { "app.kubernetes.io/name": "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["frontend"] }] });
    assert.equal(getIn(pdb, ["metadata", "namespace"]), "shop");
    const before = analyzeFiles([{ uri: "file:///before.yaml", text }]).findings.filter((f) => f.rule.startsWith("availability/"));
    assert.ok(before.length > 0, "the Deployment alone lacks a budget");
    assertAllClean(text, [pdbItem]);
  });

  it("every top-level completion result lints clean for its rules", async () => {
    const { text, items } = await completeAt("web2.yaml", `${DEPLOYMENT.replace(/web/g, "api")}|`);
    assert.deepEqual(items.map((i) => i.label), ["kr-pdb api", "kr-netpol-allow api", "kr-netpol-default-deny shop", "kr-hpa api", "kr-keda-scaledobject api", "kr-chaos-pod-kill api"]);
    assertAllClean(text, items.filter((i) => !i.label.startsWith("kr-netpol")));
    // The two kinds of policy belong together: a default-deny and the allow rule for the workload.
    const allow = accept(text, items.find((i) => i.label.startsWith("kr-netpol-allow"))!);
    const both = applyTextEdits(allow, [{ range: { start: positionOf(allow, allow.length), end: positionOf(allow, allow.length) }, newText: expandSnippet((items.find((i) => i.label.startsWith("kr-netpol-default-deny"))!.textEdit as TextEdit).newText) }]);
    const network = analyzeFiles([{ uri: "file:///both.yaml", text: both }]).findings.filter((f) => /^(network|yaml)\//.test(f.rule));
    assert.deepEqual(network.map((f) => `${f.rule}: ${f.message}`), []);
  });

  it("inside a container, securityContext and resources insert the hardened and Guaranteed blocks", async () => {
    const { text, items } = await completeAt("pod.yaml", `${DEPLOYMENT.replace(/web/g, "box").replace("  replicas: 3\n", "").replace(/ {10}resources:\n( {12}.*\n)+/, "")}          |\n`);
    assert.deepEqual(items.map((i) => i.label).sort(), ["resources", "securityContext"]);
    assertAllClean(text, items);
  });

  it("inside a NetworkPolicy selector, the labels of the namespace's workloads (from other files too)", async () => {
    const policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-web\n  namespace: shop\nspec:\n  policyTypes: [Ingress]\n  podSelector:\n    matchLabels:\n      |\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ingress-nginx\n";
    const { text, items } = await completeAt("policy.yaml", policy);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes("app.kubernetes.io/name: web") && labels.includes("tier: frontend"), JSON.stringify(labels));
    assertAllClean(text, items.filter((i) => i.label === "app.kubernetes.io/name: web"), [{ uri: "file:///web.yaml", text: DEPLOYMENT }]);
  });
});
