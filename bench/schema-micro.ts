// Bench step: the cost of one schema validation, hover and completion, whole schema and file vs one kind and document.
// Run: node --import tsx bench/schema-micro.ts [iterations]   (one process, so the ratios compare like with like)
import { join } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import { parseFile } from "../rules/engine.js";
import { SchemaLayer } from "../server/lsp/schema.js";
import { loadKubernetesSchema } from "../server/schema/loadKubernetesSchema.js";
import { createSchemaService, type ObjectKind, type SchemaService } from "../server/schema/schemaService.js";
import { fmtRatio, median, now } from "./stats.js";
import { generateManifest, middleReplicasLine } from "./yls/manifest.js";

const N = Number(process.argv[2] ?? 400);
const ROOT = join(__dirname, "..");

/** A typical hand-written Deployment (~70 lines): probes, resources, volumes, affinity, tolerations. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
  labels: {app.kubernetes.io/name: checkout, app.kubernetes.io/part-of: shop}
  annotations:
    deployment.kubernetes.io/revision: "3"
spec:
  replicas: 3
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels: {app.kubernetes.io/name: checkout}
  template:
    metadata:
      labels: {app.kubernetes.io/name: checkout, app.kubernetes.io/part-of: shop}
    spec:
      serviceAccountName: checkout
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels: {app.kubernetes.io/name: checkout}
      tolerations:
        - {key: dedicated, operator: Equal, value: shop, effect: NoSchedule}
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:2.4.1
          imagePullPolicy: IfNotPresent
          args: ["--port=8080", "--log-format=json"]
          ports:
            - {name: http, containerPort: 8080, protocol: TCP}
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: checkout-db, key: password}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: "1", memory: 512Mi}
          readinessProbe:
            httpGet: {path: /ready, port: http}
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            initialDelaySeconds: 10
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: tmp
          emptyDir: {sizeLimit: 64Mi}
`;
const KIND: ObjectKind = { apiVersion: "apps/v1", kind: "Deployment" };

let version = 0;
/** A new version of the text each call, as a keystroke makes it: no parse is reused. */
const edited = (i: number) => TextDocument.create("file:///bench/deployment.yaml#kubeready-document", "yaml", ++version, DEPLOYMENT.replace("replicas: 3", `replicas: ${i % 9}`));

async function perCall(label: string, n: number, call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await call(i); // warm up (the first call resolves the schema)
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    await call(i);
    xs.push(now() - t0);
  }
  const m = median(xs);
  console.log(`${label.padEnd(64)} ${m.toFixed(3)} ms/call (n ${n})`);
  return m;
}

async function firstCall(label: string, call: () => Promise<unknown>): Promise<void> {
  const t0 = now();
  await call();
  console.log(`${label.padEnd(64)} ${(now() - t0).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const schema = loadKubernetesSchema(ROOT);
  console.log(`schema-micro: one ${DEPLOYMENT.split("\n").length - 1}-line Deployment, median of ${N} calls after warm-up`);
  const service: SchemaService = createSchemaService({ schema });
  await firstCall("first validation, whole schema (resolves ~1000 definitions)", () => service.validate(edited(0)));
  await firstCall("first validation, Deployment's part (narrows and resolves it)", () => service.validate(edited(0), { kind: KIND }));
  const whole = await perCall("validate, whole schema (before)", N, (i) => service.validate(edited(i)));
  const narrowed = await perCall("validate, its kind's part of the schema (after)", N, (i) => service.validate(edited(i), { kind: KIND }));
  const unknownKind = { apiVersion: "example.com/v1", kind: "Widget" };
  const widget = (i: number) => TextDocument.create("file:///bench/widget.yaml#kubeready-document", "yaml", ++version, `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: ${i}}\n`);
  const unknownWhole = await perCall("validate an unknown kind, whole schema (before)", N, (i) => service.validate(widget(i)));
  const unknownKindless = await perCall("validate an unknown kind, no kind branch (after)", N, (i) => service.validate(widget(i), { kind: unknownKind }));
  console.log(`per-document validation: ${fmtRatio(whole / narrowed)} faster; unknown kinds ${fmtRatio(unknownWhole / unknownKindless)} faster`);

  // Hover and completion in the middle of a 5,000-line file: whole text (before) vs the document under the cursor (after).
  const text = generateManifest(5000);
  const doc = TextDocument.create("file:///bench/big.yaml", "yaml", 1, text);
  const parsed = parseFile(doc.uri, text);
  const line = middleReplicasLine(text);
  const layer = new SchemaLayer(ROOT, (m) => console.error(m));
  const onKey = { line, character: 3 };
  const afterKey = { line: line + 1, character: 2 }; // start of the `selector:` key: field names of the spec
  const hoverWhole = await perCall("hover at line ~2,500 of 5,000, whole file (before)", Math.ceil(N / 20), () => layer.hover(doc, onKey));
  const hoverDoc = await perCall("hover at line ~2,500 of 5,000, its document and kind (after)", N, () => layer.hover(doc, onKey, parsed));
  const completeWhole = await perCall("completion at line ~2,500 of 5,000, whole file (before)", Math.ceil(N / 20), () => layer.complete(doc, afterKey));
  const completeDoc = await perCall("completion at line ~2,500 of 5,000, its document and kind (after)", N, () => layer.complete(doc, afterKey, parsed));
  console.log(`same text: hover ${fmtRatio(hoverWhole / hoverDoc)} faster, completion ${fmtRatio(completeWhole / completeDoc)} faster`);

  // The first hover after a keystroke: yaml-language-server has no parse of the new text yet.
  const editedFile = (i: number) => {
    const t = text.replace(/^ {2}replicas: 2$/m, `  replicas: ${(i % 9) + 3}`);
    return { doc: TextDocument.create(doc.uri, "yaml", 2 + i, t), parsed: parseFile(doc.uri, t) };
  };
  const files = Array.from({ length: Math.ceil(N / 4) }, (_, i) => editedFile(i));
  const at = (i: number) => files[i % files.length];
  const freshWhole = await perCall("hover after an edit, whole file (before)", Math.ceil(N / 40), (i) => layer.hover(at(i).doc, onKey));
  const freshDoc = await perCall("hover after an edit, its document and kind (after)", files.length, (i) => layer.hover(at(i).doc, onKey, at(i).parsed));
  console.log(`after an edit: hover ${fmtRatio(freshWhole / freshDoc)} faster`);
}

void main();
