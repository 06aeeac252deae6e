// Writes a real kubeconfig file (clusters, users with bearer tokens, contexts) that points the client library at a stand-in.
import { writeFileSync } from "node:fs";

export interface KubeconfigContext {
  name: string;
  server: string;
  token: string;
  namespace?: string;
  /** PEM of the CA that signed the server's certificate (https stand-ins). */
  caPem?: string;
}

/** Renders a kubeconfig as YAML text; JSON-quoted scalars keep it valid YAML whatever the values. */
export function renderKubeconfig(contexts: readonly KubeconfigContext[], currentContext: string): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = ["apiVersion: v1", "kind: Config", "preferences: {}", "clusters:"];
  for (const c of contexts) {
    lines.push(`- name: ${q(c.name)}`, "  cluster:", `    server: ${q(c.server)}`);
    if (c.caPem) lines.push(`    certificate-authority-data: ${q(Buffer.from(c.caPem).toString("base64"))}`);
    else lines.push("    insecure-skip-tls-verify: true");
  }
  lines.push("users:");
  for (const c of contexts) lines.push(`- name: ${q(`${c.name}-user`)}`, "  user:", `    token: ${q(c.token)}`);
  lines.push("contexts:");
  for (const c of contexts) {
    lines.push(`- name: ${q(c.name)}`, "  context:", `    cluster: ${q(c.name)}`, `    user: ${q(`${c.name}-user`)}`);
    if (c.namespace) lines.push(`    namespace: ${q(c.namespace)}`);
  }
  lines.push(`current-context: ${q(currentContext)}`, "");
  return lines.join("\n");
}

export function writeKubeconfig(path: string, contexts: readonly KubeconfigContext[], currentContext = contexts[0]?.name ?? ""): string {
  writeFileSync(path, renderKubeconfig(contexts, currentContext), { mode: 0o600 });
  return path;
}
