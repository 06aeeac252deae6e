// network/missing-default-deny: a namespace with workloads needs default-deny NetworkPolicies for ingress and egress (guide §2A).
import { defineRule, type Fix } from "../../api.js";
import { getIn, type KObject } from "../../model/object.js";
import { allowsEverything, defaultDenyIn, DIRECTIONS, isDefaultDeny, networkPoliciesIn, policiesShippedWith, policySelects, type Direction } from "../../model/netpol.js";
import { withCniDefaultDeny } from "../../model/cni-policies.js";
import { appendDocumentToFile, createBeside, renderDocument } from "../../model/new-document.js";
import type { ObjectIndex } from "../../model/scope.js";
import { podSourceOf, podSourcesIn } from "../../model/workloads.js";

export const DEFAULT_DENY_FILE = "networkpolicy-default-deny.yaml";
const LEGACY_ISOLATION = "net.beta.kubernetes.io/network-policy";

export default defineRule({
  meta: {
    id: "network/missing-default-deny",
    title: "Namespaces with workloads need a default-deny NetworkPolicy for ingress and egress",
    defaultSeverity: "warning",
    kinds: "*",
    crossObject: true,
    fix: "unsafe",
    guide: "§2A Network Policies (Zero Trust) — Default Deny Policy",
    sources: { kubeLinter: ["non-isolated-pod"], kubeScore: ["pod-networkpolicy"] },
    options: {
      ignoreNamespaces: {
        type: "string[]",
        default: ["kube-system", "kube-public", "kube-node-lease"],
        description: "Namespaces that are not checked (system namespaces, where a default-deny can cut off the control plane's add-ons).",
      },
    },
  },
  check(ctx) {
    const o = ctx.object;
    const ignored = (ctx.options.ignoreNamespaces as string[] | undefined) ?? [];
    let namespace: string;
    if (o.kind === "Namespace" && o.apiVersion === "v1") {
      namespace = o.name;
      if (podSourcesIn(ctx.index, namespace).length === 0) return;
    } else {
      if (!podSourceOf(o)) return;
      namespace = o.namespace;
      // Reported once on the Namespace object when it is in scope: that is where the user adds the policy.
      if (ctx.index.find("Namespace", "", namespace)) return;
    }
    if (!namespace || ignored.includes(namespace)) return;
    // One fact about the namespace, said once per file: on the Namespace object, else on the file's first workload of
    // that namespace; the other workloads are related locations.
    const sources = podSourcesIn(ctx.index, namespace);
    const all = sources.map((s) => s.object);
    const inFile = workloadsByFile(ctx.index, namespace).get(o.uri) ?? [];
    if (o.kind !== "Namespace" && inFile[0] !== o) return;
    // A kustomize unit that creates the Namespace may ship its policies without a namespace: they land in it.
    const shipped = o.kind === "Namespace" ? policiesShippedWith(ctx.index, o) : [];
    const core = defaultDenyIn(ctx.index, namespace);
    for (const d of DIRECTIONS) core[d] = [...core[d], ...shipped.filter((p) => isDefaultDeny(p, d))];
    const deny = withCniDefaultDeny(ctx.index, namespace, core); // + Cilium/Calico (issue 20)
    // Policies whose selectors cover every workload in scope isolate those pods already (a product that labels all its
    // pods `deploy: x` and writes one policy for them): for those pods that is a default-deny in that direction. A
    // policy with an allow-everything rule (`- {}`) for a direction isolates nothing there.
    const policies = [...networkPoliciesIn(ctx.index, namespace), ...shipped];
    const isolatedBy = (d: Direction) => sources.length > 0 && sources.every((src) => policies.some((p) => p.types.has(d) && !allowsEverything(p, d) && policySelects(p, src.podLabels)));
    const missing = DIRECTIONS.filter((d) => deny[d].length === 0 && !isolatedBy(d));
    if (missing.length === 0) return;
    const what = missing.length === 2 ? "ingress and egress" : missing[0].toLowerCase();
    const effect = missing.length === 2 ? "so every pod accepts and opens any connection" : missing[0] === "Ingress" ? "so every pod accepts any connection" : "so every pod may connect anywhere";
    const affected = o.kind === "Namespace" ? all : inFile;
    const others = affected.length - (o.kind === "Namespace" ? 0 : 1);
    const subject = o.kind === "Namespace"
      ? `Namespace "${namespace}"${affected.length ? ` (${affected.length === 1 ? "1 workload" : `${affected.length} workloads`})` : ""}`
      : `${o.kind} "${o.name}"${others ? ` and ${others === 1 ? "1 other workload" : `${others} other workloads`} in this file` : ""} ${others ? "are" : "is"} in namespace "${namespace}", which`;
    // Pre-1.7 clusters isolated a namespace with this annotation; since networking.k8s.io/v1 it does nothing.
    const legacy = o.kind === "Namespace" && getIn(o.value, ["metadata", "annotations", LEGACY_ISOLATION]) !== undefined
      ? ` (the ${LEGACY_ISOLATION} annotation has had no effect since Kubernetes 1.7)` : "";
    ctx.report({
      message: `${subject} has no default-deny NetworkPolicy for ${what}${legacy}, ${effect}; add one for the namespace, then allow what each workload needs.`,
      path: ["metadata", "name"],
      key: namespace,
      fact: { namespace },
      related: affected.filter((x) => x !== o).map((x) => ({ on: x, path: ["metadata", "name"], message: `${x.kind} "${x.name}" runs in namespace "${namespace}"` })),
      fix: () => defaultDenyFixes(ctx.index, o, namespace, missing),
    });
  },
});

/**
 * The namespace's workloads per file, each file's in document order: one pass per namespace (it was a filter and a sort
 * of the namespace's workloads for each of them, quadratic in a namespace of many workloads).
 */
function workloadsByFile(index: ObjectIndex, namespace: string): ReadonlyMap<string, readonly KObject[]> {
  return index.derived(`kubeready.rules.missingDefaultDeny.byFile|${namespace}`, (ix) => {
    const out = new Map<string, KObject[]>();
    for (const s of podSourcesIn(ix, namespace)) {
      const list = out.get(s.object.uri);
      if (list) list.push(s.object); else out.set(s.object.uri, [s.object]);
    }
    for (const list of out.values()) list.sort((a, b) => offsetOf(a) - offsetOf(b));
    return out;
  });
}

/** Where an object's document starts; a lean object's stand-in knows it without parsing the document again (rules/lean.ts). */
function offsetOf(o: KObject): number {
  return (o.source as { group?: { offset: number } }).group?.offset ?? o.source.chunk.offset;
}

/** The default-deny policy document for the missing directions. */
export function defaultDenyDocument(namespace: string | undefined, missing: readonly Direction[], like?: KObject): string {
  const name = missing.length === 2 ? "default-deny-all" : `default-deny-${missing[0].toLowerCase()}`;
  const metadata: Record<string, string> = { name };
  if (namespace) metadata.namespace = namespace;
  return renderDocument({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata,
    spec: { podSelector: {}, policyTypes: [...missing] },
  }, like);
}

function defaultDenyFixes(index: ObjectIndex, o: KObject, namespace: string, missing: readonly Direction[]): Fix[] {
  // The Namespace object itself has no namespace: the policy must name it. A workload's policy follows the workload's style.
  const inFile = o.kind === "Namespace" || o.namespaceExplicit ? namespace : undefined;
  const title = missing.length === 2 ? "default-deny NetworkPolicy" : `default-deny ${missing[0].toLowerCase()} NetworkPolicy`;
  // Not safe: a default-deny cuts every connection that no allow policy permits; never part of fix-all.
  return [
    { title: `Add a ${title} for namespace "${namespace}" to this file`, safe: false, edits: [appendDocumentToFile(index, o, defaultDenyDocument(inFile, missing, o))] },
    { title: `Create ${DEFAULT_DENY_FILE} with a ${title} for namespace "${namespace}"`, safe: false, edits: [createBeside(o.uri, DEFAULT_DENY_FILE, defaultDenyDocument(namespace, missing))] },
  ];
}
