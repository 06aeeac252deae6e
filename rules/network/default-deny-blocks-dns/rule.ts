// network/default-deny-blocks-dns: a default-deny egress without a DNS allow breaks name resolution for every pod (guide §2A).
import { defineRule } from "../../api.js";
import { asArray, asObject, getIn, type JsonObject, type KObject } from "../../model/object.js";
import { allowsEverything, defaultDenyIn, dnsAllowedFor, allowDnsEgressPolicy, networkPoliciesIn, policySelects, type NetworkPolicyInfo } from "../../model/netpol.js";
import { cniAllowsDns } from "../../model/cni-allows.js";
import { cniDefaultDenyIn } from "../../model/cni-policies.js";
import type { Path } from "../../model/position.js";
import type { ObjectIndex } from "../../model/scope.js";
import { appendDocumentToFile, metadataBeside, renderDocument } from "../../model/new-document.js";
import { deployedTogether } from "../../model/units.js";
import { podSourcesIn } from "../../model/workloads.js";

const CLUSTERWIDE = ["CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy"];

/** Where a default-deny says "egress": the Egress entry of policyTypes (core) or types (Calico), Cilium's egress section. */
function egressPath(p: KObject): Path {
  const field = p.kind === "CiliumNetworkPolicy" ? undefined : groupOfPolicy(p) === "core" ? "policyTypes" : "types";
  if (!field) return getIn(p.value, ["spec", "egressDeny"]) !== undefined && getIn(p.value, ["spec", "egress"]) === undefined ? ["spec", "egressDeny"] : ["spec", "egress"];
  const idx = asArray(getIn(p.value, ["spec", field])).indexOf("Egress");
  return idx >= 0 ? ["spec", field, idx] : ["spec", field];
}

const groupOfPolicy = (p: KObject) => (p.apiVersion.startsWith("networking.k8s.io/") ? "core" : "cni");

/** A Calico default-deny made of Deny rules: allows evaluated after it (core policies come at order 1000) never apply. */
function explicitCalicoDeny(p: KObject): boolean {
  return p.kind === "NetworkPolicy" && groupOfPolicy(p) === "cni" && asArray(getIn(p.value, ["spec", "egress"])).some((r) => asObject(r)?.action === "Deny");
}

export default defineRule({
  meta: {
    id: "network/default-deny-blocks-dns",
    title: "A default-deny egress policy needs a DNS egress allow",
    defaultSeverity: "warning",
    kinds: ["NetworkPolicy", "CiliumNetworkPolicy"],
    crossObject: true,
    fix: "safe",
    guide: "§2A Network Policies (Zero Trust)",
  },
  check(ctx) {
    const policy = ctx.object;
    const ns = policy.namespace;
    if (!ns || policy.partial) return;
    // One finding per namespace, on its first default-deny egress policy: a core one, else the namespace's own Cilium or
    // Calico one (a cluster-wide policy is the platform's, which usually allows DNS in the same policy).
    const core = defaultDenyIn(ctx.index, ns).Egress.map((p) => p.object);
    const first = core[0] ?? cniDefaultDenyIn(ctx.index, ns, "Egress").find((p) => !CLUSTERWIDE.includes(p.kind));
    // Without a default-deny, a core policy that isolates the egress of the pods it selects (only same-namespace peers,
    // say) cuts DNS for them just the same: judged on the namespace's first such policy that leaves a pod without DNS.
    const isolating = first ? undefined : firstIsolatingWithoutDns(ctx.index, ns);
    if (first !== policy && isolating?.policy.object !== policy) return;
    const targets = isolating ? isolating.targets : targetsOf(ctx.index, ns, policy);
    const noUdp: string[] = [], noTcp: string[] = [];
    for (const t of targets) {
      // Core, Cilium and Calico allows add up (each plugin lets through what any policy selecting the pod allows).
      const dns = dnsAllowedFor(ctx.index, ns, t.labels);
      const udp = (dns.isolated && dns.udp) || cniAllowsDns(ctx.index, ns, t.labels, "UDP");
      const tcp = (dns.isolated && dns.tcp) || cniAllowsDns(ctx.index, ns, t.labels, "TCP");
      if (!udp) noUdp.push(t.name);
      else if (!tcp) noTcp.push(t.name);
    }
    if (noUdp.length === 0 && noTcp.length === 0) return;
    const list = (names: string[]) => names.filter(Boolean).length ? ` (${names.slice(0, 3).join(", ")}${names.length > 3 ? `, and ${names.length - 3} more` : ""})` : "";
    const udp = noUdp.length > 0;
    const denies = isolating
      ? `isolates the egress of the pods it selects (${describeSelector(isolating.policy)}) in namespace "${ns}", allowing only the peers it lists,`
      : `denies all egress in namespace "${ns}"`;
    ctx.report({
      message: udp
        ? `${policy.kind} "${policy.name}" ${denies} and nothing allows DNS (UDP and TCP port 53 to kube-dns)${list(noUdp)}; every name lookup fails.`
        : `${policy.kind} "${policy.name}" ${denies} and DNS is allowed over UDP only${list(noTcp)}; large answers that fall back to TCP port 53 fail.`,
      severity: udp ? undefined : "info",
      path: egressPath(policy),
      // A core allow adds to a Cilium policy's allows, and to Calico's after a default-deny without rules; after an explicit
      // Calico Deny rule it would never be reached, so no fix is offered there.
      fix: explicitCalicoDeny(policy) ? undefined : () => {
        // For a policy that isolates only some pods, the allow selects the same pods: it adds DNS to what they may reach
        // and isolates nobody new.
        const allow = allowDnsEgressPolicy(metadataBeside(policy, "allow-dns-egress"));
        if (isolating) (allow.spec as JsonObject).podSelector = structuredClone(getIn(policy.value, ["spec", "podSelector"]) ?? {}) as JsonObject;
        const doc = renderDocument(allow, policy);
        return { title: isolating ? `Allow DNS egress to kube-dns for the pods NetworkPolicy "${policy.name}" selects` : `Allow DNS egress to kube-dns for every pod of namespace "${ns}"`, safe: true, edits: [appendDocumentToFile(ctx.index, policy, doc)] };
      },
    });
  },
});

interface Target { name: string; labels: Readonly<Record<string, string>> }

/** The pods a default-deny isolates: those deployed with it (not another example's that merely share an assumed namespace). */
function targetsOf(index: ObjectIndex, ns: string, policy: KObject): Target[] {
  const sources = podSourcesIn(index, ns).filter((s) => s.template?.spec.hostNetwork !== true && deployedTogether(s.object, policy));
  return sources.length ? sources.map((s) => ({ name: `${s.object.kind} "${s.object.name}"`, labels: s.podLabels })) : [{ name: "", labels: {} }];
}

/** Whether pods with these labels can resolve names over UDP (core, Cilium and Calico allows add up). */
function udpDnsFor(index: ObjectIndex, ns: string, labels: Readonly<Record<string, string>>): boolean {
  const dns = dnsAllowedFor(index, ns, labels);
  return (dns.isolated && dns.udp) || cniAllowsDns(index, ns, labels, "UDP");
}

/**
 * The namespace's first core policy (in file order) that isolates egress of the pods it selects and leaves one of
 * them without DNS, with the pods it selects: the workloads deployed with it, else — none in scope — a pod carrying
 * just its `matchLabels` (a selector of expressions only says too little about the pods: not judged).
 */
function firstIsolatingWithoutDns(index: ObjectIndex, ns: string): { policy: NetworkPolicyInfo; targets: Target[] } | undefined {
  const candidates = networkPoliciesIn(index, ns)
    .filter((p) => p.types.has("Egress") && !allowsEverything(p, "Egress"))
    .sort((a, b) => (a.object.uri < b.object.uri ? -1 : a.object.uri > b.object.uri ? 1 : a.object.source.chunk.offset - b.object.source.chunk.offset));
  for (const p of candidates) {
    const sources = podSourcesIn(index, ns).filter((s) => s.template?.spec.hostNetwork !== true && deployedTogether(s.object, p.object) && policySelects(p, s.podLabels));
    let targets: Target[] = sources.map((s) => ({ name: `${s.object.kind} "${s.object.name}"`, labels: s.podLabels }));
    if (targets.length === 0) {
      if ((p.podSelector.matchExpressions ?? []).length > 0) continue;
      targets = [{ name: "", labels: p.podSelector.matchLabels ?? {} }];
    }
    if (targets.some((t) => !udpDnsFor(index, ns, t.labels))) return { policy: p, targets };
  }
  return undefined;
}

/** `deploy=sourcegraph`, or "every pod" for an empty selector. */
function describeSelector(p: NetworkPolicyInfo): string {
  const labels = Object.entries(p.podSelector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (p.podSelector.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values?.length ? ` ${e.values.join(",")}` : ""}`);
  const all = [...labels, ...exprs];
  return all.length ? all.join(", ") : "every pod";
}
