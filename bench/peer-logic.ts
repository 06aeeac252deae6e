// What the peer bench decides from the peers' own output: which files a linter accepts, and how many objects and checks it judged.

/**
 * The files a tool accepts, when one rejected file makes it refuse the whole run (kube-score stops at the first
 * document it cannot decode). Halves the list until each rejected file stands alone: about 2·log2(n) runs per
 * rejected file instead of one run per file. `accepts` runs the tool on a list and says whether it judged it.
 */
export async function acceptedSubset(files: readonly string[], accepts: (files: readonly string[]) => Promise<boolean>): Promise<{ accepted: string[]; rejected: string[]; runs: number }> {
  const accepted: string[] = [];
  const rejected: string[] = [];
  let runs = 0;
  const visit = async (part: readonly string[]): Promise<void> => {
    if (part.length === 0) return;
    runs++;
    if (await accepts(part)) { accepted.push(...part); return; }
    if (part.length === 1) { rejected.push(part[0]); return; }
    const mid = Math.ceil(part.length / 2);
    await visit(part.slice(0, mid));
    await visit(part.slice(mid));
  };
  await visit(files);
  const order = new Map(files.map((f, i) => [f, i]));
  const byInput = (a: string, b: string) => order.get(a)! - order.get(b)!;
  return { accepted: accepted.sort(byInput), rejected: rejected.sort(byInput), runs };
}

/** Objects a peer judged and the check results it reported (one per check and object, or per container for container checks). */
export interface Judged { objects: number; checks: number; skipped: number; distinctChecks: number }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** kube-score `--output-format json`: an array of scored objects, each with its checks (`skipped` when not applicable). */
export function judgedByKubeScore(json: string): Judged {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error("kube-score JSON: expected an array of scored objects");
  const ids = new Set<string>();
  let checks = 0, skipped = 0;
  for (const o of parsed) {
    for (const c of (isObj(o) && Array.isArray(o.checks) ? o.checks : []) as Obj[]) {
      if (c.skipped === true) { skipped++; continue; }
      checks++;
      const id = isObj(c.check) ? c.check.id : undefined;
      if (typeof id === "string") ids.add(id);
    }
  }
  return { objects: parsed.length, checks, skipped, distinctChecks: ids.size };
}

/** Polaris `audit --format json`: Results[] per object, with object-level, pod-level and per-container result maps. */
export function judgedByPolaris(json: string): Judged {
  const parsed: unknown = JSON.parse(json);
  if (!isObj(parsed) || !Array.isArray(parsed.Results)) throw new Error("Polaris JSON: expected an object with Results");
  const ids = new Set<string>();
  let checks = 0;
  const count = (results: unknown) => { if (isObj(results)) for (const id of Object.keys(results)) { checks++; ids.add(id); } };
  for (const r of parsed.Results as unknown[]) {
    if (!isObj(r)) continue;
    count(r.Results);
    const pod = r.PodResult;
    if (isObj(pod)) {
      count(pod.Results);
      for (const c of Array.isArray(pod.ContainerResults) ? pod.ContainerResults : []) if (isObj(c)) count(c.Results);
    }
  }
  return { objects: parsed.Results.length, checks, skipped: 0, distinctChecks: ids.size };
}

/**
 * kube-linter `lint --format json`: it reports failures only (Reports[]), so the objects judged are not in its output;
 * `objects` is the number of distinct objects with a report and `checks` the number of reports.
 */
export function judgedByKubeLinter(json: string): Judged {
  const parsed: unknown = JSON.parse(json);
  if (!isObj(parsed)) throw new Error("kube-linter JSON: expected an object");
  const reports = Array.isArray(parsed.Reports) ? (parsed.Reports as unknown[]) : [];
  const objects = new Set<string>();
  const ids = new Set<string>();
  for (const r of reports) {
    if (!isObj(r)) continue;
    if (typeof r.Check === "string") ids.add(r.Check);
    const k8s = isObj(r.Object) && isObj(r.Object.K8sObject) ? r.Object.K8sObject : undefined;
    const meta = isObj(r.Object) && isObj(r.Object.Metadata) ? r.Object.Metadata : undefined;
    objects.add(JSON.stringify([meta?.FilePath, k8s?.Namespace, k8s?.Name, isObj(k8s?.GroupVersionKind) ? k8s.GroupVersionKind.Kind : undefined]));
  }
  return { objects: objects.size, checks: reports.length, skipped: 0, distinctChecks: ids.size };
}

/** kubeconform `-summary`: "Summary: N resources found in M files - Valid: v, Invalid: i, Errors: e, Skipped: s"; validated = valid + invalid. */
export function judgedByKubeconform(text: string): Judged {
  const m = /Summary: (\d+) resources? found in (\d+) files? - Valid: (\d+), Invalid: (\d+), Errors: (\d+), Skipped: (\d+)/.exec(text);
  if (!m) throw new Error("kubeconform: no summary line");
  const [valid, invalid, , skipped] = m.slice(3).map(Number);
  return { objects: valid + invalid, checks: valid + invalid, skipped, distinctChecks: 1 };
}

/** Growth of a per-unit cost from the smallest to the largest size: 1.0 is linear, above it super-linear. */
export function perUnitGrowth(points: readonly { units: number; cost: number }[]): number {
  if (points.length < 2) return NaN;
  const first = points[0], last = points[points.length - 1];
  return (last.cost / last.units) / (first.cost / first.units);
}
