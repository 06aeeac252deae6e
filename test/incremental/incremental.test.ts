// Incremental analysis gives exactly what a cold analysis gives: random edit sequences over a small workspace whose
// objects refer to each other (Namespace levels, PDBs, HPAs, NetworkPolicies, Services, Prometheus + Thanos,
// kustomizations), checked after every edit against analyzeFiles on the same texts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyzeFiles, checkFile, crossObjectStats, parseFile, type Finding, type ParsedFile } from "../../rules/engine.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";

const SEED = 20261126;
const RUNS = Number(process.env.INCREMENTAL_RUNS ?? 150);

const deployment = (name: string, ns: string, extra = "", replicas = 2, labels = `app: ${name}`) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}${extra}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: main
          image: example.com/${name}:1.0
          resources:
            requests: {cpu: 100m, memory: 64Mi}
`;

/** Documents an edit can put anywhere; together they make most cross-object rules fire and clear. */
const POOL: string[] = [
  deployment("web", "shop"),
  deployment("web", "shop", "", 3),
  deployment("web", "shop", "\n  annotations: {kubeready.io/ignore: availability/missing-pdb}"),
  deployment("api", "shop", "", 1, "app: api, tier: backend"),
  deployment("api", "shop", "", 4, "app: api, tier: backend"),
  deployment("db", "data"),
  deployment("web", "data"),
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n`,
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.25\n`,
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n`,
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n`,
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: all\n  namespace: shop\nspec:\n  minAvailable: 3\n  selector: {}\n`,
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: nothing\n  namespace: data\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: ghost}\n`,
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 5\n  metrics:\n    - type: Resource\n      resource: {name: memory, target: {type: Utilization, averageUtilization: 80}}\n`,
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: gone\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: gone}\n  minReplicas: 2\n  maxReplicas: 5\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: api}\n`,
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n`,
  `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\n  namespace: monitoring\nspec:\n  replicas: 1\n  thanos:\n    objectStorageConfig: {name: thanos, key: objstore.yml}\n`,
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  team: a\nresources: [a.yaml]\n`,
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 5\n`,
  `# only a comment\n`,
  `apiVersion: v1\nkind: List\nitems:\n  - ${deployment("listed", "shop").split("\n").join("\n    ").trimEnd()}\n`,
  `key: [unclosed\n`,
  // A second default deny for egress: which of the two comes first decides where default-deny-blocks-dns reports.
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-egress\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`,
];

const FILES = ["file:///ws/a.yaml", "file:///ws/b.yaml", "file:///ws/kustomization.yaml"];

type Edit =
  | { op: "replace"; file: number; doc: number; with: number }
  | { op: "insert"; file: number; doc: number; with: number }
  | { op: "delete"; file: number; doc: number }
  | { op: "comment"; file: number; doc: number }
  | { op: "type"; file: number; doc: number; text: string }
  | { op: "move"; file: number; doc: number; to: number }
  | { op: "options"; file: number; namespace: boolean; partial: boolean };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("replace" as const), file: fc.nat(2), doc: fc.nat(6), with: fc.nat(POOL.length - 1) }),
  fc.record({ op: fc.constant("insert" as const), file: fc.nat(2), doc: fc.nat(6), with: fc.nat(POOL.length - 1) }),
  fc.record({ op: fc.constant("delete" as const), file: fc.nat(2), doc: fc.nat(6) }),
  fc.record({ op: fc.constant("comment" as const), file: fc.nat(2), doc: fc.nat(6) }),
  fc.record({ op: fc.constant("type" as const), file: fc.nat(2), doc: fc.nat(6), text: fc.constantFrom(" # x", "x", "\n", "  ", ":") }),
  // A whole document moved in one edit (Move Line Up over a selection, a paste): same objects, new order.
  fc.record({ op: fc.constant("move" as const), file: fc.nat(2), doc: fc.nat(6), to: fc.nat(6) }),
  // A kustomization beside the file sets its namespace or lists it as a patch: same text, other objects.
  fc.record({ op: fc.constant("options" as const), file: fc.nat(2), namespace: fc.boolean(), partial: fc.boolean() }),
);

interface Options { defaultNamespace?: string; partial?: boolean }

function apply(docs: string[][], options: Options[], e: Edit): void {
  if (e.op === "options") { options[e.file] = { defaultNamespace: e.namespace ? "data" : undefined, partial: e.partial }; return; }
  const file = docs[e.file];
  const i = file.length === 0 ? 0 : e.doc % (file.length + (e.op === "insert" ? 1 : 0));
  switch (e.op) {
    case "replace": if (file.length) file[i] = POOL[e.with]; else file.push(POOL[e.with]); break;
    case "insert": file.splice(i, 0, POOL[e.with]); break;
    case "delete": if (file.length) file.splice(i, 1); break;
    // A comment line above a document shifts every later line without changing any object.
    case "comment": if (file.length) file[i] = `# note\n${file[i]}`; break;
    case "move": if (file.length > 1) { const [d] = file.splice(i, 1); file.splice(e.to % (file.length + 1), 0, d); } break;
    case "type": if (file.length) { const d = file[i]; const at = d.indexOf("\n", Math.floor(d.length / 2)); file[i] = at < 0 ? d + e.text : d.slice(0, at) + e.text + d.slice(at); } break;
  }
}

const textOf = (docs: string[]) => docs.map((d) => (d.endsWith("\n") ? d : `${d}\n`)).join("---\n");
const view = (f: Finding) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.rule} ${f.severity} ${f.key} ${f.fixable} ${f.message}`
  + (f.rules ? ` rules=${f.rules.join(",")}` : "")
  + (f.related ? ` related=${f.related.map((r) => `${r.uri}:${r.range.start.line}:${r.range.start.character} ${r.message}`).join("|")}` : "");

describe("incremental analysis", () => {
  it(`equals a cold analysis after every edit (${RUNS} random edit sequences, seed ${SEED})`, () => {
    let checks = 0, reused = 0, ran = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
        const docs: string[][] = [[POOL[0], POOL[10], POOL[7]], [POOL[3], POOL[13], POOL[15], POOL[POOL.length - 1]], [POOL[19]]];
        const options: Options[] = FILES.map(() => ({}));
        const index = new WorkspaceIndex();
        const parsed = new Map<string, ParsedFile>();
        const sync = (k: number) => {
          const uri = FILES[k];
          const p = parseFile(uri, textOf(docs[k]), options[k], parsed.get(uri));
          parsed.set(uri, p);
          index.setFile(uri, p.objects);
        };
        for (let k = 0; k < FILES.length; k++) sync(k);
        for (const p of parsed.values()) checkFile(p, index); // warm every cache
        crossObjectStats.reset();
        for (const e of edits) {
          apply(docs, options, e);
          sync(e.file);
          const cold = analyzeFiles(FILES.map((uri, k) => ({ uri, text: textOf(docs[k]), ...options[k] })));
          for (let k = 0; k < FILES.length; k++) {
            const warm = checkFile(parsed.get(FILES[k])!, index).map(view);
            const expected = cold.findings.filter((f) => f.uri === FILES[k]).map(view);
            assert.deepEqual(warm, expected, `file ${FILES[k]} after ${JSON.stringify(e)}\n${textOf(docs[k])}`);
            checks++;
          }
        }
        reused += crossObjectStats.reused;
        ran += crossObjectStats.ran;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`incremental: ${checks} file checks equal to cold analyses; cross-object rule results re-used ${reused}, re-run ${ran}`);
    assert.ok(reused > 0, "the cache should serve cross-object results");
  });
});
