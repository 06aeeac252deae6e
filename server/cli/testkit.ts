// Test helpers for the CLI: a throw-away project folder, a fake terminal, and configs that keep only the rules a test is about.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { RULES } from "../../rules/index.js";
import { main } from "./main.js";

/** The rules these tests reason about; every other registered rule is turned off so new rules cannot change the counts. */
export const KEPT_RULES = [
  "hardening/read-only-root-filesystem",
  "pss/allow-privilege-escalation",
  "pss/capabilities-restricted",
  "pss/privileged",
  "pss/run-as-non-root",
  "pss/seccomp-profile-restricted",
];

/** A .kubeready.yaml: `extra` first (its own top-level keys), then every other rule off. */
export function isolatedConfig(extra = "", ruleLines: string[] = []): string {
  const off = RULES.map((r) => r.meta.id).filter((id) => !KEPT_RULES.includes(id)).map((id) => `  ${id}: off`);
  return `${extra}${extra && !extra.endsWith("\n") ? "\n" : ""}rules:\n${[...ruleLines.map((l) => `  ${l}`), ...off].join("\n")}\n`;
}

const created: string[] = [];
process.on("exit", () => { for (const dir of created) rmSync(dir, { recursive: true, force: true }); });

/** Writes files (relative path -> text) into a new temporary folder (removed when the process exits) and returns its real path. */
export function project(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "kubeready-cli-")));
  created.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

export interface RunResult { code: number; stdout: string; stderr: string }

export async function run(argv: string[], options: { cwd: string; stdin?: string; tty?: boolean; env?: Record<string, string> }): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => { stdout += s; }, isTTY: options.tty ?? false },
    stderr: { write: (s: string) => { stderr += s; } },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** Fully hardened except for readOnlyRootFilesystem: one hardening warning (line 14, column 7). */
export const WARN_ONLY_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: apps
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: ["ALL"]
`;

/** Passes the restricted profile and the hardening rule. */
export const CLEAN_POD = WARN_ONLY_POD.replace("name: web", "name: clean").replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true");

/** Privileged: pss/privileged (an error) on line 17, column 21 (the value `true`). */
export const PRIVILEGED_POD = CLEAN_POD.replace("name: clean", "name: priv").replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: true\n        privileged: true");

/** A Deployment "web" in namespace "apps" (pods labelled app: web) whose pod spec lists `containers` (lines under `containers:`). */
export function webDeployment(containers: string, spec = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
${spec}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${containers}`;
}

/** A Deployment without a namespace and without runAsNonRoot (restricted only), for namespace and level tests. */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: shop
          image: registry.example.com/shop:2.1.0
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
`;
