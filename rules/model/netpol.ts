// NetworkPolicy semantics: effective policyTypes, which pods a policy isolates, default-deny, and DNS egress.
import { asArray, asObject, type JsonObject, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { isEmptySelector, selectorMatches, toLabelSelector, type LabelSelector } from "./selectors.js";
import { groupOf } from "./workloads.js";

export type Direction = "Ingress" | "Egress";
export const DIRECTIONS: readonly Direction[] = ["Ingress", "Egress"];

export interface NetworkPolicyInfo {
  readonly object: KObject;
  /** spec.podSelector; a missing one is treated like `{}` (the field is required, `{}` selects every pod). */
  readonly podSelector: LabelSelector;
  /** policyTypes after API defaulting: Ingress always, Egress when egress rules exist, unless written. */
  readonly types: ReadonlySet<Direction>;
  readonly ingress: readonly JsonObject[];
  readonly egress: readonly JsonObject[];
}

export function networkPolicyOf(o: KObject): NetworkPolicyInfo | undefined {
  if (o.kind !== "NetworkPolicy" || groupOf(o.apiVersion) !== "networking.k8s.io" || o.partial) return undefined;
  const spec = asObject(o.value.spec) ?? {};
  const ingress = asArray(spec.ingress).map((r) => asObject(r) ?? {});
  const egress = asArray(spec.egress).map((r) => asObject(r) ?? {});
  const written = asArray(spec.policyTypes).filter((t): t is Direction => t === "Ingress" || t === "Egress");
  const types = new Set<Direction>(written.length ? written : egress.length ? ["Ingress", "Egress"] : ["Ingress"]);
  return { object: o, podSelector: toLabelSelector(spec.podSelector) ?? {}, types, ingress, egress };
}

export function rulesFor(p: NetworkPolicyInfo, d: Direction): readonly JsonObject[] {
  return d === "Ingress" ? p.ingress : p.egress;
}

/** Isolates every pod of the namespace in this direction and allows nothing: `podSelector: {}`, the type, no rules. */
export function isDefaultDeny(p: NetworkPolicyInfo, d: Direction): boolean {
  return isEmptySelector(p.podSelector) && p.types.has(d) && rulesFor(p, d).length === 0;
}

export function policySelects(p: NetworkPolicyInfo, podLabels: Readonly<Record<string, string>>): boolean {
  return selectorMatches(p.podSelector, podLabels);
}

const MEMO = "kubeready.model.netpol";

export function networkPoliciesIn(index: ObjectIndex, namespace: string): readonly NetworkPolicyInfo[] {
  const all = index.derived(`${MEMO}.policies`, (ix) => {
    const byNs = new Map<string, NetworkPolicyInfo[]>();
    for (const o of ix.ofKind("NetworkPolicy")) {
      const p = networkPolicyOf(o);
      if (!p) continue;
      let list = byNs.get(o.namespace);
      if (!list) byNs.set(o.namespace, (list = []));
      list.push(p);
    }
    return byNs;
  });
  return all.get(namespace) ?? [];
}

/** The default-deny policies of a namespace, per direction. */
export function defaultDenyIn(index: ObjectIndex, namespace: string): Record<Direction, NetworkPolicyInfo[]> {
  const policies = networkPoliciesIn(index, namespace);
  return {
    Ingress: policies.filter((p) => isDefaultDeny(p, "Ingress")),
    Egress: policies.filter((p) => isDefaultDeny(p, "Egress")),
  };
}

// ---- DNS -------------------------------------------------------------------------------------------

/** Labels of the cluster DNS pods and their namespace, as kubeadm, kops, EKS, GKE and AKS label them. */
const DNS_NAMESPACE_LABELS = { "kubernetes.io/metadata.name": "kube-system", name: "kube-system" };
export const DNS_POD_LABELS: readonly Record<string, string>[] = [{ "k8s-app": "kube-dns" }, { "k8s-app": "coredns" }, { "app.kubernetes.io/name": "coredns" }, { "k8s-app": "node-local-dns" }];

/** Does the port list allow `protocol` port 53 (a missing list allows every port)? */
function portsAllow(rule: JsonObject, protocol: "UDP" | "TCP"): boolean {
  const ports = asArray(rule.ports);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    const port = asObject(p);
    if (!port) return false;
    const proto = typeof port.protocol === "string" ? port.protocol : "TCP";
    if (proto !== protocol) return false;
    if (port.port === undefined || port.port === null) return true;
    // Named ports resolve against the destination pod: kube-dns, CoreDNS and NodeLocal DNS name UDP 53 "dns"
    // and TCP 53 "dns-tcp"; `{protocol: TCP, port: dns}` names no port of theirs.
    if (typeof port.port === "string") return port.port === (protocol === "UDP" ? "dns" : "dns-tcp");
    const end = typeof port.endPort === "number" ? port.endPort : port.port;
    return typeof port.port === "number" && port.port <= 53 && 53 <= (end as number);
  });
}

/** Could a peer be the cluster DNS? ipBlocks are trusted (node-local DNS, cloud DNS addresses). */
function peerMayBeDns(peer: JsonObject, ownNamespace: string): boolean {
  if (peer.ipBlock) return true;
  const nsSel = toLabelSelector(peer.namespaceSelector);
  const podSel = toLabelSelector(peer.podSelector);
  if (!nsSel) {
    // A podSelector alone stays in the policy's own namespace.
    if (ownNamespace !== "kube-system") return false;
  } else if (!isEmptySelector(nsSel) && !selectorMatches(nsSel, DNS_NAMESPACE_LABELS) && !mentionsDns(nsSel)) return false;
  if (!podSel || isEmptySelector(podSel)) return true;
  return DNS_POD_LABELS.some((l) => selectorMatches(podSel, l)) || mentionsDns(podSel);
}

/** Custom labels on kube-system or the DNS pods cannot be known; a selector that names them is taken at its word. */
function mentionsDns(sel: LabelSelector): boolean {
  const words = [...Object.values(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).filter((e) => e.operator === "In").flatMap((e) => e.values ?? [])];
  return words.some((w) => /kube-system|dns/i.test(w));
}

/** Does an egress rule allow DNS over `protocol`? */
export function egressRuleAllowsDns(rule: JsonObject, namespace: string, protocol: "UDP" | "TCP"): boolean {
  if (!portsAllow(rule, protocol)) return false;
  const to = asArray(rule.to);
  if (to.length === 0) return true;
  return to.some((p) => { const peer = asObject(p); return peer !== undefined && peerMayBeDns(peer, namespace); });
}

/** Which DNS protocols pods with these labels may use, given every egress policy of the namespace. */
export function dnsAllowedFor(index: ObjectIndex, namespace: string, podLabels: Readonly<Record<string, string>>): { udp: boolean; tcp: boolean; isolated: boolean } {
  const selecting = networkPoliciesIn(index, namespace).filter((p) => p.types.has("Egress") && policySelects(p, podLabels));
  if (selecting.length === 0) return { udp: true, tcp: true, isolated: false };
  const rules = selecting.flatMap((p) => p.egress);
  return {
    udp: rules.some((r) => egressRuleAllowsDns(r, namespace, "UDP")),
    tcp: rules.some((r) => egressRuleAllowsDns(r, namespace, "TCP")),
    isolated: true,
  };
}

/** The peers of a policy with their paths, for rules that look at what they select. */
export function peersOf(p: NetworkPolicyInfo): { peer: JsonObject; path: (string | number)[]; direction: Direction }[] {
  const out: { peer: JsonObject; path: (string | number)[]; direction: Direction }[] = [];
  p.ingress.forEach((r, i) => asArray(r.from).forEach((peer, j) => { const o = asObject(peer); if (o) out.push({ peer: o, path: ["spec", "ingress", i, "from", j], direction: "Ingress" }); }));
  p.egress.forEach((r, i) => asArray(r.to).forEach((peer, j) => { const o = asObject(peer); if (o) out.push({ peer: o, path: ["spec", "egress", i, "to", j], direction: "Egress" }); }));
  return out;
}

/** The policy that lets every pod of a namespace resolve names through kube-dns (UDP and TCP 53), after a default-deny. */
export function allowDnsEgressPolicy(metadata: JsonObject): JsonObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { ...metadata },
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
      }],
    },
  };
}
