// resources/empty-dir-unbounded: a disk-backed emptyDir with no sizeLimit in a pod with no ephemeral-storage limit can fill the node's disk.
import { defineRule } from "../../api.js";
import { looksLikePatch } from "../../model/intent.js";
import { asArray, asObject, getIn } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import { setField } from "../../model/edit.js";

export default defineRule({
  meta: {
    id: "resources/empty-dir-unbounded",
    title: "Disk-backed emptyDir volumes need a sizeLimit or an ephemeral-storage limit",
    defaultSeverity: "info",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe", // the size is a guess: a placeholder the owner must set
    guide: "§3A Resource management",
    sources: { kubeScore: ["container-ephemeral-storage-request-and-limit"] },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    if (!t || o.partial || looksLikePatch(o)) return;
    // Pod-level resources, or any container's limit, bound the pod's whole ephemeral usage (emptyDir included): the kubelet
    // evicts the pod, not its neighbours.
    if (getIn(t.spec, ["resources", "limits", "ephemeral-storage"]) !== undefined) return;
    const containers = containersOf(t, ["initContainers", "containers"]);
    if (containers.some((c) => getIn(c.value, ["resources", "limits", "ephemeral-storage"]) !== undefined)) return;
    asArray(t.spec.volumes).forEach((v, i) => {
      const volume = asObject(v);
      const emptyDir = volume && asObject(volume.emptyDir);
      // `emptyDir: {}` and `emptyDir:` (null) are both disk-backed; medium Memory counts against the memory limit.
      if (!volume || (!emptyDir && !(volume.emptyDir === null && "emptyDir" in volume))) return;
      if (emptyDir && (emptyDir.medium === "Memory" || emptyDir.sizeLimit !== undefined)) return;
      const name = typeof volume.name === "string" ? volume.name : String(i);
      const writers = containers.filter((c) => asArray(c.value.volumeMounts).some((m) => getIn(m, ["name"]) === name && getIn(m, ["readOnly"]) !== true));
      if (writers.length === 0) return;
      const path = [...t.specPath, "volumes", i, "emptyDir"];
      ctx.report({
        message: `emptyDir volume "${name}" (written by ${writers.map((c) => `"${c.name}"`).join(", ")}) has no sizeLimit and no container of the pod sets an ephemeral-storage limit: it can fill the node's disk, and the kubelet then evicts other pods under DiskPressure; set sizeLimit.`,
        path,
        anchor: "key",
        key: `volume.${name}`,
        fix: () => {
          const edit = setField(o, [...path, "sizeLimit"], "<REPLACE_ME_SIZE>");
          return edit && { title: `Set a sizeLimit on emptyDir volume "${name}"`, safe: false, edits: [edit] };
        },
      });
    });
  },
});
