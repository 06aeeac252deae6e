// The Pod Security level the cluster enforces by default, read from the repository when it holds the cluster's own
// configuration outside the linted manifests: a Talos machine configuration (Talos configures the PodSecurity admission
// plugin with `defaults.enforce: baseline` unless `cluster.apiServer.admissionControl` says otherwise) or an
// AdmissionConfiguration file for the API server. hardening/namespace-pss-enforce judges unlabelled namespaces by it.
import { promises as fs } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { mergeConfig, type KubereadyConfig } from "../../rules/config.js";

const RULE = "hardening/namespace-pss-enforce";
const LEVELS = ["privileged", "baseline", "restricted"];
/** A bounded walk: the cluster's configuration sits near the top of a repository. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 4000;
const MAX_BYTES = 256 * 1024;
// Test data and examples are not the cluster (a fixture AdmissionConfiguration says nothing about where this deploys).
const SKIP_DIRS = new Set(["node_modules", ".git", "vendor", "dist", "build", ".terraform", "website", "docs", "fixtures", "testdata", "test", "tests", "e2e", "examples", "hack"]);
const CANDIDATE = /\.(ya?ml)(\.tftpl|\.tmpl|\.tpl|\.j2)?$/i;

export interface FoundDefault { level: string; file: string; how: string }

/** The default level a Talos machine configuration or an AdmissionConfiguration text sets, if it is one. */
export function defaultFromText(text: string): { level: string; how: string } | undefined {
  const podSecurity = (t: string) => {
    const i = t.search(/name:\s*["']?PodSecurity["']?\s*$/m);
    if (i < 0) return undefined;
    const m = /^\s*defaults:\s*$[\s\S]*?^\s*enforce:\s*["']?([a-z]+)["']?\s*$/m.exec(t.slice(i));
    return m && LEVELS.includes(m[1]) ? m[1] : undefined;
  };
  if (/^kind:\s*["']?AdmissionConfiguration["']?\s*$/m.test(text)) {
    const level = podSecurity(text);
    return level ? { level, how: "AdmissionConfiguration" } : undefined;
  }
  // A Talos machine configuration (talosctl output or a template of one): top-level machine: and cluster:.
  if (/^machine:\s*$/m.test(text) && /^cluster:\s*$/m.test(text)) {
    const admission = /^\s+admissionControl:\s*$/m.exec(text);
    const level = admission ? podSecurity(text.slice(admission.index)) : undefined;
    return { level: level ?? "baseline", how: level ? "Talos machine configuration (admissionControl)" : "Talos machine configuration (Talos' default PodSecurity admission, enforce: baseline)" };
  }
  return undefined;
}

async function gitRoot(cwd: string): Promise<string> {
  for (let d = cwd, i = 0; i < 6; i++) {
    try { await fs.stat(join(d, ".git")); return d; } catch { /* keep looking */ }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return cwd;
}

export async function findClusterDefault(cwd: string): Promise<FoundDefault | undefined> {
  const root = await gitRoot(cwd);
  let entries = 0;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  const found: FoundDefault[] = [];
  while (queue.length && entries < MAX_ENTRIES) {
    const { dir, depth } = queue.shift()!;
    let list;
    try { list = await fs.readdir(dir, { withFileTypes: true }); } catch { continue; }
    for (const e of list.sort((a, b) => a.name.localeCompare(b.name))) {
      if (++entries > MAX_ENTRIES) break;
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (depth < MAX_DEPTH && !SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) queue.push({ dir: p, depth: depth + 1 }); continue; }
      if (!e.isFile() || !CANDIDATE.test(e.name)) continue;
      try {
        if ((await fs.stat(p)).size > MAX_BYTES) continue;
        const hit = defaultFromText(await fs.readFile(p, "utf8"));
        if (hit) found.push({ ...hit, file: relative(cwd, p).split(sep).join("/") });
      } catch { /* unreadable: not the cluster's configuration */ }
    }
  }
  // Several files that disagree: no verdict from the repository (the setting decides).
  const levels = new Set(found.map((f) => f.level));
  return levels.size === 1 ? found[0] : undefined;
}

/** The configuration with the cluster's default level filled in from the repository, unless it is set already. */
export async function withClusterDefault(config: KubereadyConfig, cwd: string, stderr: { write(s: string): unknown }): Promise<KubereadyConfig> {
  if (config.rules[RULE] === "off" || config.ruleOptions[RULE]?.clusterDefault !== undefined) return config;
  const found = await findClusterDefault(cwd);
  if (!found) return config;
  stderr.write(`kubeready: ${found.file}: the cluster enforces Pod Security "${found.level}" by default (${found.how}); namespaces without a label are judged by it (set rules.${RULE}.clusterDefault to override)\n`);
  return mergeConfig(config, { rules: { [RULE]: { clusterDefault: found.level } } }).config;
}
