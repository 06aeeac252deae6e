// The Pod Security level the cluster enforces by default, read from the repository when it holds the cluster's own
// configuration outside the linted manifests: a Talos machine configuration (Talos configures the PodSecurity admission
// plugin with `defaults.enforce: baseline` unless `cluster.apiServer.admissionControl` says otherwise) or an
// AdmissionConfiguration file for the API server. hardening/namespace-pss-enforce judges unlabelled namespaces by it.
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { mergeConfig, type KubereadyConfig } from "../../rules/config.js";
import { discoverRoots } from "../../render/roots.js";

const RULE = "hardening/namespace-pss-enforce";
const LEVELS = ["privileged", "baseline", "restricted"];
/** A bounded walk: the cluster's configuration sits near the top of a repository. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 4000;
const MAX_BYTES = 256 * 1024;
// Test data and examples are not the cluster (a fixture AdmissionConfiguration says nothing about where this deploys).
const SKIP_DIRS = new Set(["node_modules", ".git", "vendor", "dist", "build", ".terraform", "website", "docs", "fixtures", "testdata", "test", "tests", "e2e", "examples", "hack"]);
const README_FILES = ["README.md", "readme.md", "Readme.md", "README"];
const CANDIDATE = /\.(ya?ml)(\.tftpl|\.tmpl|\.tpl|\.j2)?$/i;

export interface FoundDefault { level: string; file: string; how: string; /** Talos named without its configuration (weaker than a configuration file). */ evidence?: boolean }

/** The default level a Talos machine configuration or an AdmissionConfiguration text sets, if it is one. */
export function defaultFromText(text: string): { level: string; how: string } | undefined {
  const podSecurity = (t: string) => {
    const i = t.search(/name:\s*["']?PodSecurity["']?\s*$/m);
    if (i < 0) return undefined;
    return enforceDefault(t.slice(i));
  };
  if (/^kind:\s*["']?AdmissionConfiguration["']?\s*$/m.test(text)) {
    const level = podSecurity(text);
    return level ? { level, how: "AdmissionConfiguration" } : undefined;
  }
  // The PodSecurity plugin's own file, which an AdmissionConfiguration names by `path:` (kube-apiserver, k3s, RKE2).
  if (/^kind:\s*["']?PodSecurityConfiguration["']?\s*$/m.test(text) && /^apiVersion:\s*["']?pod-security\.admission\.config\.k8s\.io\//m.test(text)) {
    const level = enforceDefault(text);
    return level ? { level, how: "PodSecurityConfiguration" } : undefined;
  }
  // A Talos machine configuration (talosctl output or a template of one): top-level machine: and cluster:.
  if (/^machine:\s*$/m.test(text) && /^cluster:\s*$/m.test(text)) {
    const admission = /^\s+admissionControl:\s*$/m.exec(text);
    const level = admission ? podSecurity(text.slice(admission.index)) : undefined;
    return { level: level ?? "baseline", how: level ? "Talos machine configuration (admissionControl)" : TALOS_DEFAULT };
  }
  // A Talos configuration patch (talosctl --config-patch, an Omni or talhelper patch): cluster.apiServer.admissionControl alone.
  if (/^cluster:\s*$/m.test(text) && /^\s+apiServer:\s*$/m.test(text)) {
    const admission = /^\s+admissionControl:\s*$/m.exec(text);
    const level = admission ? podSecurity(text.slice(admission.index)) : undefined;
    return level ? { level, how: "Talos configuration patch (admissionControl)" } : undefined;
  }
  // talhelper's talconfig.yaml and Omni cluster templates build Talos clusters: Talos' default unless a patch above says otherwise.
  if (/^talosVersion:\s*\S/m.test(text) && /^nodes:\s*$/m.test(text)) {
    const admission = /^\s+admissionControl:\s*$/m.exec(text);
    const level = admission ? podSecurity(text.slice(admission.index)) : undefined;
    return { level: level ?? "baseline", how: level ? "talhelper configuration (admissionControl)" : "talhelper configuration (Talos' default PodSecurity admission, enforce: baseline)" };
  }
  if (/^kind:\s*["']?Cluster["']?\s*$/m.test(text) && /^talos:\s*$/m.test(text) && /^kubernetes:\s*$/m.test(text)) {
    const admission = /^\s+admissionControl:\s*$/m.exec(text);
    const level = admission ? podSecurity(text.slice(admission.index)) : undefined;
    return { level: level ?? "baseline", how: level ? "Omni cluster template (admissionControl)" : "Omni cluster template (Talos' default PodSecurity admission, enforce: baseline)" };
  }
  return undefined;
}

const TALOS_DEFAULT = "Talos machine configuration (Talos' default PodSecurity admission, enforce: baseline)";

/** `defaults.enforce` of a PodSecurityConfiguration text. */
function enforceDefault(t: string): string | undefined {
  const m = /^\s*defaults:\s*$[\s\S]*?^\s*enforce:\s*["']?([a-z]+)["']?\s*$/m.exec(t);
  return m && LEVELS.includes(m[1]) ? m[1] : undefined;
}

/**
 * Talos named by the repository without its machine configuration: Sidero Omni's service-exposer annotations (only
 * Omni-managed Talos clusters run that exposer) in a manifest. Talos' default applies unless the configuration, kept
 * elsewhere, changed it: said once for the run, with the setting that overrides it.
 */
export function talosEvidenceIn(text: string): string | undefined {
  return /^\s*omni-kube-service-exposer\.sidero\.dev\/[a-z-]+:/m.test(text) ? "Sidero Omni service-exposer annotations" : undefined;
}

/** A README that says the cluster runs on Talos ("I use Talos Linux to set up my machines", "runs on Talos"). */
export function talosInReadme(text: string): string | undefined {
  const plain = text.slice(0, 20_000).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "");
  const m = /\b(?:I|we)(?:'m| am| are)?\s+(?:use|using|run|running|chose|switched to)\s+Talos\b|\b(?:runs|running|built|deployed) (?:on|with) Talos\b/i.exec(plain);
  return m ? m[0] : undefined;
}

function gitRoot(cwd: string): string {
  for (let d = cwd, i = 0; i < 6; i++) {
    if (existsSync(join(d, ".git"))) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return cwd;
}

/**
 * The walk runs on every `kubeready lint`, a one-file pre-commit run included, so it is cheap: synchronous calls (a
 * quarter of the CPU of fs.promises for hundreds of small reads, and nothing else runs meanwhile), a byte search that
 * leaves unread the text of files that cannot be a cluster configuration, and no ICU collator (its first use costs
 * ~14 ms). The first traversal takes entries as the folder lists them; folder listings and file verdicts are read once,
 * and the traversal is replayed over them in localeCompare order (the order this walk has always used) only when the
 * order can change the answer: the entry bound was reached, or several files agree and the first one is named.
 */
export async function findClusterDefault(cwd: string): Promise<FoundDefault | undefined> {
  const listings = new Map<string, Dirent[] | undefined>();
  const verdicts = new Map<string, Verdict | undefined>();
  const list = (dir: string) => {
    if (!listings.has(dir)) {
      let entries: Dirent[] | undefined;
      try { entries = readdirSync(dir, { withFileTypes: true }); } catch { entries = undefined; }
      listings.set(dir, entries);
    }
    return listings.get(dir);
  };
  const verdict = (p: string) => {
    if (!verdicts.has(p)) verdicts.set(p, readVerdict(p));
    return verdicts.get(p);
  };
  const root = gitRoot(cwd);
  const walk = (compare?: (a: string, b: string) => number) => {
    let entries = 0;
    const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
    const found: FoundDefault[] = [];
    while (queue.length && entries < MAX_ENTRIES) {
      const { dir, depth } = queue.shift()!;
      const listed = list(dir);
      if (!listed) continue;
      for (const e of compare ? [...listed].sort((a, b) => compare(a.name, b.name)) : listed) {
        if (++entries > MAX_ENTRIES) break;
        if (e.isDirectory()) { if (depth < MAX_DEPTH && !SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) queue.push({ dir: join(dir, e.name), depth: depth + 1 }); continue; }
        if (!e.isFile() || !CANDIDATE.test(e.name)) continue;
        const p = join(dir, e.name);
        const hit = verdict(p);
        if (hit) found.push({ ...hit, file: relative(cwd, p).split(sep).join("/") });
      }
    }
    return { found, bounded: entries >= MAX_ENTRIES };
  };
  // Listing order first: unless the bound is reached, every entry is seen whatever the order.
  let { found, bounded } = walk();
  // A configuration file decides; Talos named without one (Omni annotations, the README) only when there is none.
  const configs = found.filter((f) => !f.evidence);
  if (configs.length === 0) {
    const evidence = found.filter((f) => f.evidence).sort((a, b) => a.file.localeCompare(b.file))[0];
    if (evidence) return evidence;
    const readme = README_FILES.map((n) => join(root, n)).find((p) => existsSync(p));
    const words = readme ? talosInReadme(readFileSync(readme, "utf8")) : undefined;
    return words ? { level: "baseline", how: `the README says "${words}": a Talos cluster, whose default PodSecurity admission enforces baseline`, file: relative(cwd, readme!).split(sep).join("/"), evidence: true } : undefined;
  }
  found = configs;
  // Several files that disagree: no verdict from the repository (the setting decides).
  const agree = (f: FoundDefault[]) => new Set(f.map((x) => x.level)).size === 1;
  if (bounded || (found.length > 1 && agree(found))) found = walk(new Intl.Collator().compare).found.filter((f) => !f.evidence); // = localeCompare's order
  return agree(found) ? found[0] : undefined;
}

/** What a candidate file says about the cluster's default, read only when its bytes can hold a configuration. */
type Verdict = { level: string; how: string; evidence?: boolean };

function readVerdict(p: string): Verdict | undefined {
  try {
    if (statSync(p).size > MAX_BYTES) return undefined;
    const bytes = readFileSync(p);
    // defaultFromText needs one of these words, talosEvidenceIn "sidero.dev" (ASCII, so the same bytes in UTF-8).
    if (!bytes.includes("AdmissionConfiguration") && !bytes.includes("PodSecurityConfiguration") && !bytes.includes("cluster:") && !bytes.includes("talosVersion:") && !bytes.includes("sidero.dev")) return undefined;
    const text = bytes.toString("utf8");
    const found = defaultFromText(text);
    if (found) return found;
    const evidence = talosEvidenceIn(text);
    return evidence ? { level: "baseline", how: `${evidence}: a Talos cluster, whose default PodSecurity admission enforces baseline`, evidence: true } : undefined;
  } catch { return undefined; } // unreadable: not the cluster's configuration
}

/**
 * The configuration with the cluster's default level filled in from the repository, unless it is set already or
 * `needed` says the run has no Namespace for the rule to judge (then the repository is not walked at all).
 */
export async function withClusterDefault(config: KubereadyConfig, cwd: string, stderr: { write(s: string): unknown }, needed?: () => Promise<boolean>, notes?: string[]): Promise<KubereadyConfig> {
  if (config.rules[RULE] === "off" || config.ruleOptions[RULE]?.clusterDefault !== undefined) return config;
  if (needed && !(await needed())) return config;
  const found = await findClusterDefault(cwd);
  if (!found) return config;
  // Said once for the run (stderr, JSON notes, SARIF notifications), never once per namespace.
  const line = found.evidence
    ? `${found.file}: ${found.how}, unless its machine configuration (not in the repository) changes it; namespaces without a ${"pod-security.kubernetes.io/enforce"} label are judged as baseline (set rules.${RULE}.clusterDefault to privileged if the cluster enforces nothing by default)`
    : `${found.file}: the cluster enforces Pod Security "${found.level}" by default (${found.how}); namespaces without a label are judged by it (set rules.${RULE}.clusterDefault to override)`;
  stderr.write(`kubeready: ${line}\n`);
  notes?.push(line);
  return mergeConfig(config, { rules: { [RULE]: { clusterDefault: found.level } } }).config;
}

/**
 * Whether a run can see a Namespace object: hardening/namespace-pss-enforce, the only reader of the cluster's default,
 * judges Namespaces only, so a run without one (most one-file pre-commit runs) skips the walk of the repository, which
 * costs 30–70 ms of CPU on a large one. Conservative: an input that mentions "Namespace" anywhere, a chart (templates
 * and dependencies render what they like), a kustomization with remote or Helm content, or a file a local kustomization
 * reads that mentions "Namespace" all count. `renderDirs` are the folders rendering starts from (undefined: no rendering).
 */
export async function mayHoldNamespace(texts: Iterable<string>, renderDirs: Iterable<string> | undefined): Promise<boolean> {
  for (const t of texts) if (t.includes("Namespace")) return true;
  if (!renderDirs) return false;
  for (const root of await discoverRoots(renderDirs)) {
    if (root.kind === "helm" || root.remote.length) return true;
    for (const f of root.files) {
      try { if (readFileSync(f).includes("Namespace")) return true; } catch { /* unreadable: rendering reports it */ }
    }
  }
  return false;
}
