// Recognises YAML files that are not Kubernetes manifests (CI workflows, compose files, Helm values, …) so they are skipped with one line.
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from "yaml";
import type { SourceDocument } from "./document.js";

/** API groups of cluster-tool configuration files that look like Kubernetes objects but never reach an API server. */
const CLUSTER_TOOL_CONFIGS: readonly [RegExp, string][] = [
  [/^kind\.x-k8s\.io\//, "a kind cluster configuration"],
  [/^k3d\.io\//, "a k3d cluster configuration"],
  [/^ctlptl\.dev\//, "a ctlptl cluster configuration"],
];

/** What a document with this apiVersion is when it is a cluster tool's configuration, not an object for the API server. */
export function clusterToolConfig(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== "string") return undefined;
  for (const [re, what] of CLUSTER_TOOL_CONFIGS) if (re.test(apiVersion)) return what;
  return undefined;
}

function basenameOf(uri: string): string {
  const path = uri.split(/[?#]/)[0];
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
}

function keysOf(m: YAMLMap): Set<string> {
  const keys = new Set<string>();
  for (const p of m.items) if (isScalar(p.key)) keys.add(String(p.key.value));
  return keys;
}

function stringAt(m: YAMLMap, key: string): string | undefined {
  const v = m.get(key, true);
  return isScalar(v) && typeof v.value === "string" ? v.value : undefined;
}

/** What `notAManifest` calls a Helm values file (`values.yaml`, `values-prod.yaml`, `cilium-values.yaml`). */
export const HELM_VALUES_FILE = "a Helm values file";

/** Whether a file's name is a Helm values file's: `values.yaml`, `values-prod.yaml`, `cilium-values.yaml`. */
export function isHelmValuesName(uri: string): boolean {
  return /^(.+[-._])?values([-._].+)?\.ya?ml$/i.test(basenameOf(uri));
}

/**
 * What a file is that Terraform renders with `templatefile()` (`by`: the Terraform file that calls it): its `${var}`
 * and `%{ }` are filled in by Terraform, so the committed text is not what reaches the cluster (or a Helm release).
 */
export function terraformTemplateWhat(by: string): string {
  return `a Terraform template (\`templatefile()\` in ${by} renders it; lint the rendered output instead)`;
}

/**
 * What the file is when it is not a Kubernetes manifest (for the one information line that says it was skipped), or
 * undefined when it may hold Kubernetes objects. Decided from the file name and the shape of its documents: a file
 * with any document that has both `apiVersion` and `kind` (other than a cluster tool's configuration) is a manifest.
 */
export function notAManifest(uri: string, chunks: readonly SourceDocument[]): string | undefined {
  // Named as a template (`deployment.yaml.tftpl`, `values.yaml.tpl`): rendered before use, whatever it holds.
  if (/\.tftpl$/i.test(basenameOf(uri))) return "a Terraform template (`.tftpl`: Terraform's templatefile() renders it; lint the rendered output instead)";
  if (/\.tpl$/i.test(basenameOf(uri))) return "a template (`.tpl`: rendered before use; lint the rendered output instead)";
  // Stops at the first object that is no cluster tool's configuration: a file of 100,000 manifests is decided by its first.
  let tool: string | undefined;
  let firstDoc: Document.Parsed | undefined;
  for (const c of chunks) {
    for (const d of c.docs) {
      if (!d.contents) continue;
      firstDoc ??= d;
      const m = d.contents;
      if (!isMap(m) || stringAt(m, "apiVersion") === undefined || stringAt(m, "kind") === undefined) continue;
      const t = clusterToolConfig(stringAt(m, "apiVersion"));
      if (!t) return undefined;
      tool ??= t;
    }
  }
  if (tool) return tool;

  const name = basenameOf(uri);
  const path = decodeURIComponent(uri);
  if (/^Chart\.ya?ml$/.test(name)) return "a Helm chart's Chart.yaml (chart metadata)";
  if (isHelmValuesName(uri)) return HELM_VALUES_FILE;
  if (/^(docker-)?compose([-._].+)?\.ya?ml$/i.test(name)) return "a Docker Compose file";
  if (/\/\.github\/workflows\/[^/]+$/.test(path)) return "a GitHub Actions workflow";
  if (/^\.gitlab-ci\.ya?ml$/.test(name)) return "a GitLab CI configuration";
  if (/\/\.circleci\/config\.ya?ml$/.test(path)) return "a CircleCI configuration";
  if (/^azure-pipelines\.ya?ml$/i.test(name) || /^bitbucket-pipelines\.ya?ml$/i.test(name) || name === ".travis.yml") return "a CI pipeline configuration";

  const first = firstDoc?.contents;
  if (isMap(first)) {
    const keys = keysOf(first);
    if (keys.has("jobs") && (keys.has("on") || keys.has("true"))) return "a GitHub Actions workflow";
    if (keys.has("$schema") || (keys.has("properties") && keys.has("type") && !keys.has("apiVersion"))) return "a JSON Schema";
    if (keys.has("services") && (keys.has("version") || keys.has("volumes") || keys.has("networks") || servicesLookComposed(first))) return "a Docker Compose file";
    if (keys.has("stages") && [...keys].some((k) => { const job = first.get(k, true); return isMap(job) && job.has("script"); })) return "a GitLab CI configuration";
  }
  if (isSeq(first) && first.items.length > 0) {
    const items = first.items.filter((i): i is YAMLMap.Parsed => isMap(i));
    if (items.length === first.items.length && items.every((m) => m.has("op") && m.has("path"))) return "a JSON 6902 patch (kustomize patches are merged into the resources they target)";
    if (items.length > 0 && items.some((m) => m.has("hosts") || m.has("tasks") || m.has("roles") || m.has("import_playbook"))) return "an Ansible playbook";
  }
  return undefined;
}

/** docker-compose services are mappings with an `image` or a `build`. */
function servicesLookComposed(m: YAMLMap): boolean {
  const services = m.get("services", true);
  if (!isMap(services)) return false;
  return services.items.some((p) => isMap(p.value) && (p.value.has("image") || p.value.has("build")));
}
