// network/default-deny-blocks-dns: a default-deny egress without a DNS allow breaks name resolution for every pod (guide §2A).
import { defineRule } from "../../api.js";
import { asArray, getIn } from "../../model/object.js";
import { defaultDenyIn, dnsAllowedFor, networkPolicyOf, allowDnsEgressPolicy } from "../../model/netpol.js";
import { appendDocumentToFile, metadataBeside, renderDocument } from "../../model/new-document.js";
import { deployedTogether } from "../../model/units.js";
import { podSourcesIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "network/default-deny-blocks-dns",
    title: "A default-deny egress policy needs a DNS egress allow",
    defaultSeverity: "warning",
    kinds: ["NetworkPolicy"],
    crossObject: true,
    fix: "safe",
    guide: "§2A Network Policies (Zero Trust)",
  },
  check(ctx) {
    const p = networkPolicyOf(ctx.object);
    if (!p) return;
    const ns = p.object.namespace;
    // One finding per namespace, on its first default-deny egress policy.
    if (defaultDenyIn(ctx.index, ns).Egress[0]?.object !== p.object) return;
    // The pods it isolates are those deployed with it (not another example's that merely share an assumed namespace).
    const sources = podSourcesIn(ctx.index, ns).filter((s) => s.template?.spec.hostNetwork !== true && deployedTogether(s.object, p.object));
    const targets = sources.length ? sources.map((s) => ({ name: `${s.object.kind} "${s.object.name}"`, labels: s.podLabels })) : [{ name: "", labels: {} }];
    const noUdp: string[] = [], noTcp: string[] = [];
    for (const t of targets) {
      const dns = dnsAllowedFor(ctx.index, ns, t.labels);
      if (!dns.udp) noUdp.push(t.name);
      else if (!dns.tcp) noTcp.push(t.name);
    }
    if (noUdp.length === 0 && noTcp.length === 0) return;
    const idx = asArray(getIn(p.object.value, ["spec", "policyTypes"])).indexOf("Egress");
    const list = (names: string[]) => names.filter(Boolean).length ? ` (${names.slice(0, 3).join(", ")}${names.length > 3 ? `, and ${names.length - 3} more` : ""})` : "";
    const udp = noUdp.length > 0;
    ctx.report({
      message: udp
        ? `NetworkPolicy "${p.object.name}" denies all egress in namespace "${ns}" and nothing allows DNS (UDP and TCP port 53 to kube-dns)${list(noUdp)}; every name lookup fails.`
        : `NetworkPolicy "${p.object.name}" denies all egress in namespace "${ns}" and DNS is allowed over UDP only${list(noTcp)}; large answers that fall back to TCP port 53 fail.`,
      severity: udp ? undefined : "info",
      path: idx >= 0 ? ["spec", "policyTypes", idx] : ["spec", "policyTypes"],
      fix: () => {
        const doc = renderDocument(allowDnsEgressPolicy(metadataBeside(p.object, "allow-dns-egress")), p.object);
        return { title: `Allow DNS egress to kube-dns for every pod of namespace "${ns}"`, safe: true, edits: [appendDocumentToFile(ctx.index, p.object, doc)] };
      },
    });
  },
});
