// network/default-deny-blocks-dns: a default-deny egress without a DNS allow breaks name resolution for every pod (guide §2A).
import { defineRule } from "../../api.js";
import { asArray, asObject, getIn, type KObject } from "../../model/object.js";
import { defaultDenyIn, dnsAllowedFor, allowDnsEgressPolicy } from "../../model/netpol.js";
import { cniAllowsDns } from "../../model/cni-allows.js";
import { cniDefaultDenyIn } from "../../model/cni-policies.js";
import type { Path } from "../../model/position.js";
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
    if (first !== policy) return;
    // The pods it isolates are those deployed with it (not another example's that merely share an assumed namespace).
    const sources = podSourcesIn(ctx.index, ns).filter((s) => s.template?.spec.hostNetwork !== true && deployedTogether(s.object, policy));
    const targets = sources.length ? sources.map((s) => ({ name: `${s.object.kind} "${s.object.name}"`, labels: s.podLabels })) : [{ name: "", labels: {} }];
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
    ctx.report({
      message: udp
        ? `${policy.kind} "${policy.name}" denies all egress in namespace "${ns}" and nothing allows DNS (UDP and TCP port 53 to kube-dns)${list(noUdp)}; every name lookup fails.`
        : `${policy.kind} "${policy.name}" denies all egress in namespace "${ns}" and DNS is allowed over UDP only${list(noTcp)}; large answers that fall back to TCP port 53 fail.`,
      severity: udp ? undefined : "info",
      path: egressPath(policy),
      // A core allow adds to a Cilium policy's allows, and to Calico's after a default-deny without rules; after an explicit
      // Calico Deny rule it would never be reached, so no fix is offered there.
      fix: explicitCalicoDeny(policy) ? undefined : () => {
        const doc = renderDocument(allowDnsEgressPolicy(metadataBeside(policy, "allow-dns-egress")), policy);
        return { title: `Allow DNS egress to kube-dns for every pod of namespace "${ns}"`, safe: true, edits: [appendDocumentToFile(ctx.index, policy, doc)] };
      },
    });
  },
});
