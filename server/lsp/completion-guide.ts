// Completions for the guide's custom resources: a KEDA ScaledObject, a Velero Schedule, a Chaos Mesh drill and a Cilium
// default-deny for the workload above the cursor, a Blackbox Probe for the Ingress or Certificate above, and an Argo CD
// Application's syncPolicy.
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem } from "vscode-languageserver";
import { removeField, renderBlock } from "../../rules/model/edit.js";
import { probesIn, staticHostsOf } from "../../rules/model/blackbox.js";
import { chaosTargetsIn, targetSelects } from "../../rules/model/chaos.js";
import { cniDefaultDenyIn } from "../../rules/model/cni-policies.js";
import { defaultDenyIn } from "../../rules/model/netpol.js";
import { renderDocument } from "../../rules/model/new-document.js";
import { asArray, asObject, getIn, type JsonObject, type KObject } from "../../rules/model/object.js";
import { scheduleCovers, veleroSchedulesIn } from "../../rules/model/velero.js";
import { autoscalersOf, groupOf, type PodSource } from "../../rules/model/workloads.js";
import { documentStartLine, indentStepOf, previewOf, seqIndentOf, SORT, Tabstops, type Ctx, type PathAt, type Plain } from "./completion-context.js";
import { documentItem, metadataFor, selectorOf, where, type DocumentSite } from "./completion-documents.js";

const SCALABLE = ["Deployment", "StatefulSet"];
const CILIUM_KINDS = ["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"];

/** Items for a new document at the cursor, after the core ones (completion-documents.ts). */
export function guideDocumentItems(ctx: Ctx, site: DocumentSite): CompletionItem[] {
  const items: CompletionItem[] = [];
  const namespaces = new Set<string>();
  for (const s of site.sources) {
    const o = s.object;
    const apps = ["apps", "extensions"].includes(groupOf(o.apiVersion));
    if (apps && SCALABLE.includes(o.kind) && autoscalersOf(ctx.index, o).length === 0) items.push(scaledObjectItem(ctx, s, site.prefix));
    if (apps && SCALABLE.includes(o.kind) && !chaosTargetsIn(ctx.index).some((t) => targetSelects(t, o.namespace, s.podLabels))) items.push(chaosItem(ctx, s, site.prefix));
    if (namespaces.has(o.namespace)) continue;
    namespaces.add(o.namespace);
    if (o.kind === "StatefulSet" && asArray(getIn(o.value, ["spec", "volumeClaimTemplates"])).length > 0
      && !veleroSchedulesIn(ctx.index).some((x) => scheduleCovers(x, o.namespace))) items.push(veleroItem(ctx, o, site.prefix));
    // Offered where Cilium is in use (some Cilium policy in scope) and the namespace has no default-deny of any kind.
    const usesCilium = CILIUM_KINDS.some((k) => ctx.index.ofKind(k).length > 0);
    const deny = defaultDenyIn(ctx.index, o.namespace);
    if (usesCilium && deny.Ingress.length + deny.Egress.length === 0 && cniDefaultDenyIn(ctx.index, o.namespace, "Ingress").length === 0) items.push(ciliumDenyItem(ctx, o, site.prefix));
  }
  const above = site.above;
  if (above && (above.kind === "Ingress" || (above.kind === "Certificate" && groupOf(above.apiVersion) === "cert-manager.io"))) {
    const probed = new Set(probesIn(ctx.index).flatMap(staticHostsOf));
    const hosts = hostsOf(above).filter((h) => !probed.has(h) && !h.startsWith("*.") && !/\.(svc|cluster\.local|local)$/.test(h));
    if (hosts.length > 0) items.push(probeItem(ctx, above, hosts, site.prefix));
  }
  return items;
}

function hostsOf(o: KObject): string[] {
  const hosts = o.kind === "Ingress"
    ? asArray(getIn(o.value, ["spec", "tls"])).flatMap((t) => asArray(asObject(t)?.hosts))
    : asArray(getIn(o.value, ["spec", "dnsNames"]));
  return [...new Set(hosts.filter((h): h is string => typeof h === "string").map((h) => h.toLowerCase()))];
}

function scaledObjectItem(ctx: Ctx, s: PodSource, prefix: string): CompletionItem {
  const o = s.object;
  const t = new Tabstops();
  const replicas = typeof s.replicas === "number" ? s.replicas : 1;
  const doc = {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: metadataFor(o, t.stop(1, o.name)),
    spec: {
      // KEDA's default target kind is a Deployment; a StatefulSet is named.
      scaleTargetRef: o.kind === "Deployment" ? { name: o.name } : { apiVersion: o.apiVersion, kind: o.kind, name: o.name },
      minReplicaCount: t.stop(2, String(Math.max(2, replicas))),
      maxReplicaCount: t.stop(3, String(Math.max(10, replicas * 2))),
      triggers: [{ type: "cpu", metricType: "Utilization", metadata: { value: t.stop(4, "70") } }],
    },
  } as JsonObject;
  const removal = s.replicasWritten && o.uri === ctx.file.uri ? removeField(o, ["spec", "replicas"]) : undefined;
  return documentItem(ctx, {
    label: `kr-keda-scaledobject ${o.name}`,
    detail: `KEDA ScaledObject for ${o.kind} ${o.name}${where(o)}`,
    why: [
      `KEDA creates and drives the HPA of ${o.kind} \`${o.name}\` (guide §3C): start from CPU utilisation and add the event triggers (a queue, a Prometheus query) the workload really scales on. \`minReplicaCount\` stays at 2 or more: at 0 it scales to zero when idle.`,
      removal ? "Also removes its `spec.replicas`: the autoscaler owns the replica count (autoscaling/replicas-with-hpa)." : "",
    ].filter(Boolean).join(" "),
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain }, o)),
    additionalTextEdits: removal ? [{ range: removal.range, newText: removal.newText }] : undefined,
  });
}

function veleroItem(ctx: Ctx, o: KObject, prefix: string): CompletionItem {
  const t = new Tabstops();
  const doc = {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    // Schedules live in Velero's own namespace, whatever the namespace they back up.
    metadata: { name: t.stop(1, `daily-${o.namespace}`), namespace: t.stop(2, "velero") },
    spec: {
      schedule: t.stop(3, "0 3 * * *"),
      template: { includedNamespaces: [o.namespace], snapshotVolumes: true, ttl: t.stop(4, "720h0m0s") },
    },
  } as JsonObject;
  return documentItem(ctx, {
    label: `kr-velero-schedule ${o.namespace}`,
    detail: `Velero Schedule backing up namespace ${o.namespace} with its volumes`,
    why: `No Velero Schedule in scope backs up namespace \`${o.namespace}\`, where ${o.kind} \`${o.name}\` keeps data on persistent volumes (guide §4C). A daily backup with volume snapshots, kept 30 days (longer than the time between two runs: backup/schedule-ttl-too-short). Test restoring it into a new cluster.`,
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain })),
  });
}

function chaosItem(ctx: Ctx, s: PodSource, prefix: string): CompletionItem {
  const o = s.object;
  const t = new Tabstops();
  const labels = asObject(selectorOf(s).matchLabels) ?? { ...s.podLabels };
  const doc = {
    apiVersion: "chaos-mesh.org/v1alpha1",
    kind: "Schedule",
    metadata: metadataFor(o, t.stop(1, `${o.name}-pod-kill`)),
    spec: {
      schedule: t.stop(2, "0 10 * * 2"),
      type: "PodChaos",
      concurrencyPolicy: "Forbid",
      historyLimit: 5,
      podChaos: { action: "pod-kill", mode: "one", selector: { namespaces: [o.namespace], labelSelectors: labels } },
    },
  } as JsonObject;
  return documentItem(ctx, {
    label: `kr-chaos-pod-kill ${o.name}`,
    detail: `Chaos Mesh drill: kill one pod of ${o.kind} ${o.name} every week${where(o)}`,
    why: `Kills one pod of ${o.kind} \`${o.name}\` on a schedule, so that its failover (replicas, budget, probes) is exercised before a real failure does it (guide §4C, operations/chaos-experiment-missing).`,
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain }, o)),
  });
}

function ciliumDenyItem(ctx: Ctx, o: KObject, prefix: string): CompletionItem {
  const deny = { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: metadataFor(o, "default-deny-all"), spec: { endpointSelector: {}, ingress: [{}], egress: [{}] } };
  const dns = {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: metadataFor(o, "allow-dns-egress"),
    spec: {
      endpointSelector: {},
      egress: [{
        toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": "kube-system", "k8s:k8s-app": "kube-dns" } }],
        toPorts: [{ ports: [{ port: "53", protocol: "ANY" }] }],
      }],
    },
  };
  const t = new Tabstops();
  return documentItem(ctx, {
    label: `kr-cilium-default-deny ${o.namespace}`,
    detail: `Cilium default-deny for namespace ${o.namespace}, with DNS egress`,
    why: `Puts every pod of namespace \`${o.namespace}\` in Cilium's default-deny for ingress and egress (an empty rule allows nothing; guide §2A) and lets them reach kube-dns on port 53. Add allow policies for the traffic each workload needs.`,
    text: prefix + t.render(`${renderDocument(deny as { [k: string]: Plain }, o)}---\n${renderDocument(dns as { [k: string]: Plain }, o)}`),
  });
}

function probeItem(ctx: Ctx, o: KObject, hosts: string[], prefix: string): CompletionItem {
  const t = new Tabstops();
  const doc = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "Probe",
    metadata: metadataFor(o, t.stop(1, `${o.name}-tls`)),
    spec: {
      module: t.stop(2, "http_2xx"),
      interval: "60s",
      prober: { url: t.stop(3, "blackbox-exporter.monitoring.svc:9115") },
      targets: { staticConfig: { static: hosts.map((h) => `https://${h}`) } },
    },
  } as JsonObject;
  return documentItem(ctx, {
    label: `kr-blackbox-probe ${o.name}`,
    detail: `Blackbox Exporter Probe of the TLS host${hosts.length > 1 ? "s" : ""} of ${o.kind} ${o.name}`,
    why: `Probes ${hosts.map((h) => `\`${h}\``).join(", ")} over HTTPS through the Blackbox Exporter, which records \`probe_ssl_earliest_cert_expiry\` (guide §4B); alert on it with the snippet kr-cert-expiry-alert.`,
    text: prefix + t.render(renderDocument(doc as { [k: string]: Plain }, o)),
  });
}

// ---- inside an Argo CD Application's spec ------------------------------------------------------------------

/** `syncPolicy` for an Application (or an ApplicationSet's template spec is not offered: its spec has no syncPolicy). */
export function applicationItems(ctx: Ctx, path: PathAt): CompletionItem[] {
  if (path.siblings.has("syncPolicy") || !inApplication(ctx)) return [];
  const t = new Tabstops();
  const value: Plain = {
    automated: { prune: t.stop(1, "true"), selfHeal: t.stop(2, "true") },
    retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
  };
  const rendered = renderBlock(["syncPolicy"], value, ctx.column, indentStepOf(ctx.lines), seqIndentOf(ctx.lines)).slice(ctx.column).replace(/\n$/, "");
  const text = t.render(rendered).replace(/\n\$0$/, "$0");
  return [{
    label: "syncPolicy",
    kind: CompletionItemKind.Property,
    detail: "kubeready: automated sync with prune and self-heal decided, retries on failure",
    documentation: { kind: MarkupKind.Markdown, value: `Argo CD syncs the Application from Git on its own, deletes what Git no longer holds (\`prune\`), undoes hand edits (\`selfHeal\`), and retries a failed sync with backoff (guide §4A; gitops/application-sync-policy). Set prune or selfHeal to false where that is the decision.\n\n\`\`\`yaml\n${previewOf(text)}\`\`\`` },
    filterText: "syncPolicy",
    sortText: `${SORT}syncPolicy`,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.range, newText: text },
  }];
}

/** Whether the document at the cursor is an Argo CD Application (from the parse, or its lines while it does not parse). */
function inApplication(ctx: Ctx): boolean {
  const start = documentStartLine(ctx.file, ctx.line);
  const o = ctx.file.objects.find((x) => x.source.chunk.line === start);
  if (o) return o.kind === "Application" && groupOf(o.apiVersion) === "argoproj.io";
  let kind: string | undefined, apiVersion: string | undefined;
  for (let i = start; i < ctx.lines.length; i++) {
    if (i > start && /^(---|\.\.\.)(\s|$)/.test(ctx.lines[i])) break;
    kind ??= /^kind:\s*(\S+)/.exec(ctx.lines[i])?.[1];
    apiVersion ??= /^apiVersion:\s*(\S+)/.exec(ctx.lines[i])?.[1];
  }
  return kind === "Application" && (apiVersion ?? "").startsWith("argoproj.io/");
}
