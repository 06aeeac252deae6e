// "Write the fix as a manifest": the missing default-deny NetworkPolicies and PodDisruptionBudgets of a live namespace, as YAML to review and commit.
import { allowDnsEgressPolicy } from "../rules/model/netpol.js";
import { stringify } from "yaml";
import type { Json } from "../rules/model/object.js";
import { isEmptySelector, selectorMatches, toLabelSelector } from "../rules/model/selectors.js";
import type { ReadinessArea } from "./areas.js";
import type { LiveObject } from "./snapshot.js";

const HEADER = (what: string, namespace: string, context: string) =>
  `# ${what} for namespace "${namespace}", written by kubeready from context "${context}".\n` +
  "# Review it, commit it to the repository your GitOps tool syncs, and let that apply it: kubeready never changes the cluster.\n";

function inNamespace(objects: readonly LiveObject[], kind: string, namespace: string): LiveObject[] {
  return objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace);
}

function labelsOf(o: LiveObject, path: "metadata" | "template"): Record<string, string> {
  const meta = path === "metadata" ? o.metadata : ((o.spec as { template?: { metadata?: unknown } } | undefined)?.template?.metadata as Record<string, unknown> | undefined);
  const labels = (meta?.labels ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

/** A NetworkPolicy with an empty podSelector that denies ingress and egress for every pod of the namespace. */
export function hasDefaultDeny(objects: readonly LiveObject[], namespace: string): boolean {
  return inNamespace(objects, "NetworkPolicy", namespace).some((p) => {
    const spec = (p.spec ?? {}) as { podSelector?: Json; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
    const selector = toLabelSelector(spec.podSelector ?? {});
    const types = spec.policyTypes ?? ["Ingress"];
    return selector !== undefined && isEmptySelector(selector) && types.includes("Ingress") && types.includes("Egress") && !spec.ingress?.length && !spec.egress?.length;
  });
}

export function defaultDenyManifest(namespace: string, context: string): string {
  const deny = {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny-all", namespace },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
  // Without DNS egress every pod loses name resolution the moment the deny lands.
  const dns = allowDnsEgressPolicy({ name: "allow-dns-egress", namespace });
  return `${HEADER("Default-deny NetworkPolicies", namespace, context)}${stringify(deny)}---\n${stringify(dns)}`;
}

/** Deployments and StatefulSets with more than one replica that no PodDisruptionBudget in their namespace covers. */
export function workloadsWithoutPdb(objects: readonly LiveObject[], namespace: string): LiveObject[] {
  const budgets = inNamespace(objects, "PodDisruptionBudget", namespace)
    .map((b) => toLabelSelector(((b.spec ?? {}) as { selector?: Json }).selector))
    .filter((s) => s !== undefined);
  return [...inNamespace(objects, "Deployment", namespace), ...inNamespace(objects, "StatefulSet", namespace)].filter((w) => {
    const replicas = (w.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas === "number" && replicas < 2) return false;
    const labels = labelsOf(w, "template");
    return !budgets.some((s) => !isEmptySelector(s) && selectorMatches(s, labels));
  });
}

export function podDisruptionBudgetManifest(workloads: readonly LiveObject[], namespace: string, context: string): string {
  const docs = workloads.map((w) => {
    const selector = (w.spec as { selector?: Json } | undefined)?.selector ?? { matchLabels: labelsOf(w, "template") };
    return stringify({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: w.metadata.name, namespace },
      spec: { maxUnavailable: 1, selector },
    });
  });
  return `${HEADER("PodDisruptionBudgets", namespace, context)}${docs.join("---\n")}`;
}

/** The manifest to offer for a namespace's area, or undefined when nothing is missing there. */
export function fixManifestFor(objects: readonly LiveObject[], namespace: string, area: ReadinessArea, context: string): string | undefined {
  if (area === "Network") return hasDefaultDeny(objects, namespace) ? undefined : defaultDenyManifest(namespace, context);
  if (area === "Availability") {
    const uncovered = workloadsWithoutPdb(objects, namespace);
    return uncovered.length > 0 ? podDisruptionBudgetManifest(uncovered, namespace, context) : undefined;
  }
  return undefined;
}
