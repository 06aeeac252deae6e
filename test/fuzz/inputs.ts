// Inputs shared by the fuzz suites: seed manifests, corpus samples, mutation arbitraries and the pathological cases.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";

/** Fixed seed: a failure reproduces exactly; FUZZ_SEED overrides it for exploration. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
/** Test-suite budget; `npm run bench` raises it. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;

export const CORPUS_DIR = resolve(process.env.KUBEREADY_CORPUS ?? join(__dirname, "..", "..", "..", "shared", "corpus"));

export const SEED_MANIFESTS: readonly string[] = [
  `# web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # keep this comment
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
          securityContext:
            privileged: true
            capabilities: {add: [NET_ADMIN]}
          ports:
            - containerPort: 8080
              hostPort: 80
      volumes:
        - name: h
          hostPath: {path: /var/run}
`,
  `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  securityContext: {runAsUser: 0}
  initContainers:
  - name: init
    image: busybox
  containers:
  - name: a
    image: nginx:latest
    securityContext: {allowPrivilegeEscalation: true, procMount: Unmasked, seccompProfile: {type: Unconfined}}
  - name: b
    image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb, namespace: shop}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: nothing}}
`,
  `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  annotations:
    kubeready.io/ignore: "pss/run-as-non-root"
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: r
              image: &img registry.example.com/report:1
              env:
                - name: PASSWORD
                  value: hunter2
              # kubeready-disable-next-line hardening/read-only-root-filesystem
              resources: {}
            - name: r2
              image: *img
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  replicas: 1
  thanos: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
  `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:16", resources: {requests: {cpu: 1, memory: 1Gi}}}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: db}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
  minReplicas: 1
  maxReplicas: 5
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData:
  password: "s3cr3t"
...
`,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
{{- if .Values.replicas }}
  replicas: {{ .Values.replicas }}
{{- end }}
`,
];

/** Corpus files up to 30 KB, every k-th by sorted path (deterministic), or [] when the corpus is absent. */
export function corpusSamples(max: number): { path: string; text: string }[] {
  if (!existsSync(CORPUS_DIR)) return [];
  const all: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(n) && statSync(p).size <= 30_000) all.push(p);
    }
  };
  walk(CORPUS_DIR);
  const step = Math.max(1, Math.floor(all.length / max));
  return all.filter((_, i) => i % step === 0).slice(0, max).map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

const ODD = [
  "\t", "\u0000", "\u200b", "\ufeff", "\u2028", "\u2029", "\ud800", "\udfff", "é", "🚀", "e\u0301", "\r", "\r\n", "\n", " ", ":", ": ",
  "- ", "#", "&a ", "*a", "!!binary ", "!custom ", "? ", "|", ">-", "{", "}", "[", "]", ",", "'", "\"", "%YAML 1.2\n", "---\n", "...\n",
  "<<: *a\n", "{{ .Values.x }}", "\\", "\u0085", "\u00a0", "\x7f", "~", "@", "`", "0x1F", "1e400", ".inf", "-.nan", "null",
];

const fragment = fc.oneof(
  fc.constantFrom(...ODD),
  fc.array(fc.constantFrom(...ODD), { minLength: 1, maxLength: 6 }).map((a) => a.join("")),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.string({ maxLength: 12 }),
);

export type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "delete"; at: number; len: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "duplicateLine"; at: number }
  | { kind: "tabs"; at: number }
  | { kind: "indent"; at: number; by: number }
  | { kind: "swapLines"; at: number; other: number };

/** A relative position in the text: uniform, unlike fc.double, which favours extreme values. */
const at = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_001);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at }),
  fc.record({ kind: fc.constant("delete" as const), at, len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at, text: fragment }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at }),
  fc.record({ kind: fc.constant("tabs" as const), at }),
  fc.record({ kind: fc.constant("indent" as const), at, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant("swapLines" as const), at, other: at }),
);

export function applyMutation(text: string, m: Mutation): string {
  const pos = Math.floor(m.at * text.length);
  const lines = text.split("\n");
  const ln = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
  switch (m.kind) {
    case "truncate": return text.slice(0, pos);
    case "delete": return text.slice(0, pos) + text.slice(pos + m.len);
    case "insert": return text.slice(0, pos) + m.text + text.slice(pos);
    case "duplicateLine": lines.splice(ln, 0, lines[ln]); return lines.join("\n"); // duplicate keys, mostly
    case "tabs": lines[ln] = lines[ln].replace(/^ +/, (s) => "\t".repeat(Math.max(1, s.length >> 1))); return lines.join("\n");
    case "indent": lines[ln] = m.by >= 0 ? " ".repeat(m.by) + lines[ln] : lines[ln].replace(new RegExp(`^ {0,${-m.by}}`), ""); return lines.join("\n");
    case "swapLines": {
      const o = Math.min(lines.length - 1, Math.floor(m.other * lines.length));
      [lines[ln], lines[o]] = [lines[o], lines[ln]];
      return lines.join("\n");
    }
  }
}

/** A seed document (by index into `pool`) and 1–4 mutations of it. */
export function mutatedDocument(pool: readonly string[]): fc.Arbitrary<{ seed: number; mutations: Mutation[]; text: string }> {
  return fc.record({ seed: fc.nat({ max: pool.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) })
    .map(({ seed, mutations }) => ({ seed, mutations, text: mutations.reduce(applyMutation, pool[seed]) }));
}

/** The pathological inputs the issue names, each small enough to build in milliseconds. */
export function pathologicalInputs(): { name: string; text: string }[] {
  const depth = 10_000;
  const bombLevels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    bombLevels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  const deployment = SEED_MANIFESTS[0];
  const tenMb = (() => {
    const parts: string[] = [];
    let n = 0;
    while (n < 10 * 2 ** 20) { parts.push(deployment); n += deployment.length + 4; }
    return parts.join("---\n");
  })();
  const bytes = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; bytes[i] = x & 0xff; }
  return [
    { name: "deep flow nesting (10k levels)", text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${"{a: ".repeat(depth)}1${"}".repeat(depth)}\n` },
    { name: "deep flow sequences (10k levels)", text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${"[".repeat(depth)}${"]".repeat(depth)}\n` },
    { name: "deep block sequences (10k levels)", text: `apiVersion: v1\nkind: List\nitems:\n${"- ".repeat(depth)}x\n` },
    { name: "deep block maps (2k levels, 1-space indent)", text: Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " v\n" },
    { name: "deep pod spec nesting in a Deployment", text: deployment.replace("      hostNetwork: true\n", `      hostNetwork: true\n      extra: ${"[".repeat(depth)}${"]".repeat(depth)}\n`) },
    { name: "alias bomb (billion laughs)", text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  ${bombLevels.join("\n  ")}\n` },
    { name: "alias bomb inside a pod spec", text: `apiVersion: v1\nkind: Pod\nmetadata: {name: lol}\nx:\n  ${bombLevels.join("\n  ")}\nspec:\n  containers: *j\n` },
    { name: "undefined and recursive aliases", text: `apiVersion: v1\nkind: Pod\nmetadata: &m {name: *m}\nspec: *nope\n` },
    { name: "10 MB file", text: tenMb },
    { name: "binary junk (latin1)", text: bytes.toString("latin1") },
    { name: "binary junk (utf8, NULs removed)", text: bytes.toString("utf8").replace(/\u0000/g, "") },
    { name: "only document markers", text: "---\n---\n...\n---\n" },
    { name: "BOM and CRLF", text: "\ufeff" + deployment.replace(/\n/g, "\r\n") },
    { name: "empty", text: "" },
    { name: "10k duplicate keys", text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\ndata:\n${"  k: v\n".repeat(10_000)}` },
    { name: "a 40k-character line", text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata: {k: "${"x".repeat(40_000)}"}\n` },
  ];
}
