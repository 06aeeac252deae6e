// Default-deny policies of the CNI plugins' own kinds: Cilium (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy) and Calico (NetworkPolicy, GlobalNetworkPolicy).
//
// Semantics followed (each project's documentation):
// - Cilium: an endpoint selected by a policy with an `ingress` (`egress`) section enters default-deny in that direction,
//   unless the policy sets `enableDefaultDeny.<direction>: false` (Cilium 1.15+). The documented "deny all" policy is
//   `endpointSelector: {}` with `ingress: [{}]`: an empty rule allows nothing. A policy of `ingressDeny`/`egressDeny` rules
//   towards the `all` entity (or `0.0.0.0/0`) denies everything as well. A CiliumClusterwideNetworkPolicy applies to every
//   namespace its endpointSelector can match (`k8s:io.kubernetes.pod.namespace` is the namespace label Cilium adds).
// - Calico: once a policy selects an endpoint, traffic that no policy allows is denied. A policy with `selector: all()`
//   (or none) whose `types` include the direction and whose rules in that direction are absent, empty, or only
//   unconditional `action: Deny`, is a default-deny. A GlobalNetworkPolicy counts for a namespace when its
//   `namespaceSelector` is absent or `all()`, or names the namespace (`projectcalico.org/name == "ns"`).
// Policies that select only some pods, or that allow something, are not default-deny: they are left to the other rules.
import type { Direction } from "./netpol.js";
import { asArray, asObject, getIn, type Json, type JsonObject, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { selectorMatches, toLabelSelector } from "./selectors.js";
import { groupOf } from "./workloads.js";

const CILIUM_GROUP = "cilium.io";
const CALICO_GROUPS = ["projectcalico.org", "crd.projectcalico.org"];

/** The kinds this module reads (the cluster snapshot reads them too). */
export const CNI_POLICY_KINDS: readonly string[] = ["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "NetworkPolicy", "GlobalNetworkPolicy"];

/** Namespace labels as Cilium sees them on every endpoint of a namespace. */
function ciliumNamespaceLabels(namespace: string): Record<string, string> {
  return { "k8s:io.kubernetes.pod.namespace": namespace, "io.kubernetes.pod.namespace": namespace };
}

const emptyRule = (r: Json): boolean => { const o = asObject(r); return o !== undefined && Object.keys(o).length === 0; };

/** A Cilium deny rule that denies every peer (`toEntities`/`fromEntities: [all]`, or the whole IPv4 range). */
function ciliumDeniesAll(rule: Json, d: Direction): boolean {
  const r = asObject(rule);
  if (!r || r.toPorts || r.icmps) return false;
  const entities = asArray(r[d === "Ingress" ? "fromEntities" : "toEntities"]);
  const cidrs = asArray(r[d === "Ingress" ? "fromCIDR" : "toCIDR"]);
  return entities.includes("all") || (entities.includes("world") && entities.includes("cluster")) || cidrs.includes("0.0.0.0/0");
}

/** Whether one Cilium rule set (a policy's `spec` or an item of `specs`) puts the namespace's every endpoint in default-deny for `d`. */
function ciliumSpecDenies(spec: JsonObject, namespace: string, d: Direction): boolean {
  if (spec.nodeSelector) return false; // host policies: nodes, not pods
  const sel = toLabelSelector(spec.endpointSelector);
  if (!sel) return false;
  // Every pod of the namespace, whatever its own labels: the selector may name only the namespace.
  if (!selectorMatches(sel, ciliumNamespaceLabels(namespace))) return false;
  if (getIn(spec, ["enableDefaultDeny", d === "Ingress" ? "ingress" : "egress"]) === false) {
    // Without default-deny, only explicit deny rules deny.
  } else {
    const allow = spec[d === "Ingress" ? "ingress" : "egress"];
    if (Array.isArray(allow) && allow.every(emptyRule)) return true;
  }
  const deny = asArray(spec[d === "Ingress" ? "ingressDeny" : "egressDeny"]);
  return deny.some((r) => ciliumDeniesAll(r, d));
}

function ciliumDenies(o: KObject, namespace: string, d: Direction): boolean {
  if (groupOf(o.apiVersion) !== CILIUM_GROUP || o.partial) return false;
  const specs = [asObject(o.value.spec), ...asArray(o.value.specs).map(asObject)].filter((s): s is JsonObject => s !== undefined);
  return specs.some((s) => ciliumSpecDenies(s, namespace, d));
}

/** A Calico selector expression that selects everything: absent, empty or `all()`. */
function calicoAll(v: Json | undefined): boolean {
  return v === undefined || v === null || (typeof v === "string" && (v.trim() === "" || v.trim() === "all()"));
}

/** A Calico namespaceSelector that selects this namespace by name (`projectcalico.org/name == "ns"`). */
function calicoNamesNamespace(v: Json | undefined, namespace: string): boolean {
  if (typeof v !== "string") return false;
  const m = /^\s*projectcalico\.org\/name\s*==\s*(['"])([^'"]+)\1\s*$/.exec(v);
  return m !== null && m[2] === namespace;
}

function calicoDenies(o: KObject, namespace: string, d: Direction): boolean {
  if (!CALICO_GROUPS.includes(groupOf(o.apiVersion)) || o.partial) return false;
  const spec = asObject(o.value.spec) ?? {};
  if (!calicoAll(spec.selector)) return false;
  if (o.kind === "GlobalNetworkPolicy" && !calicoAll(spec.namespaceSelector) && !calicoNamesNamespace(spec.namespaceSelector, namespace)) return false;
  if (spec.doNotTrack === true || spec.preDNAT === true || spec.applyOnForward === true) return false;
  const rules = asArray(spec[d === "Ingress" ? "ingress" : "egress"]);
  const written = asArray(spec.types).filter((t): t is string => typeof t === "string");
  // Calico's default for types: Ingress always, Egress when egress rules exist.
  const types = written.length > 0 ? written : asArray(spec.egress).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  if (!types.includes(d)) return false;
  return rules.every((r) => {
    const rule = asObject(r);
    return rule !== undefined && rule.action === "Deny" && !rule.source && !rule.destination && !rule.protocol && !rule.notProtocol;
  });
}

/** The CNI plugins' policies that make `namespace` default-deny in direction `d`. */
export function cniDefaultDenyIn(index: ObjectIndex, namespace: string, d: Direction): KObject[] {
  const out: KObject[] = [];
  for (const o of index.inNamespace("CiliumNetworkPolicy", namespace)) if (ciliumDenies(o, namespace, d)) out.push(o);
  for (const o of index.ofKind("CiliumClusterwideNetworkPolicy")) if (ciliumDenies(o, namespace, d)) out.push(o);
  for (const o of index.inNamespace("NetworkPolicy", namespace)) if (calicoDenies(o, namespace, d)) out.push(o);
  for (const o of index.ofKind("GlobalNetworkPolicy")) if (calicoDenies(o, namespace, d)) out.push(o);
  return out;
}

/**
 * Adds the CNI plugins' default-deny policies to the core ones found by `defaultDenyIn` (model/netpol.ts), per direction:
 * the hook network/missing-default-deny calls, so that a namespace protected only by Cilium or Calico is not reported.
 */
export function withCniDefaultDeny<T extends { object: KObject }>(index: ObjectIndex, namespace: string, core: Record<Direction, readonly T[]>): Record<Direction, readonly { object: KObject }[]> {
  return {
    Ingress: core.Ingress.length > 0 ? core.Ingress : cniDefaultDenyIn(index, namespace, "Ingress").map((object) => ({ object })),
    Egress: core.Egress.length > 0 ? core.Egress : cniDefaultDenyIn(index, namespace, "Egress").map((object) => ({ object })),
  };
}
