// Cilium's cluster configuration as a repository states it: the cilium-config ConfigMap, or the chart's values in a Flux HelmRelease or an Argo CD Application.
import { asObject, getIn, type Json, type JsonObject, type KObject } from "./object.js";
import type { Path } from "./position.js";
import type { ObjectIndex } from "./scope.js";
import { groupOf } from "./workloads.js";

const MEMO = "kubeready.model.cilium";

/** Service annotations of Cilium's global services (pkg/annotation: service.cilium.io/*, with the older io.cilium/* aliases). */
export const GLOBAL_SERVICE = ["service.cilium.io/global", "io.cilium/global-service"] as const;
export const SERVICE_AFFINITY = ["service.cilium.io/affinity", "io.cilium/service-affinity"] as const;

/** One setting: its value as written (undefined when absent, then Cilium's default applies) and where it is, or would be, written. */
export interface CiliumSetting<T> { value: T | undefined; path: Path }

/** The mesh-relevant part of one Cilium installation's configuration. */
export interface CiliumConfig {
  readonly object: KObject;
  /** "configmap": keys of cilium-config; "values": Helm values (cluster.name, encryption.type, …). */
  readonly form: "configmap" | "values";
  readonly clusterName: CiliumSetting<string>;
  readonly clusterId: CiliumSetting<number>;
  /** The largest cluster id allowed: 255, or 511 with max-connected-clusters 511. */
  readonly maxClusterId: number;
  /** "wireguard", "ipsec", or "none". */
  readonly encryption: CiliumSetting<"wireguard" | "ipsec" | "none">;
  /** Helm values only: whether they deploy the clustermesh-apiserver (clustermesh.useAPIServer) and with how many replicas. */
  readonly apiserver?: { enabled: boolean; replicas: CiliumSetting<number> };
  /** The configuration itself says the cluster joins a mesh (Helm values: clustermesh.useAPIServer or clustermesh.config.enabled). */
  readonly meshDeclared: boolean;
}

const truthy = (v: Json | undefined) => v === true || (typeof v === "string" && v.toLowerCase() === "true");
const numberOf = (v: Json | undefined): number | undefined => typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : undefined;

function fromConfigMap(o: KObject): CiliumConfig | undefined {
  if (o.kind !== "ConfigMap" || o.apiVersion !== "v1" || o.name !== "cilium-config" || o.partial) return undefined;
  const data = asObject(getIn(o.value, ["data"])) ?? {};
  const name = data["cluster-name"];
  const wireguard = truthy(data["enable-wireguard"]);
  const ipsec = truthy(data["enable-ipsec"]);
  return {
    object: o, form: "configmap",
    clusterName: { value: typeof name === "string" ? name : undefined, path: ["data", "cluster-name"] },
    clusterId: { value: numberOf(data["cluster-id"]), path: ["data", "cluster-id"] },
    maxClusterId: numberOf(data["max-connected-clusters"]) === 511 ? 511 : 255,
    encryption: { value: wireguard ? "wireguard" : ipsec ? "ipsec" : "none", path: ["data", wireguard ? "enable-wireguard" : ipsec ? "enable-ipsec" : "enable-wireguard"] },
    meshDeclared: false,
  };
}

function fromValues(o: KObject, values: JsonObject, base: Path): CiliumConfig {
  const at = (...p: string[]) => getIn(values, p);
  const name = at("cluster", "name");
  const encEnabled = truthy(at("encryption", "enabled"));
  // The chart's default encryption.type is ipsec.
  const type = at("encryption", "type");
  const encryption = !encEnabled ? "none" : type === "wireguard" ? "wireguard" : "ipsec";
  const useApiServer = truthy(at("clustermesh", "useAPIServer"));
  return {
    object: o, form: "values",
    clusterName: { value: typeof name === "string" ? name : undefined, path: [...base, "cluster", "name"] },
    clusterId: { value: numberOf(at("cluster", "id")), path: [...base, "cluster", "id"] },
    maxClusterId: numberOf(at("clustermesh", "maxConnectedClusters")) === 511 ? 511 : 255,
    encryption: { value: encryption, path: [...base, "encryption", encEnabled ? "type" : "enabled"] },
    apiserver: { enabled: useApiServer, replicas: { value: numberOf(at("clustermesh", "apiserver", "replicas")), path: [...base, "clustermesh", "apiserver", "replicas"] } },
    meshDeclared: useApiServer || truthy(at("clustermesh", "config", "enabled")),
  };
}

/** The chart values of a Flux HelmRelease or an Argo CD Application that installs the cilium chart (inline values only). */
function fromRelease(o: KObject): CiliumConfig | undefined {
  if (o.partial) return undefined;
  const group = groupOf(o.apiVersion);
  if (o.kind === "HelmRelease" && group === "helm.toolkit.fluxcd.io") {
    if (getIn(o.value, ["spec", "chart", "spec", "chart"]) !== "cilium") return undefined;
    const values = asObject(getIn(o.value, ["spec", "values"]));
    return values ? fromValues(o, values, ["spec", "values"]) : undefined;
  }
  if (o.kind === "Application" && group === "argoproj.io") {
    if (getIn(o.value, ["spec", "source", "chart"]) !== "cilium") return undefined;
    const values = asObject(getIn(o.value, ["spec", "source", "helm", "valuesObject"]));
    return values ? fromValues(o, values, ["spec", "source", "helm", "valuesObject"]) : undefined;
  }
  return undefined;
}

export function ciliumConfigOf(o: KObject): CiliumConfig | undefined {
  return o.kind === "ConfigMap" ? fromConfigMap(o) : fromRelease(o);
}

/** Every Cilium configuration in scope. */
export function ciliumConfigs(index: ObjectIndex): readonly CiliumConfig[] {
  return index.derived(`${MEMO}.configs`, (ix) => {
    const out: CiliumConfig[] = [];
    for (const kind of ["ConfigMap", "HelmRelease", "Application"]) for (const o of ix.ofKind(kind)) { const c = ciliumConfigOf(o); if (c) out.push(c); }
    return out;
  });
}

export function isGlobalService(o: KObject): boolean {
  for (const k of GLOBAL_SERVICE) if (o.annotations[k] !== undefined) return o.annotations[k]!.toLowerCase() === "true";
  return false;
}

/** The clustermesh-apiserver Deployments in scope (the chart's name for it). */
export function clustermeshApiservers(index: ObjectIndex): readonly KObject[] {
  return index.ofKind("Deployment").filter((d) => d.name === "clustermesh-apiserver" && !d.partial);
}

/**
 * Whether the repository builds a Cluster Mesh: a clustermesh-apiserver Deployment, Helm values that enable it, or a
 * Service marked global. Without one of these, cluster names, ids and encryption between clusters are not in question.
 */
export function meshInScope(index: ObjectIndex): boolean {
  return index.derived(`${MEMO}.mesh`, (ix) =>
    clustermeshApiservers(ix).length > 0 || ciliumConfigs(ix).some((c) => c.meshDeclared) || ix.ofKind("Service").some(isGlobalService));
}
