// Bench step: rendering with the real tools — kustomize build of an overlay tree and helm template of a 20-template chart,
// cold (new cache, a process per render) and cached (same inputs), and the editor's time from save to rendered diagnostics.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { discoverRoots, RenderCache, renderOptionsFrom, renderRoots, type RenderRoot } from "../render/index.js";
import { findExecutable } from "../render/tools.js";
import { toolEnv } from "../render/testkit.js";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { startLspServer } from "../test/lsp/client.js";
import { emit, fmtSpread, now, spread, type Goal } from "./stats.js";

const SERVER = join(__dirname, "..", "dist", "server.js");
const ROUNDS = Number(process.env.BENCH_RENDER_ROUNDS ?? 5);
const lines: string[] = [];
const goals: Goal[] = [];
const env = toolEnv();

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0.0
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { memory: 64Mi }
`;

/** A base of 10 Deployments + Services, a component, and 4 overlays (namespace, images, patches, generators). */
function overlayTree(root: string): void {
  const names = Array.from({ length: 10 }, (_, i) => `svc${i}`);
  const files: Record<string, string> = {
    "base/kustomization.yaml": `resources:\n${names.map((n) => `  - ${n}.yaml`).join("\n")}\n`,
    "components/hardening/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: ro.yaml\n    target:\n      kind: Deployment\n",
    "components/hardening/ro.yaml": "- op: add\n  path: /spec/template/spec/securityContext\n  value:\n    runAsNonRoot: true\n",
  };
  for (const n of names) files[`base/${n}.yaml`] = `${deployment(n)}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}\nspec:\n  selector: { app: ${n} }\n  ports: [{ port: 80 }]\n`;
  for (const env of ["dev", "staging", "prod", "dr"]) {
    files[`overlays/${env}/kustomization.yaml`] = `namespace: ${env}\nresources:\n  - ../../base\ncomponents:\n  - ../../components/hardening\nimages:\n  - name: registry.example.com/svc0\n    newTag: "2.0.0"\nconfigMapGenerator:\n  - name: settings\n    literals: [ENV=${env}]\npatches:\n  - path: replicas.yaml\n`;
    files[`overlays/${env}/replicas.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc1\nspec:\n  replicas: ${env === "prod" ? 4 : 1}\n`;
  }
  write(root, files);
}

/** A chart with 20 templates (a Deployment and a Service each for 10 components) and helpers. */
function chart20(root: string): void {
  const files: Record<string, string> = {
    "chart/Chart.yaml": "apiVersion: v2\nname: big\nversion: 0.1.0\n",
    "chart/values.yaml": `image:\n  registry: registry.example.com\n  tag: "1.0.0"\nresources:\n  requests: { cpu: 100m, memory: 64Mi }\ncomponents:\n${Array.from({ length: 10 }, (_, i) => `  c${i}: { enabled: true, replicas: 2 }`).join("\n")}\n`,
    "chart/templates/_helpers.tpl": '{{- define "big.name" -}}{{ printf "%s-%s" .Release.Name .name | trunc 63 }}{{- end -}}\n',
  };
  for (let i = 0; i < 10; i++) {
    files[`chart/templates/c${i}-deployment.yaml`] = `{{- if .Values.components.c${i}.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "big.name" (dict "Release" .Release "name" "c${i}") }}
spec:
  replicas: {{ .Values.components.c${i}.replicas }}
  selector:
    matchLabels: { app: c${i} }
  template:
    metadata:
      labels: { app: c${i} }
    spec:
      containers:
        - name: c${i}
          image: "{{ .Values.image.registry }}/c${i}:{{ .Values.image.tag }}"
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
`;
    files[`chart/templates/c${i}-service.yaml`] = `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "big.name" (dict "Release" .Release "name" "c${i}") }}\nspec:\n  selector: { app: c${i} }\n  ports: [{ port: 80 }]\n`;
  }
  write(root, files);
}

async function timeRenders(label: string, root: string, roots: RenderRoot[]): Promise<void> {
  const options = renderOptionsFrom(DEFAULT_CONFIG, root);
  const ctx = { options, config: DEFAULT_CONFIG, display: (p: string) => relative(root, p) || ".", env };
  const cold: number[] = [], cached: number[] = [];
  let objects = 0, findings = 0, tool = "";
  for (let i = 0; i < ROUNDS; i++) {
    const cache = new RenderCache();
    let t = now();
    const run = await renderRoots(roots, { ...ctx, cache });
    cold.push(now() - t);
    t = now();
    await renderRoots(roots, { ...ctx, cache });
    cached.push(now() - t);
    objects = run.results.reduce((n, r) => n + r.objects, 0);
    findings = run.findings.length;
    tool = run.results.map((r) => `${r.tool?.name} ${r.tool?.version}`)[0] ?? "";
    if (run.results.some((r) => r.status !== "rendered")) lines.push(`${label}: ${run.results.map((r) => `${r.label} ${r.status}`).join(", ")}`);
  }
  lines.push(`${label} (${tool}, ${roots.length} root(s), ${objects} objects, ${findings} findings): cold ${fmtSpread(spread(cold))}; cached (input hash hit, judging included) ${fmtSpread(spread(cached))}`);
  goals.push({ name: `${label}: cached / cold`, target: "report", measured: `${spread(cached).p50.toFixed(1)} ms vs ${spread(cold).p50.toFixed(1)} ms`, ratio: spread(cached).p50 / spread(cold).p50, pass: null });
}

async function saveToDiagnostics(root: string): Promise<void> {
  const file = join(root, "base/svc3.yaml");
  const uri = pathToFileURL(file).toString();
  const client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(root).toString(), initializationOptions: { debounceMs: 0 }, cwd: root });
  try {
    const text = readFileSync(file, "utf8");
    const rendered = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => /\(in overlays\//.test(String(d.message)));
    const first = client.waitForDiagnostics(uri, rendered, 120_000);
    client.open(uri, text);
    await first;
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const edited = text.replace("replicas: 2", `replicas: ${3 + i}`);
      client.change(uri, 2 + 2 * i, [{ text: edited }]);
      await client.waitForDiagnostics(uri, (p) => p.version === 2 + 2 * i);
      writeFileSync(file, edited);
      const t = now();
      const back = client.waitForDiagnostics(uri, rendered, 120_000);
      client.connection.sendNotification("textDocument/didSave", { textDocument: { uri } });
      await back;
      times.push(now() - t);
      client.change(uri, 3 + 2 * i, [{ text }]);
      writeFileSync(file, text);
    }
    lines.push(`editor, save → rendered diagnostics (4 overlays, 300 ms quiet time after a save included): ${fmtSpread(spread(times))}`);
    goals.push({ name: "editor: save → rendered diagnostics, 4 overlays", target: "report", measured: `p50 ${spread(times).p50.toFixed(0)} ms`, ratio: 0, pass: null });
  } finally {
    await client.shutdown();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "kubeready-bench-render-"));
  process.env.PATH = env.PATH;
  try {
    if (findExecutable("kustomize", { env })) {
      overlayTree(join(work, "k"));
      await timeRenders("kustomize build, 4 overlays of a 20-object base", join(work, "k"), await discoverRoots([join(work, "k/overlays/dev"), join(work, "k/overlays/staging"), join(work, "k/overlays/prod"), join(work, "k/overlays/dr")]));
      await saveToDiagnostics(join(work, "k"));
    } else lines.push("kustomize not installed (node scripts/tools.mjs install kustomize): skipped");
    if (findExecutable("helm", { env })) {
      chart20(join(work, "h"));
      await timeRenders("helm template, 20-template chart", join(work, "h"), await discoverRoots([join(work, "h/chart")]));
    } else lines.push("helm not installed (node scripts/tools.mjs install helm): skipped");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  emit({ step: "render", goals, lines });
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
