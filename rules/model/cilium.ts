// Cilium's cluster configuration as a repository states it: the cilium-config ConfigMap, or the chart's values in a Flux HelmRelease, an Argo CD Application or a kustomization's helmCharts.
import { parse } from "yaml";
import { asArray, asObject, getIn, type Json, type JsonObject, type KObject } from "./object.js";
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
  /** Helm values only: whether they deploy the clustermesh-apiserver (clustermesh.useAPIServer, written at enabledPath) and with how many replicas. */
  readonly apiserver?: { enabled: boolean; enabledPath: Path; replicas: CiliumSetting<number> };
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

/**
 * The configuration in chart values at `base` of `o`. `opaque`: the values are a YAML string (Argo CD `helm.values`),
 * so every setting is placed at the string itself.
 */
function fromValues(o: KObject, values: JsonObject, base: Path, opaque = false): CiliumConfig {
  const at = (...p: string[]) => getIn(values, p);
  const where = (...p: string[]): Path => (opaque ? base : [...base, ...p]);
  const name = at("cluster", "name");
  const encEnabled = truthy(at("encryption", "enabled"));
  // The chart's default encryption.type is ipsec.
  const type = at("encryption", "type");
  const encryption = !encEnabled ? "none" : type === "wireguard" ? "wireguard" : "ipsec";
  const useApiServer = truthy(at("clustermesh", "useAPIServer"));
  return {
    object: o, form: "values",
    clusterName: { value: typeof name === "string" ? name : undefined, path: where("cluster", "name") },
    clusterId: { value: numberOf(at("cluster", "id")), path: where("cluster", "id") },
    maxClusterId: numberOf(at("clustermesh", "maxConnectedClusters")) === 511 ? 511 : 255,
    encryption: { value: encryption, path: where("encryption", encEnabled ? "type" : "enabled") },
    apiserver: {
      enabled: useApiServer,
      enabledPath: where("clustermesh", "useAPIServer"),
      replicas: { value: numberOf(at("clustermesh", "apiserver", "replicas")), path: where("clustermesh", "apiserver", "replicas") },
    },
    meshDeclared: useApiServer || truthy(at("clustermesh", "config", "enabled")),
  };
}

/** Values written as a YAML string (Argo CD `helm.values`); undefined when they do not parse to a mapping. */
function valuesText(v: Json | undefined): JsonObject | undefined {
  if (typeof v !== "string") return undefined;
  try { return asObject(parse(v) as Json); } catch { return undefined; }
}

/** An Argo CD source (`spec.source`, or an item of `spec.sources`) of the cilium chart: its inline values. */
function fromArgoSource(o: KObject, source: Json | undefined, base: Path): CiliumConfig | undefined {
  if (getIn(source, ["chart"]) !== "cilium") return undefined;
  const object = asObject(getIn(source, ["helm", "valuesObject"]));
  if (object) return fromValues(o, object, [...base, "helm", "valuesObject"]);
  const text = valuesText(getIn(source, ["helm", "values"]));
  return text ? fromValues(o, text, [...base, "helm", "values"], true) : undefined;
}

/**
 * The chart values of a Flux HelmRelease, an Argo CD Application (single or multi-source) or a kustomization's
 * `helmCharts` entry that installs the cilium chart (inline values only: a values file is not read).
 */
function fromRelease(o: KObject): CiliumConfig | undefined {
  if (o.partial) return undefined;
  const group = groupOf(o.apiVersion);
  if (o.kind === "HelmRelease" && group === "helm.toolkit.fluxcd.io") {
    if (getIn(o.value, ["spec", "chart", "spec", "chart"]) !== "cilium") return undefined;
    const values = asObject(getIn(o.value, ["spec", "values"]));
    return values ? fromValues(o, values, ["spec", "values"]) : undefined;
  }
  if (o.kind === "Application" && group === "argoproj.io") {
    const single = fromArgoSource(o, getIn(o.value, ["spec", "source"]), ["spec", "source"]);
    if (single) return single;
    for (const [i, source] of asArray(getIn(o.value, ["spec", "sources"])).entries()) {
      const c = fromArgoSource(o, source, ["spec", "sources", i]);
      if (c) return c;
    }
    return undefined;
  }
  if (o.kind === "Kustomization" && group === "kustomize.config.k8s.io") {
    for (const [i, chart] of asArray(getIn(o.value, ["helmCharts"])).entries()) {
      const values = getIn(chart, ["name"]) === "cilium" ? asObject(getIn(chart, ["valuesInline"])) : undefined;
      if (values) return fromValues(o, values, ["helmCharts", i, "valuesInline"]);
    }
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
    for (const kind of ["ConfigMap", "HelmRelease", "Application", "Kustomization"]) for (const o of ix.ofKind(kind)) { const c = ciliumConfigOf(o); if (c) out.push(c); }
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
