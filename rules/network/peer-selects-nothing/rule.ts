// network/peer-selects-nothing: a from/to peer whose selectors match no workload allows nothing (guide §2A).
import { partnerCouldBeInScope } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { networkPolicyOf, peersOf } from "../../model/netpol.js";
import { asObject } from "../../model/object.js";
import { describeSelector, isEmptySelector, selectorMatches, toLabelSelector } from "../../model/selectors.js";
import { podsLikelyExist, podSourcesIn } from "../../model/workloads.js";

const NAME_LABEL = "kubernetes.io/metadata.name";
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

export default defineRule({
  meta: {
    id: "network/peer-selects-nothing",
    title: "NetworkPolicy peers must select pods",
    defaultSeverity: "warning",
    kinds: ["NetworkPolicy"],
    crossObject: true,
    fix: "none",
    sources: { kubeLinter: ["dangling-networkpolicypeer-podselector"] },
    guide: "§2A Network Policies — explicit allow rules",
  },
  check(ctx) {
    const p = networkPolicyOf(ctx.object);
    if (!p) return;
    for (const { peer, path, direction } of peersOf(p)) {
      if (peer.ipBlock) continue;
      const podSel = toLabelSelector(peer.podSelector);
      if (!podSel || isEmptySelector(podSel)) continue;
      // Which namespace the peer's pods live in: the policy's own, or one named exactly by the automatic name label.
      let ns: string | undefined = p.object.namespace;
      // A null namespaceSelector is the same as none: the policy's own namespace.
      if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null) {
        const nsSel = toLabelSelector(peer.namespaceSelector);
        const labels = nsSel?.matchLabels ?? {};
        ns = !nsSel?.matchExpressions?.length && Object.keys(labels).length === 1 && labels[NAME_LABEL] ? labels[NAME_LABEL] : undefined;
      }
      // Cluster add-ons (kube-dns, metrics-server) live in the system namespaces and are never in a project's manifests.
      if (ns === undefined || SYSTEM_NAMESPACES.includes(ns)) continue;
      const sources = podSourcesIn(ctx.index, ns);
      // Another namespace's workloads are judged only when that namespace is named exactly (pinned) by them.
      if (!partnerCouldBeInScope(p.object, sources.map((s) => s.object)) || sources.some((s) => selectorMatches(podSel, s.podLabels))) continue;
      if (podsLikelyExist(ctx.index, ns, podSel)) continue;
      ctx.report({
        message: `NetworkPolicy "${p.object.name}": the ${direction === "Ingress" ? "from" : "to"} peer selects no pods of any workload in scope in namespace "${ns}" (${describeSelector(podSel)}); this rule allows nothing.`,
        path: asObject(peer.podSelector) ? [...path, "podSelector"] : path,
        anchor: "key",
        key: path.join("."),
      });
    }
  },
});
