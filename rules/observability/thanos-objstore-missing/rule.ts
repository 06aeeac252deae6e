// observability/thanos-objstore-missing: a Thanos sidecar without object storage keeps all history on local disk (guide §1A).
import { defineRule, type Fix, type TextEdit } from "../../api.js";
import { appendBlockItems } from "../../model/block-edit.js";
import { appendToList, setField } from "../../model/edit.js";
import { crUsesObjectStorage, flagListPath, isMonitoringResource, thanosContainersOf, thanosSpecOf, usesObjectStorage } from "../../model/prometheus.js";

export const OBJSTORE_SECRET_PLACEHOLDER = "<REPLACE_ME_OBJSTORE_SECRET>";

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
          const edit = setField(o, ["spec", "thanos", "objectStorageConfig"], { name: OBJSTORE_SECRET_PLACEHOLDER, key: "objstore.yml" });
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
            appendToList(o, flagListPath(s.container), ["--objstore.config-file=/etc/thanos/objstore.yml"]),
            appendBlockItems(o, [...s.container.path, "volumeMounts"], [{ name: "thanos-objstore", mountPath: "/etc/thanos", readOnly: true }]),
            appendBlockItems(o, [...s.template.specPath, "volumes"], [{ name: "thanos-objstore", secret: { secretName: OBJSTORE_SECRET_PLACEHOLDER } }]),
          ];
          if (edits.some((e) => !e)) return undefined;
          return { title: `Configure object storage for sidecar "${s.container.name}" (secret name is a placeholder)`, safe: false, edits: edits as TextEdit[] };
        },
      });
    }
  },
});
