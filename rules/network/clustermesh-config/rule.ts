// network/clustermesh-config: a cluster that joins a Cilium Cluster Mesh needs its own name and id, WireGuard between nodes, and a clustermesh-apiserver that survives one pod (guide §1B).
import { defineRule } from "../../api.js";
import { ciliumConfigOf, ciliumConfigs, clustermeshApiservers, meshInScope, type CiliumConfig } from "../../model/cilium.js";
import { replicasOf } from "../../model/podspec.js";

const describe = (c: CiliumConfig) => c.form === "configmap" ? `ConfigMap "${c.object.name}"`
  : c.object.kind === "Kustomization" ? "Kustomization helmCharts entry \"cilium\" (valuesInline)" : `${c.object.kind} "${c.object.name}" (cilium chart values)`;
const key = (c: CiliumConfig, k: "name" | "id" | "encryption" | "replicas") => c.form === "configmap"
  ? { name: "cluster-name", id: "cluster-id", encryption: "enable-wireguard", replicas: "" }[k]
  : { name: "cluster.name", id: "cluster.id", encryption: "encryption.type: wireguard", replicas: "clustermesh.apiserver.replicas" }[k];

export default defineRule({
  meta: {
    id: "network/clustermesh-config",
    title: "Clusters of a Cilium Cluster Mesh need a unique name and id, WireGuard encryption and a replicated clustermesh-apiserver",
    defaultSeverity: "warning",
    kinds: ["ConfigMap", "HelmRelease", "Application", "Kustomization", "Deployment"],
    crossObject: true,
    fix: "none",
    guide: "§1B Multi-Cluster Architecture (Cilium Mesh)",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.kind === "Deployment") {
      if (o.name !== "clustermesh-apiserver" || o.partial) return;
      const replicas = replicasOf(o) ?? 1;
      if (replicas >= 2) return;
      ctx.report({
        message: `Deployment "clustermesh-apiserver" runs ${replicas} replica: while it restarts or its node drains, the other clusters of the mesh stop learning about this cluster's services and identities, and failover to it stalls; run at least 2.`,
        path: ["spec", "replicas"],
        key: "replicas",
      });
      return;
    }
    const c = ciliumConfigOf(o);
    if (!c || !(c.meshDeclared || meshInScope(ctx.index))) return;
    const name = c.clusterName.value;
    if (name === undefined || name === "" || name === "default") {
      ctx.report({
        message: `${describe(c)} leaves the cluster name ${name === undefined ? "unset (Cilium's default, \"default\")" : `"${name || "(empty)"}"`} although the repository builds a Cluster Mesh: every cluster of a mesh needs its own ${key(c, "name")}, or their nodes and services collide.`,
        path: c.clusterName.path,
        anchor: name === undefined ? "key" : "value",
        key: "name",
      });
    }
    const id = c.clusterId.value;
    if (id === undefined || id < 1 || id > c.maxClusterId) {
      ctx.report({
        message: `${describe(c)} ${id === undefined ? "sets no cluster id (0, a cluster outside any mesh)" : `sets cluster id ${id}, outside 1–${c.maxClusterId}`}: a Cluster Mesh needs ${key(c, "id")} between 1 and ${c.maxClusterId}, different in every cluster, because identities and addresses are told apart by it.`,
        path: c.clusterId.path,
        anchor: id === undefined ? "key" : "value",
        key: "id",
      });
    } else {
      // Two configurations in scope with one id but different names are two clusters that cannot join one mesh.
      const clash = ciliumConfigs(ctx.index).find((other) => other.object !== o && other.clusterId.value === id && (other.clusterName.value ?? "default") !== (name ?? "default"));
      if (clash) {
        ctx.report({
          message: `${describe(c)} gives cluster "${name ?? "default"}" id ${id}, the id ${describe(clash)} gives cluster "${clash.clusterName.value ?? "default"}": cluster ids must differ across a mesh, or the clusters' identities and endpoints overwrite each other.`,
          path: c.clusterId.path,
          key: "id-clash",
          related: [{ on: clash.object, path: clash.clusterId.path, message: `cluster "${clash.clusterName.value ?? "default"}" uses id ${id} too` }],
        });
      }
    }
    if (c.encryption.value === "none") {
      ctx.report({
        message: `${describe(c)} turns no transparent encryption on: traffic between this cluster's nodes and to the other clusters of the mesh crosses the network in clear text; the guide's mesh runs WireGuard (${key(c, "encryption")}).`,
        path: c.encryption.path,
        anchor: "key",
        key: "encryption",
      });
    }
    if (c.apiserver?.enabled && (c.apiserver.replicas.value ?? 1) < 2 && clustermeshApiservers(ctx.index).length === 0) {
      const n = c.apiserver.replicas.value ?? 1;
      ctx.report({
        message: `${describe(c)} deploys the clustermesh-apiserver with ${n} replica${c.apiserver.replicas.value === undefined ? " (the chart's default)" : ""}: while it restarts, the other clusters stop learning about this one and failover stalls; set ${key(c, "replicas")} to at least 2.`,
        path: c.apiserver.replicas.value === undefined ? c.apiserver.enabledPath : c.apiserver.replicas.path,
        key: "replicas",
      });
    }
  },
});
