// Files that Terraform renders with `templatefile()`: not manifests as committed, so the run skips them with one line.
import { promises as fs } from "node:fs";
import { dirname, relative, resolve } from "node:path";

/** Terraform files larger than this are not read for `templatefile()` calls (generated state dumps, not modules). */
const MAX_TF_BYTES = 1 << 20;

/**
 * The files the given Terraform files render with `templatefile("…", {…})`, each with the Terraform file that calls it
 * (relative to `cwd`, for the message). A path is read as Terraform resolves it: `${path.module}` (and `${path.root}`,
 * `${path.cwd}`, which are the module folder when Terraform runs there, as it does in the layouts seen) is the calling
 * file's folder, and a relative path is relative to it. A path built from other variables (`"${var.dir}/x.yaml"`) names
 * no file kubeready can know and is left out.
 */
export async function terraformTemplates(tfFiles: readonly string[], cwd: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const tf of tfFiles) {
    let text: string;
    try {
      if ((await fs.stat(tf)).size > MAX_TF_BYTES) continue;
      text = await fs.readFile(tf, "utf8");
    } catch { continue; }
    for (const path of templatefilePaths(text)) {
      const abs = resolve(dirname(tf), path);
      if (!out.has(abs)) out.set(abs, relative(cwd, tf).split("\\").join("/") || tf);
    }
  }
  return out;
}

/** The literal first arguments of `templatefile()` in a Terraform file's text, module-relative (`values/app.yaml`). */
export function templatefilePaths(text: string): string[] {
  const paths: string[] = [];
  for (const m of text.matchAll(/\btemplatefile\(\s*"((?:[^"\\]|\\.)*)"/g)) {
    const path = m[1].replace(/^\$\{path\.(?:module|root|cwd)\}\//, "");
    if (path.includes("${") || path.includes("%{")) continue;
    paths.push(path.replace(/^\.\//, ""));
  }
  return paths;
}
