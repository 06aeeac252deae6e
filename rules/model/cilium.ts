// Cilium's cluster configuration as a repository states it: the cilium-config ConfigMap, or the chart's values in a Flux HelmRelease, an Argo CD Application or a kustomization's helmCharts.
import { parse } from "yaml";
import { asArray, asObject, getIn, type Json, type JsonObject, type KObject } from "./object.js";
import type { Path } from "./position.js";
import { folderOf, resolveIn } from "./kustomize.js";
import type { ObjectIndex } from "./scope.js";
import { groupOf } from "./workloads.js";

const MEMO = "kubeready.model.cilium";

/** Service annotations of Cilium's global services (pkg/annotation: service.cilium.io/*, with the older io.cilium/* aliases). */
export const GLOBAL_SERVICE = ["service.cilium.io/global", "io.cilium/global-service"] as const;
export const SERVICE_AFFINITY = ["service.cilium.io/affinity", "io.cilium/service-affinity"] as const;

/**
 * One setting: its value as written (undefined when absent, then Cilium's default applies) and where it is, or would
 * be, written: `path` in the configuration's own object, or in `on`, a Helm values file the object names at `ref`.
 */
export interface CiliumSetting<T> { value: T | undefined; path: Path; on?: KObject; ref?: Path }

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
  readonly apiserver?: { enabled: boolean; enabledPath: Path; enabledOn?: KObject; enabledRef?: Path; replicas: CiliumSetting<number> };
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
 * One layer of chart values: inline in the object (at `base`; `opaque` when they are a YAML string, Argo CD
 * `helm.values`, so every setting is placed at the string itself), or a whole values file (`on`, named at `ref`).
 */
interface ValuesLayer { values: JsonObject; base: Path; opaque?: boolean; on?: KObject; ref?: Path }

/**
 * The configuration in chart values, from layers applied in order (later ones win, as Helm and kustomize merge a values
 * file under inline values). An unset setting is placed in the first values file when there is one (where such
 * settings are kept), else in the inline values.
 */
function fromValues(o: KObject, layers: readonly ValuesLayer[]): CiliumConfig {
  const home = layers.find((l) => l.on) ?? layers[layers.length - 1];
  const at = (l: ValuesLayer, value: Json | undefined, p: string[]) =>
    ({ value, path: l.opaque ? l.base : [...l.base, ...p], ...(l.on ? { on: l.on, ref: l.ref } : {}) });
  const setting = (...p: string[]): { value: Json | undefined; path: Path; on?: KObject; ref?: Path } => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const v = getIn(layers[i].values, p);
      if (v !== undefined) return at(layers[i], v, p);
    }
    return at(home, undefined, p);
  };
  const name = setting("cluster", "name");
  const id = setting("cluster", "id");
  const encEnabled = setting("encryption", "enabled");
  // The chart's default encryption.type is ipsec.
  const type = setting("encryption", "type");
  const encryption = !truthy(encEnabled.value) ? "none" : type.value === "wireguard" ? "wireguard" : "ipsec";
  const useApiServer = setting("clustermesh", "useAPIServer");
  const replicas = setting("clustermesh", "apiserver", "replicas");
  const where = ({ path, on, ref }: { path: Path; on?: KObject; ref?: Path }) => ({ path, ...(on ? { on, ref } : {}) });
  return {
    object: o, form: "values",
    clusterName: { value: typeof name.value === "string" ? name.value : undefined, ...where(name) },
    clusterId: { value: numberOf(id.value), ...where(id) },
    maxClusterId: numberOf(setting("clustermesh", "maxConnectedClusters").value) === 511 ? 511 : 255,
    encryption: { value: encryption, ...where(truthy(encEnabled.value) ? (type.value !== undefined ? type : encEnabled) : encEnabled) },
    apiserver: {
      enabled: truthy(useApiServer.value),
      enabledPath: useApiServer.path,
      ...(useApiServer.on ? { enabledOn: useApiServer.on, enabledRef: useApiServer.ref } : {}),
      replicas: { value: numberOf(replicas.value), ...where(replicas) },
    },
    meshDeclared: truthy(useApiServer.value) || truthy(setting("clustermesh", "config", "enabled").value),
  };
}

/** A values file named relative to `folder` (kustomize's resolution); undefined when it is absolute, remote or templated. */
function valuesFileIn(folder: string, rel: string): string | undefined {
  if (!rel || rel.includes("://") || rel.startsWith("/") || rel.includes("{{")) return undefined;
  return resolveIn(folder, rel);
}

/** A values file in scope by its URI, as a layer. */
function fileLayer(index: ObjectIndex | undefined, uri: string | undefined, ref: Path): ValuesLayer | undefined {
  const on = uri !== undefined ? index?.valuesFile?.(uri) : undefined;
  return on ? { values: on.value, base: [], on, ref } : undefined;
}

/**
 * An Argo CD values file (`helm.valueFiles` item) of a chart from a Helm repository: `$ref/path` names a file of the
 * source whose `ref` is `ref`. Found when some folder above the Application holds `path` (the repository's root).
 */
function argoValuesFile(index: ObjectIndex | undefined, fromUri: string, file: string, ref: Path): ValuesLayer | undefined {
  const m = /^\$[A-Za-z0-9_-]+\/(.+)$/.exec(file.trim());
  if (!m) return undefined;
  let cut = fromUri.lastIndexOf("/");
  while (cut > 0) {
    const layer = fileLayer(index, valuesFileIn(fromUri.slice(0, cut), m[1]), ref);
    if (layer) return layer;
    cut = fromUri.lastIndexOf("/", cut - 1);
  }
  return undefined;
}

/** Values written as a YAML string (Argo CD `helm.values`); undefined when they do not parse to a mapping. */
function valuesText(v: Json | undefined): JsonObject | undefined {
  if (typeof v !== "string") return undefined;
  try { return asObject(parse(v) as Json); } catch { return undefined; }
}

/** An Argo CD source (`spec.source`, or an item of `spec.sources`) of the cilium chart: its values files and inline values. */
function fromArgoSource(o: KObject, source: Json | undefined, base: Path, index?: ObjectIndex): CiliumConfig | undefined {
  if (getIn(source, ["chart"]) !== "cilium") return undefined;
  const layers: ValuesLayer[] = [];
  for (const [i, f] of asArray(getIn(source, ["helm", "valueFiles"])).entries()) {
    const layer = typeof f === "string" ? argoValuesFile(index, o.uri, f, [...base, "helm", "valueFiles", i]) : undefined;
    if (layer) layers.push(layer);
  }
  const object = asObject(getIn(source, ["helm", "valuesObject"]));
  const text = valuesText(getIn(source, ["helm", "values"]));
  // Argo CD gives valuesObject precedence over values, and both over the values files.
  if (text) layers.push({ values: text, base: [...base, "helm", "values"], opaque: true });
  if (object) layers.push({ values: object, base: [...base, "helm", "valuesObject"] });
  return layers.length ? fromValues(o, layers) : undefined;
}

/**
 * The chart values of a Flux HelmRelease, an Argo CD Application (single or multi-source) or a kustomization's
 * `helmCharts` entry that installs the cilium chart: inline values, and the values files a kustomization
 * (`valuesFile`, `additionalValuesFiles`) or an Argo CD source (`helm.valueFiles` with `$ref/`) names, when they are
 * in scope (`index`).
 */
function fromRelease(o: KObject, index?: ObjectIndex): CiliumConfig | undefined {
  if (o.partial) return undefined;
  const group = groupOf(o.apiVersion);
  if (o.kind === "HelmRelease" && group === "helm.toolkit.fluxcd.io") {
    if (getIn(o.value, ["spec", "chart", "spec", "chart"]) !== "cilium") return undefined;
    const values = asObject(getIn(o.value, ["spec", "values"]));
    return values ? fromValues(o, [{ values, base: ["spec", "values"] }]) : undefined;
  }
  if (o.kind === "Application" && group === "argoproj.io") {
    const single = fromArgoSource(o, getIn(o.value, ["spec", "source"]), ["spec", "source"], index);
    if (single) return single;
    for (const [i, source] of asArray(getIn(o.value, ["spec", "sources"])).entries()) {
      const c = fromArgoSource(o, source, ["spec", "sources", i], index);
      if (c) return c;
    }
    return undefined;
  }
  if (o.kind === "Kustomization" && group === "kustomize.config.k8s.io") {
    for (const [i, chart] of asArray(getIn(o.value, ["helmCharts"])).entries()) {
      if (getIn(chart, ["name"]) !== "cilium") continue;
      const layers: ValuesLayer[] = [];
      const files: [Json | undefined, Path][] = [[getIn(chart, ["valuesFile"]), ["helmCharts", i, "valuesFile"]],
        ...asArray(getIn(chart, ["additionalValuesFiles"])).map((f, k): [Json, Path] => [f, ["helmCharts", i, "additionalValuesFiles", k]])];
      for (const [f, ref] of files) {
        const layer = typeof f === "string" ? fileLayer(index, valuesFileIn(folderOf(o.uri), f), ref) : undefined;
        if (layer) layers.push(layer);
      }
      const inline = asObject(getIn(chart, ["valuesInline"]));
      // kustomize's default valuesMerge (override): valuesInline over the values files; "replace" keeps only it.
      if (inline && getIn(chart, ["valuesMerge"]) === "replace") layers.length = 0;
      if (inline) layers.push({ values: inline, base: ["helmCharts", i, "valuesInline"] });
      if (layers.length) return fromValues(o, layers);
    }
  }
  return undefined;
}

/** The Cilium configuration `o` states, if any; values files it names are read from `index` when given. */
export function ciliumConfigOf(o: KObject, index?: ObjectIndex): CiliumConfig | undefined {
  return o.kind === "ConfigMap" ? fromConfigMap(o) : fromRelease(o, index);
}

/** Every Cilium configuration in scope. */
export function ciliumConfigs(index: ObjectIndex): readonly CiliumConfig[] {
  return index.derived(`${MEMO}.configs`, (ix) => {
    const out: CiliumConfig[] = [];
    for (const kind of ["ConfigMap", "HelmRelease", "Application", "Kustomization"]) for (const o of ix.ofKind(kind)) { const c = ciliumConfigOf(o, ix); if (c) out.push(c); }
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
