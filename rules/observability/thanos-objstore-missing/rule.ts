// observability/thanos-objstore-missing: a Thanos sidecar without object storage keeps all history on local disk (guide §1A).
import { defineRule, type Fix, type TextEdit } from "../../api.js";
import { appendToList, setField } from "../../model/edit.js";
import { crUsesObjectStorage, flagListPath, isMonitoringResource, thanosContainersOf, thanosSpecOf, usesObjectStorage } from "../../model/prometheus.js";
import { OBJSTORE_CONFIG_FILE, OBJSTORE_MOUNT, OBJSTORE_SECRET_REF, OBJSTORE_VOLUME } from "../storage.js";


export default defineRule({
  meta: {
    id: "observability/thanos-objstore-missing",
    title: "Thanos sidecars must upload to object storage",
    defaultSeverity: "warning",
    kinds: ["Prometheus", "StatefulSet", "Deployment"],
    crossObject: false,
    fix: "unsafe",
    guide: "§1A Prometheus & Thanos HA — Storage",
  },
  check(ctx) {
    const o = ctx.object;
    if (isMonitoringResource(o, "Prometheus")) {
      if (!thanosSpecOf(o) || crUsesObjectStorage(o)) return;
      ctx.report({
        message: `Prometheus "${o.name}" has a Thanos sidecar without objectStorageConfig: no block is uploaded, so history lives and dies with the local volume, which keeps growing.`,
        path: ["spec", "thanos"],
        anchor: "key",
        fix: (): Fix | undefined => {
          const edit = setField(o, ["spec", "thanos", "objectStorageConfig"], OBJSTORE_SECRET_REF);
          return edit && { title: `Add objectStorageConfig to the Thanos sidecar of "${o.name}" (secret name is a placeholder)`, safe: false, edits: [edit] };
        },
      });
      return;
    }
    for (const s of thanosContainersOf(o)) {
      if (s.component !== "sidecar" || usesObjectStorage(s)) continue;
      ctx.report({
        message: `Thanos sidecar container "${s.container.name}" of ${o.kind} "${o.name}" has no --objstore.config(-file): no block is uploaded, so history lives and dies with the local volume, which keeps growing.`,
        path: s.container.path,
        key: s.container.name,
        fix: (): Fix | undefined => {
          const edits = [
            appendToList(o, flagListPath(s.container), [`--objstore.config-file=${OBJSTORE_CONFIG_FILE}`]),
            appendToList(o, [...s.container.path, "volumeMounts"], [OBJSTORE_MOUNT]),
            appendToList(o, [...s.template.specPath, "volumes"], [OBJSTORE_VOLUME]),
          ];
          if (edits.some((e) => !e)) return undefined;
          return { title: `Configure object storage for sidecar "${s.container.name}" (secret name is a placeholder)`, safe: false, edits: edits as TextEdit[] };
        },
      });
    }
  },
});
