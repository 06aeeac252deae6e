// Recognises Prometheus and Thanos, as prometheus-operator resources or as plain workloads, and reads their flags.
import { parse } from "yaml";
import { imageBaseName, parseImageReference } from "./images.js";
import { asArray, asObject, getIn, type KObject } from "./object.js";
import { containersOf, podTemplateOf, type ContainerRef, type PodTemplate } from "./podspec.js";
import type { Path } from "./position.js";
import { sameItems, type ObjectIndex } from "./scope.js";

export const MONITORING_GROUP = "monitoring.coreos.com";
/** prometheus-operator adds this external label (value: the pod name) unless replicaExternalLabelName is "". */
export const DEFAULT_PROMETHEUS_REPLICA_LABEL = "prometheus_replica";
/** prometheus-operator always adds this external label to ThanosRuler pods. */
export const THANOS_RULER_REPLICA_LABEL = "thanos_ruler_replica";

/** Whether the object is a prometheus-operator resource of that kind (Prometheus, ThanosRuler, …). */
export function isMonitoringResource(o: KObject, kind: string): boolean {
  return o.kind === kind && o.apiVersion.startsWith(`${MONITORING_GROUP}/`);
}

/** One element of a container's command line (command then args), with where it is written. */
export interface CommandArg {
  value: string;
  path: Path;
}

/** command + args as the container runtime joins them. */
export function commandLineOf(c: ContainerRef): CommandArg[] {
  const out: CommandArg[] = [];
  for (const field of ["command", "args"] as const) {
    asArray(c.value[field]).forEach((v, i) => {
      if (typeof v === "string" || typeof v === "number") out.push({ value: String(v), path: [...c.path, field, i] });
    });
  }
  return out;
}

/** The list a new flag belongs in: `args` when the container has it (or has no command), else `command`. */
export function flagListPath(c: ContainerRef): Path {
  if (Array.isArray(c.value.args) || !Array.isArray(c.value.command)) return [...c.path, "args"];
  return [...c.path, "command"];
}

export interface FlagValue {
  value: string;
  /** Path of the element that holds the value (`--flag=value`, or the element after `--flag`). */
  path: Path;
  /** Path of the element that names the flag. */
  flagPath: Path;
}

/** Every value given to a flag: `--name=value`, `--name value`, and Go's single-dash forms. */
export function flagValues(args: readonly CommandArg[], name: string): FlagValue[] {
  const out: FlagValue[] = [];
  const bare = name.replace(/^-+/, "");
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    const m = /^--?([^=\s]+)(?:=([\s\S]*))?$/.exec(a);
    if (!m || m[1] !== bare) continue;
    if (m[2] !== undefined) out.push({ value: m[2], path: args[i].path, flagPath: args[i].path });
    else if (i + 1 < args.length && !args[i + 1].value.startsWith("-")) out.push({ value: args[i + 1].value, path: args[i + 1].path, flagPath: args[i].path });
    else out.push({ value: "true", path: args[i].path, flagPath: args[i].path }); // a boolean flag
  }
  return out;
}

export function hasFlag(args: readonly CommandArg[], name: string): boolean {
  return flagValues(args, name).length > 0;
}

function binaryName(c: ContainerRef): string | undefined {
  const cmd = asArray(c.value.command)[0];
  if (typeof cmd !== "string") return undefined;
  return cmd.slice(cmd.lastIndexOf("/") + 1);
}

function imageName(c: ContainerRef): string | undefined {
  const image = c.value.image;
  if (typeof image !== "string") return undefined;
  const ref = parseImageReference(image);
  if (ref) return imageBaseName(ref);
  // A placeholder tag (`thanos:<VERSION>`) still says which program runs: read the last path component before any tag.
  const name = image.split("@")[0].split("/").pop() ?? "";
  return name.split(":")[0] || undefined;
}

const PROMETHEUS_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DURATION_UNIT_MS = [365 * 86400e3, 7 * 86400e3, 86400e3, 3600e3, 60e3, 1e3, 1];

/** Parses a Prometheus duration flag (`2h`, `120m`, `1h30m`, `1d`; Prometheus's model.ParseDuration) into milliseconds. */
export function parsePrometheusDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  const m = PROMETHEUS_DURATION.exec(t);
  if (!m || t === "") return undefined;
  return DURATION_UNIT_MS.reduce((sum, unit, i) => sum + (m[i + 1] ? Number(m[i + 1]) * unit : 0), 0);
}

/**
 * Whether the container's image is named `name` (imageName). Every container of a cluster is asked, twice: an image
 * whose text does not hold the name cannot be named so (imageName returns a part of the text), and is not parsed.
 */
function imageNamed(c: ContainerRef, name: string): boolean {
  const image = c.value.image;
  return typeof image === "string" && image.includes(name) && imageName(c) === name;
}

/** Whether a container runs the Prometheus server (image …/prometheus, or a `prometheus` command). */
export function isPrometheusServer(c: ContainerRef): boolean {
  const bin = binaryName(c);
  if (bin !== undefined) return bin === "prometheus";
  return imageNamed(c, "prometheus");
}

/**
 * The Thanos component a container runs ("sidecar", "query", "store", "compact", "receive", "rule", "query-frontend",
 * "tools", …), or undefined when it does not run Thanos.
 */
export function thanosComponentOf(c: ContainerRef): string | undefined {
  const bin = binaryName(c);
  const isThanos = bin === "thanos" || imageNamed(c, "thanos");
  if (!isThanos) return undefined;
  for (const a of commandLineOf(c)) {
    const v = a.value.trim();
    if (!v || v.startsWith("-")) continue;
    const base = v.slice(v.lastIndexOf("/") + 1);
    if (base === "thanos") continue; // the binary itself
    return v;
  }
  return undefined;
}

/** A Prometheus or Thanos container of a plain workload, with its pod template and command line. */
export interface MonitoringContainer {
  object: KObject;
  template: PodTemplate;
  container: ContainerRef;
  args: CommandArg[];
}
export interface ThanosContainer extends MonitoringContainer {
  component: string;
}

/** Containers that run (including restartable init-container sidecars); plain init containers finish first. */
function runningContainers(t: PodTemplate): ContainerRef[] {
  return containersOf(t, ["initContainers", "containers"]).filter((c) => c.kind === "containers" || c.sidecar);
}

const prometheusCache = new WeakMap<KObject, MonitoringContainer[]>();
const thanosCache = new WeakMap<KObject, ThanosContainer[]>();

/** Prometheus server containers of a workload (memoised per object: every observability rule asks, every keystroke). */
export function prometheusContainersOf(o: KObject): MonitoringContainer[] {
  let hit = prometheusCache.get(o);
  if (!hit) prometheusCache.set(o, (hit = readPrometheusContainers(o)));
  return hit;
}

function readPrometheusContainers(o: KObject): MonitoringContainer[] {
  const t = podTemplateOf(o);
  if (!t) return [];
  return runningContainers(t).filter(isPrometheusServer).map((container) => ({ object: o, template: t, container, args: commandLineOf(container) }));
}

/** Thanos containers of a workload, memoised per object. */
export function thanosContainersOf(o: KObject): ThanosContainer[] {
  let hit = thanosCache.get(o);
  if (!hit) thanosCache.set(o, (hit = readThanosContainers(o)));
  return hit;
}

function readThanosContainers(o: KObject): ThanosContainer[] {
  const t = podTemplateOf(o);
  if (!t) return [];
  const out: ThanosContainer[] = [];
  for (const container of runningContainers(t)) {
    const component = thanosComponentOf(container);
    if (component) out.push({ object: o, template: t, container, component, args: commandLineOf(container) });
  }
  return out;
}

/** Whether a Thanos container is configured with object storage (inline config or a file). */
export function usesObjectStorage(t: ThanosContainer): boolean {
  return hasFlag(t.args, "objstore.config") || hasFlag(t.args, "objstore.config-file");
}

// ---- prometheus-operator resources ------------------------------------------------------------------

/** spec.thanos of a Prometheus resource, when it asks the operator for a sidecar. */
export function thanosSpecOf(o: KObject) {
  return asObject(getIn(o.value, ["spec", "thanos"]));
}

/** Whether a Prometheus resource's sidecar uploads to object storage. */
export function crUsesObjectStorage(o: KObject): boolean {
  const thanos = thanosSpecOf(o);
  return !!thanos && (thanos.objectStorageConfig !== undefined && thanos.objectStorageConfig !== null || typeof thanos.objectStorageConfigFile === "string");
}

/** The replica external label of a Prometheus resource; "" when it is disabled. */
export function crReplicaLabel(o: KObject): string {
  const v = getIn(o.value, ["spec", "replicaExternalLabelName"]);
  return typeof v === "string" ? v : DEFAULT_PROMETHEUS_REPLICA_LABEL;
}

// ---- plain Prometheus configuration ------------------------------------------------------------------

export interface PlainExternalLabels {
  /** The ConfigMap holding prometheus.yml and the key of the file in it. */
  configMap: KObject;
  key: string;
  /** All external label names. */
  labels: string[];
  /** Labels whose value differs per pod: an environment reference that something actually expands. */
  replicaLabels: string[];
  /** The configuration is a Thanos reloader template (which expands `$(VAR)`). */
  viaReloader: boolean;
}

/**
 * Reads the external labels of a plain Prometheus from the ConfigMap its configuration comes from, when that
 * ConfigMap is in scope. With a Thanos sidecar the config is often a template (`--reloader.config-file`) that the
 * sidecar expands into the file Prometheus reads, so the template is looked at first.
 */
export function plainExternalLabels(index: ObjectIndex, p: MonitoringContainer): PlainExternalLabels | undefined {
  // Who expands environment references decides which syntax works: the Thanos sidecar's reloader substitutes
  // `$(VAR)` in its template; Prometheus itself expands `${VAR}`/`$VAR` only with --enable-feature=expand-external-labels.
  const candidates: { file: string; expands: RegExp | undefined }[] = [];
  for (const s of thanosContainersOf(p.object)) {
    if (s.component !== "sidecar") continue;
    for (const f of flagValues(s.args, "reloader.config-file")) candidates.push({ file: f.value, expands: /\$\([A-Za-z_][A-Za-z0-9_]*\)/ });
  }
  const expandsItself = flagValues(p.args, "enable-feature").some((f) => f.value.split(",").includes("expand-external-labels"));
  for (const f of flagValues(p.args, "config.file")) candidates.push({ file: f.value, expands: expandsItself ? /\$\{[A-Za-z_]|\$[A-Za-z_]/ : undefined });
  for (const { file, expands } of candidates) {
    const found = configMapFile(index, p, file);
    if (!found) continue;
    let parsed: unknown;
    try { parsed = parse(found.text, { maxAliasCount: 100 }); } catch { continue; }
    const labels = asObject(getIn(parsed, ["global", "external_labels"])) ?? {};
    const names = Object.keys(labels);
    const replicaLabels = expands ? names.filter((n) => expands.test(String(labels[n] ?? ""))) : [];
    return { configMap: found.configMap, key: found.key, labels: names, replicaLabels, viaReloader: expands !== undefined && !expandsItself };
  }
  return undefined;
}

/** Maps a file path inside the pod to a ConfigMap key through the pod's volume mounts. */
function configMapFile(index: ObjectIndex, p: MonitoringContainer, file: string): { configMap: KObject; key: string; text: string } | undefined {
  const containers = containersOf(p.template, ["initContainers", "containers"]);
  const volumes = asArray(p.template.spec.volumes).map(asObject).filter((v) => !!v);
  for (const c of containers) {
    for (const m of asArray(c.value.volumeMounts).map(asObject)) {
      const mountPath = typeof m?.mountPath === "string" ? m.mountPath.replace(/\/+$/, "") : undefined;
      if (!m || !mountPath || !file.startsWith(`${mountPath}/`)) continue;
      const key = typeof m.subPath === "string" ? m.subPath : file.slice(mountPath.length + 1);
      const volume = volumes.find((v) => v!.name === m.name);
      const cmName = getIn(volume, ["configMap", "name"]);
      if (typeof cmName !== "string") continue;
      const configMap = index.find("ConfigMap", p.object.namespace, cmName);
      const text = configMap && getIn(configMap.value, ["data", key]);
      if (configMap && typeof text === "string") return { configMap, key, text };
    }
  }
  return undefined;
}

// ---- the Thanos topology of a scope ---------------------------------------------------------------

export interface ThanosScope {
  /** prometheus-operator Prometheus resources (not PrometheusAgent). */
  prometheusResources: KObject[];
  /** ThanosRuler resources. */
  thanosRulers: KObject[];
  /** Plain Prometheus containers. */
  plainPrometheus: MonitoringContainer[];
  /** Every Thanos container of every plain workload, by component. */
  thanos: ThanosContainer[];
}

export function thanosScope(index: ObjectIndex): ThanosScope {
  return index.derived("model/prometheus:scope", (ix) => {
    const scope: ThanosScope = { prometheusResources: [], thanosRulers: [], plainPrometheus: [], thanos: [] };
    for (const o of ix.all()) {
      if (o.partial) continue;
      if (isMonitoringResource(o, "Prometheus")) scope.prometheusResources.push(o);
      else if (isMonitoringResource(o, "ThanosRuler")) scope.thanosRulers.push(o);
      else {
        scope.plainPrometheus.push(...prometheusContainersOf(o));
        scope.thanos.push(...thanosContainersOf(o));
      }
    }
    return scope;
  }, (a, b) => sameItems(a.prometheusResources, b.prometheusResources) && sameItems(a.thanosRulers, b.thanosRulers) && sameItems(a.plainPrometheus, b.plainPrometheus) && sameItems(a.thanos, b.thanos));
}

/** Whether anything in scope uploads blocks to object storage (an operator sidecar, a plain sidecar, Receive, Ruler). */
export function objectStorageWriters(scope: ThanosScope): KObject[] {
  const out = new Set<KObject>();
  for (const p of scope.prometheusResources) if (crUsesObjectStorage(p)) out.add(p);
  for (const r of scope.thanosRulers) if (getIn(r.value, ["spec", "objectStorageConfig"]) || getIn(r.value, ["spec", "objectStorageConfigFile"])) out.add(r);
  for (const t of scope.thanos) {
    if (["sidecar", "receive", "rule"].includes(t.component) && usesObjectStorage(t)) out.add(t.object);
  }
  return [...out];
}

/**
 * The replica labels the Querier must deduplicate on: for each Prometheus (or Ruler) that Query can reach through a
 * sidecar, the label whose value differs between the replicas.
 */
export function replicaLabelsInScope(index: ObjectIndex): { label: string; from: KObject }[] {
  return index.derived("model/prometheus:replica-labels", (ix) => {
    const scope = thanosScope(ix);
    const out: { label: string; from: KObject }[] = [];
    for (const p of scope.prometheusResources) {
      const label = crReplicaLabel(p);
      if (thanosSpecOf(p) && label) out.push({ label, from: p });
    }
    for (const r of scope.thanosRulers) out.push({ label: THANOS_RULER_REPLICA_LABEL, from: r });
    for (const p of scope.plainPrometheus) {
      if (!thanosContainersOf(p.object).some((t) => t.component === "sidecar")) continue;
      const ext = plainExternalLabels(ix, p);
      for (const label of ext?.replicaLabels ?? []) out.push({ label, from: p.object });
    }
    for (const t of scope.thanos) {
      if (t.component !== "rule") continue;
      for (const f of flagValues(t.args, "label")) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(f.value);
        if (m && /\$\(|\$\{/.test(m[2])) out.push({ label: m[1], from: t.object });
      }
    }
    return out;
  });
}
