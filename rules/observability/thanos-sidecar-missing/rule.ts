// observability/thanos-sidecar-missing: each Prometheus needs a Thanos sidecar for deduplication and uploads (guide §1A).
import { defineRule, type Fix } from "../../api.js";

import { appendToList, setField } from "../../model/edit.js";
import { asArray, asObject, getIn, type JsonObject } from "../../model/object.js";
import { flagValues, isMonitoringResource, prometheusContainersOf, thanosContainersOf, type MonitoringContainer } from "../../model/prometheus.js";
import { OBJSTORE_CONFIG_FILE, OBJSTORE_MOUNT, OBJSTORE_SECRET_REF, OBJSTORE_VOLUME } from "../storage.js";
import { placeholder } from "../../model/placeholder.js";

export const THANOS_IMAGE_PLACEHOLDER = `quay.io/thanos/thanos:${placeholder("version")}`;
const DATA_VOLUME_PLACEHOLDER = placeholder("data volume");

/** Prometheus in agent mode only forwards samples (remote write); there is no TSDB for a sidecar to serve. */
function isAgentMode(p: MonitoringContainer): boolean {
  return p.args.some((a) => a.value === "--agent" || a.value === "agent") || flagValues(p.args, "enable-feature").some((f) => f.value.split(",").includes("agent"));
}

/** The sidecar container for a plain Prometheus: shares its TSDB volume, serves gRPC and uploads with a placeholder bucket secret. */
function sidecarFor(p: MonitoringContainer): JsonObject {
  // The official image's default command passes --storage.tsdb.path=/prometheus; once args are overridden the flag's
  // own default applies: ./data under the image's working directory /prometheus.
  const overridden = p.args.length > 0;
  const tsdb = flagValues(p.args, "storage.tsdb.path")[0]?.value ?? (overridden ? "data/" : "/prometheus");
  const tsdbPath = tsdb.startsWith("/") ? tsdb.replace(/\/+$/, "") : `/prometheus/${tsdb.replace(/^\.\//, "").replace(/\/+$/, "")}`;
  const mounts = asArray(p.container.value.volumeMounts).map(asObject).filter((m) => typeof m?.mountPath === "string" && typeof m.name === "string");
  const dataMount = mounts
    .filter((m) => tsdbPath === (m!.mountPath as string).replace(/\/+$/, "") || tsdbPath.startsWith(`${(m!.mountPath as string).replace(/\/+$/, "")}/`))
    .sort((a, b) => (b!.mountPath as string).length - (a!.mountPath as string).length)[0];
  const listen = flagValues(p.args, "web.listen-address")[0]?.value;
  const port = listen && /:(\d+)$/.exec(listen)?.[1] || "9090";
  return {
    name: "thanos-sidecar",
    image: THANOS_IMAGE_PLACEHOLDER,
    args: [
      "sidecar",
      `--tsdb.path=${tsdbPath}`,
      `--prometheus.url=http://localhost:${port}`,
      "--grpc-address=0.0.0.0:10901",
      "--http-address=0.0.0.0:10902",
      `--objstore.config-file=${OBJSTORE_CONFIG_FILE}`,
    ],
    ports: [{ name: "grpc", containerPort: 10901 }, { name: "sidecar-http", containerPort: 10902 }],
    // Thanos serves these on its HTTP port; /-/ready turns ready once Prometheus answers.
    readinessProbe: { httpGet: { path: "/-/ready", port: "sidecar-http" } },
    livenessProbe: { httpGet: { path: "/-/healthy", port: "sidecar-http" } },
    // The Thanos image runs as nobody and writes only to the shared TSDB volume: the restricted profile fits as is,
    // so the added container brings no Pod Security finding of its own.
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: (dataMount?.name as string | undefined) ?? DATA_VOLUME_PLACEHOLDER, mountPath: (dataMount?.mountPath as string | undefined) ?? tsdbPath },
      OBJSTORE_MOUNT,
    ],
  };
}

export default defineRule({
  meta: {
    id: "observability/thanos-sidecar-missing",
    title: "Prometheus must run with a Thanos sidecar",
    defaultSeverity: "warning",
    kinds: ["Prometheus", "StatefulSet", "Deployment"],
    crossObject: false,
    fix: "unsafe",
    guide: "§1A Prometheus & Thanos HA",
  },
  check(ctx) {
    const o = ctx.object;
    if (isMonitoringResource(o, "Prometheus")) {
      if (asObject(getIn(o.value, ["spec", "thanos"]))) return;
      // Remote write (to Thanos Receive, Mimir, …) is the other way off local disk; a sidecar is then not needed.
      if (asArray(getIn(o.value, ["spec", "remoteWrite"])).length > 0) return;
      ctx.report({
        message: `Prometheus "${o.name}" has no Thanos sidecar (spec.thanos): a Querier cannot deduplicate its replicas and its data never leaves local disk.`,
        path: ["spec", "thanos"],
        anchor: "key",
        fix: (): Fix | undefined => {
          const edit = setField(o, ["spec", "thanos"], { objectStorageConfig: OBJSTORE_SECRET_REF });
          return edit && { title: `Add a Thanos sidecar to Prometheus "${o.name}" (object storage secret is a placeholder)`, safe: false, edits: [edit] };
        },
      });
      return;
    }
    const servers = prometheusContainersOf(o);
    if (servers.length === 0 || thanosContainersOf(o).some((t) => t.component === "sidecar")) return;
    for (const p of servers) {
      if (isAgentMode(p)) continue;
      ctx.report({
        message: `${o.kind} "${o.name}" runs Prometheus (container "${p.container.name}") without a Thanos sidecar: a Querier cannot deduplicate its replicas and its data never leaves local disk.`,
        path: p.container.path,
        key: p.container.name,
        fix: (): Fix | undefined => {
          const container = appendToList(o, [...p.template.specPath, "containers"], [sidecarFor(p)]);
          const volume = appendToList(o, [...p.template.specPath, "volumes"], [OBJSTORE_VOLUME]);
          if (!container || !volume) return undefined;
          return { title: `Add a Thanos sidecar container to ${o.kind} "${o.name}" (image version and object storage secret are placeholders)`, safe: false, edits: [container, volume] };
        },
      });
    }
  },
});
