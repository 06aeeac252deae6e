// Allow rules of the CNI plugins' own policies (Cilium, Calico) that select a workload's pods: ingress allowed at all, and DNS egress.
//
// Semantics followed (each project's documentation), and where this model is lenient on purpose:
// - Both plugins combine their policies with core NetworkPolicies: a connection is allowed when any policy selecting the
//   endpoint allows it (Cilium adds deny rules that win; Calico evaluates in `order` and a Deny rule earlier in the order
//   wins). This module only answers "does some allow rule let this through", which the isolation and DNS rules ask
//   after finding a default-deny: an allow that a deny elsewhere overrides is still counted, so the rules stay silent
//   rather than report what they cannot judge.
// - Cilium: `endpointSelector` labels may carry a source prefix (`k8s:app`, `any:app`); a CiliumNetworkPolicy selects
//   only its namespace's endpoints, a CiliumClusterwideNetworkPolicy every namespace its selector allows
//   (`k8s:io.kubernetes.pod.namespace`). An egress rule with `toPorts` and no peer allows those ports to any peer; one
//   with no port list allows every port of its peers; `toEndpoints` without a namespace label stays in the policy's
//   namespace (cluster-wide for a clusterwide policy). `toEntities: [cluster|all|host]`, `toCIDR`/`toCIDRSet` and
//   `toServices` naming the DNS service may reach the cluster DNS (node-local DNS listens on the host).
// - Calico (projectcalico.org/v3 NetworkPolicy, GlobalNetworkPolicy): `selector` is an expression; this model evaluates
//   `all()`, `k == 'v'`, `k != 'v'`, `has(k)`, `!has(k)`, `k in {…}`, `k not in {…}` joined by `&&` and `||`, and treats
//   any other term (parentheses, `global()`, functions) as possibly true. Rules with `action: Allow` allow; `protocol`
//   absent means every protocol; `destination.ports` absent means every port.
import { DNS_POD_LABELS, type Direction } from "./netpol.js";
import { asArray, asObject, type Json, type JsonObject, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { isEmptySelector, selectorMatches, toLabelSelector, type LabelSelector } from "./selectors.js";
import { groupOf } from "./workloads.js";

const CALICO_GROUPS = ["projectcalico.org", "crd.projectcalico.org"];
const NS_KEY = "io.kubernetes.pod.namespace";

// ---- Cilium ----------------------------------------------------------------------------------------

/** A Cilium selector with the `k8s:`/`any:` source prefixes removed; undefined when it names another source (reserved:, cidr:…). */
function ciliumSelector(v: Json | undefined): LabelSelector | undefined {
  const sel = toLabelSelector(v);
  if (!sel) return undefined;
  const strip = (k: string): string | undefined => {
    const m = /^([a-z0-9-]+):(.*)$/.exec(k);
    if (!m) return k;
    return m[1] === "k8s" || m[1] === "any" ? m[2] : undefined;
  };
  const out: LabelSelector = {};
  for (const [k, val] of Object.entries(sel.matchLabels ?? {})) {
    const key = strip(k);
    if (key === undefined) return undefined;
    (out.matchLabels ??= {})[key] = val;
  }
  for (const e of sel.matchExpressions ?? []) {
    const key = strip(e.key);
    if (key === undefined) return undefined;
    (out.matchExpressions ??= []).push({ ...e, key });
  }
  return out;
}

/** Does a selector name the namespace label (then the peer's namespace is what it says, not the policy's)? */
const namesNamespace = (sel: LabelSelector) => NS_KEY in (sel.matchLabels ?? {}) || (sel.matchExpressions ?? []).some((e) => e.key === NS_KEY);

/** The Cilium rule sets (`spec`, items of `specs`) of a policy that select pods with these labels in `namespace`. */
function ciliumSpecsSelecting(o: KObject, namespace: string, podLabels: Readonly<Record<string, string>>): JsonObject[] {
  if (groupOf(o.apiVersion) !== "cilium.io" || o.partial) return [];
  const specs = [asObject(o.value.spec), ...asArray(o.value.specs).map(asObject)].filter((s): s is JsonObject => s !== undefined);
  return specs.filter((s) => {
    if (s.nodeSelector) return false;
    const sel = ciliumSelector(s.endpointSelector);
    return sel !== undefined && selectorMatches(sel, { ...podLabels, [NS_KEY]: namespace });
  });
}

const L3_INGRESS = ["fromEndpoints", "fromEntities", "fromCIDR", "fromCIDRSet", "fromNodes", "fromGroups", "toPorts", "icmps"];

/** A Cilium ingress rule that lets something in (an empty rule `{}` allows nothing). */
function ciliumIngressAllows(rule: Json): boolean {
  const r = asObject(rule);
  if (!r) return false;
  return L3_INGRESS.some((k) => k in r && !(Array.isArray(r[k]) && (r[k] as Json[]).length === 0));
}

function ciliumPortsAllowDns(rule: JsonObject, protocol: "UDP" | "TCP"): boolean {
  if (!("toPorts" in rule)) return true;
  return asArray(rule.toPorts).some((pr) => {
    const ports = asArray(asObject(pr)?.ports);
    if (ports.length === 0) return true;
    return ports.some((p) => {
      const port = asObject(p);
      if (!port) return false;
      const proto = typeof port.protocol === "string" ? port.protocol.toUpperCase() : "ANY";
      if (proto !== "ANY" && proto !== protocol) return false;
      const n = port.port === undefined || port.port === null || port.port === "0" || port.port === 0 ? undefined : Number(port.port);
      if (n === undefined) return true;
      if (Number.isNaN(n)) return port.port === (protocol === "UDP" ? "dns" : "dns-tcp");
      const end = typeof port.endPort === "number" ? port.endPort : n;
      return n <= 53 && 53 <= end;
    });
  });
}

/** Could a Cilium egress rule's peers include the cluster DNS? */
function ciliumPeersMayBeDns(rule: JsonObject, policyNamespace: string | undefined): boolean {
  const l3 = ["toEndpoints", "toEntities", "toCIDR", "toCIDRSet", "toServices", "toFQDNs", "toNodes", "toGroups", "toRequires"].filter((k) => k in rule);
  if (l3.length === 0) return true; // L4-only: any peer
  if (asArray(rule.toEntities).some((e) => e === "all" || e === "cluster" || e === "host")) return true;
  if (asArray(rule.toCIDR).length > 0 || asArray(rule.toCIDRSet).length > 0) return true;
  if (asArray(rule.toServices).some((s) => /dns/i.test(JSON.stringify(s)))) return true;
  return asArray(rule.toEndpoints).some((e) => {
    const sel = ciliumSelector(e);
    if (!sel) return false;
    // Without a namespace label the peer is in the policy's namespace (any namespace for a clusterwide policy).
    const namespaces = namesNamespace(sel) ? ["kube-system"] : policyNamespace === undefined ? ["kube-system"] : [policyNamespace];
    if (!namespaces.includes("kube-system")) return false;
    if (isEmptySelector(sel)) return true;
    return DNS_POD_LABELS.some((l) => selectorMatches(sel, { ...l, [NS_KEY]: "kube-system" })) || mentions(sel, /dns/i);
  });
}

/** Custom DNS labels cannot be known: a selector whose values name DNS is taken at its word. */
function mentions(sel: LabelSelector, re: RegExp): boolean {
  const words = [...Object.values(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).filter((e) => e.operator === "In").flatMap((e) => e.values ?? [])];
  return words.some((w) => re.test(w));
}

// ---- Calico ----------------------------------------------------------------------------------------

/**
 * Evaluates a Calico selector expression against labels. Terms this model does not read count as true (the callers use
 * it to find allows, and an allow assumed is silence, never a false report).
 */
export function calicoSelectorMayMatch(expr: Json | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (expr === undefined || expr === null) return true;
  if (typeof expr !== "string") return true;
  const text = expr.trim();
  if (text === "" || text === "all()") return true;
  if (/[()]/.test(text.replace(/\b(all|has|global)\([^()]*\)/g, ""))) return true; // grouping: not read
  return text.split("||").some((alt) => alt.split("&&").every((term) => calicoTerm(term.trim(), labels)));
}

function calicoTerm(term: string, labels: Readonly<Record<string, string>>): boolean {
  const q = `['"]([^'"]*)['"]`;
  let m: RegExpExecArray | null;
  if (term === "all()" || term === "global()") return true;
  if ((m = new RegExp(`^([\\w./-]+)\\s*==\\s*${q}$`).exec(term))) return labels[m[1]] === m[2];
  if ((m = new RegExp(`^([\\w./-]+)\\s*!=\\s*${q}$`).exec(term))) return labels[m[1]] !== m[2];
  if ((m = /^!\s*has\(\s*([\w./-]+)\s*\)$/.exec(term))) return !(m[1] in labels);
  if ((m = /^has\(\s*([\w./-]+)\s*\)$/.exec(term))) return m[1] in labels;
  if ((m = /^([\w./-]+)\s+(not\s+)?in\s*\{([^}]*)\}$/.exec(term))) {
    const values = m[3].split(",").map((v) => v.trim().replace(/^['"]|['"]$/g, ""));
    const inside = labels[m[1]] !== undefined && values.includes(labels[m[1]]);
    return m[2] ? !inside : inside;
  }
  return true;
}

/** Labels Calico gives a pod's namespace in `namespaceSelector`, besides the namespace's own labels (unknown here). */
const calicoNamespaceLabels = (namespace: string) => ({ "projectcalico.org/name": namespace, "kubernetes.io/metadata.name": namespace, name: namespace });

/** Does a Calico policy select pods with these labels in `namespace`? Pods also carry `projectcalico.org/namespace`. */
function calicoSelects(o: KObject, namespace: string, podLabels: Readonly<Record<string, string>>): boolean {
  if (!CALICO_GROUPS.includes(groupOf(o.apiVersion)) || o.partial) return false;
  const spec = asObject(o.value.spec) ?? {};
  if (spec.doNotTrack === true || spec.preDNAT === true) return false;
  if (o.kind === "GlobalNetworkPolicy" && !calicoSelectorMayMatch(spec.namespaceSelector, calicoNamespaceLabels(namespace))) return false;
  return calicoSelectorMayMatch(spec.selector, { ...podLabels, "projectcalico.org/namespace": namespace, "projectcalico.org/orchestrator": "k8s" });
}

/** The rules of a Calico policy in one direction, when its `types` (written, or Calico's default) include it. */
function calicoRules(o: KObject, d: Direction): JsonObject[] {
  const spec = asObject(o.value.spec) ?? {};
  const written = asArray(spec.types).filter((t): t is string => typeof t === "string");
  const types = written.length > 0 ? written : asArray(spec.egress).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  if (!types.includes(d)) return [];
  return asArray(spec[d === "Ingress" ? "ingress" : "egress"]).map(asObject).filter((r): r is JsonObject => r !== undefined);
}

function calicoProtocolAllows(rule: JsonObject, protocol: "UDP" | "TCP"): boolean {
  const p = rule.protocol;
  if (p === undefined || p === null) return true;
  return String(p).toUpperCase() === protocol || p === (protocol === "UDP" ? 17 : 6);
}

function calicoPortsAllowDns(dest: JsonObject, protocol: "UDP" | "TCP"): boolean {
  const ports = asArray(dest.ports);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if (typeof p === "number") return p === 53;
    if (typeof p !== "string") return false;
    const range = /^(\d+):(\d+)$/.exec(p);
    if (range) return Number(range[1]) <= 53 && 53 <= Number(range[2]);
    return p === "53" || p === (protocol === "UDP" ? "dns" : "dns-tcp");
  });
}

/** Could a Calico egress rule's destination be the cluster DNS? */
function calicoDestinationMayBeDns(dest: JsonObject, policy: KObject): boolean {
  if (asObject(dest.services)) return /dns/i.test(JSON.stringify(dest.services));
  if (asArray(dest.nets).length > 0) return true;
  const nsLabels = calicoNamespaceLabels("kube-system");
  if (dest.namespaceSelector !== undefined) {
    if (!calicoSelectorMayMatch(dest.namespaceSelector, nsLabels)) return false;
  } else if (dest.selector !== undefined && policy.kind === "NetworkPolicy" && policy.namespace !== "kube-system") {
    return false; // a selector alone stays in the policy's namespace
  }
  if (dest.selector === undefined) return true;
  return DNS_POD_LABELS.some((l) => calicoSelectorMayMatch(dest.selector, { ...l, "projectcalico.org/namespace": "kube-system" }));
}

// ---- Both ------------------------------------------------------------------------------------------

/** Cilium and Calico policies that may apply in a namespace (its own and the cluster-wide ones). */
function cniPoliciesFor(index: ObjectIndex, namespace: string): KObject[] {
  return [
    ...index.inNamespace("CiliumNetworkPolicy", namespace),
    ...index.ofKind("CiliumClusterwideNetworkPolicy"),
    ...index.inNamespace("NetworkPolicy", namespace).filter((o) => CALICO_GROUPS.includes(groupOf(o.apiVersion))),
    ...index.ofKind("GlobalNetworkPolicy"),
  ];
}

/** The Cilium or Calico policies with an ingress allow rule for pods with these labels. */
export function cniIngressAllowsFor(index: ObjectIndex, namespace: string, podLabels: Readonly<Record<string, string>>): KObject[] {
  return cniPoliciesFor(index, namespace).filter((o) => {
    if (o.kind === "CiliumNetworkPolicy" || o.kind === "CiliumClusterwideNetworkPolicy") {
      return ciliumSpecsSelecting(o, namespace, podLabels).some((s) => asArray(s.ingress).some(ciliumIngressAllows));
    }
    return calicoSelects(o, namespace, podLabels) && calicoRules(o, "Ingress").some((r) => r.action === "Allow");
  });
}

/** Does a Cilium or Calico egress allow rule let pods with these labels reach the cluster DNS over `protocol`? */
export function cniAllowsDns(index: ObjectIndex, namespace: string, podLabels: Readonly<Record<string, string>>, protocol: "UDP" | "TCP"): boolean {
  return cniPoliciesFor(index, namespace).some((o) => {
    if (o.kind === "CiliumNetworkPolicy" || o.kind === "CiliumClusterwideNetworkPolicy") {
      const own = o.kind === "CiliumNetworkPolicy" ? o.namespace : undefined;
      return ciliumSpecsSelecting(o, namespace, podLabels).some((s) => asArray(s.egress).some((raw) => {
        const r = asObject(raw);
        return r !== undefined && Object.keys(r).length > 0 && ciliumPortsAllowDns(r, protocol) && ciliumPeersMayBeDns(r, own);
      }));
    }
    return calicoSelects(o, namespace, podLabels) && calicoRules(o, "Egress").some((r) => r.action === "Allow"
      && calicoProtocolAllows(r, protocol) && calicoPortsAllowDns(asObject(r.destination) ?? {}, protocol)
      && calicoDestinationMayBeDns(asObject(r.destination) ?? {}, o));
  });
}
