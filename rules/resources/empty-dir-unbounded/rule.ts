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
    // Measured on the real-world set: 20 findings, nearly all small scratch and config directories (tmp for a
    // read-only root, plugin and rules folders) that never grow. Right, but rarely worth attention unless asked for.
    enabledByDefault: false,
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
    const unbounded: { name: string; index: number; writers: string[] }[] = [];
    asArray(t.spec.volumes).forEach((v, i) => {
      const volume = asObject(v);
      const emptyDir = volume && asObject(volume.emptyDir);
      // `emptyDir: {}` and `emptyDir:` (null) are both disk-backed; medium Memory counts against the memory limit.
      if (!volume || (!emptyDir && !(volume.emptyDir === null && "emptyDir" in volume))) return;
      if (emptyDir && (emptyDir.medium === "Memory" || emptyDir.sizeLimit !== undefined)) return;
      const name = typeof volume.name === "string" ? volume.name : String(i);
      const writers = containers.filter((c) => asArray(c.value.volumeMounts).some((m) => getIn(m, ["name"]) === name && getIn(m, ["readOnly"]) !== true));
      if (writers.length === 0) return;
      unbounded.push({ name, index: i, writers: writers.map((c) => c.name) });
    });
    if (unbounded.length === 0) return;
    // One finding per pod (one decision: bound its scratch space), the other volumes as related places.
    const [first, ...rest] = unbounded;
    const path = [...t.specPath, "volumes", first.index, "emptyDir"];
    const others = rest.length ? ` (also on ${rest.map((r) => `"${r.name}"`).join(", ")})` : "";
    ctx.report({
      message: `emptyDir volume "${first.name}" (written by ${first.writers.map((n) => `"${n}"`).join(", ")}) has no sizeLimit and no container of the pod sets an ephemeral-storage limit: it can fill the node's disk, and the kubelet then evicts other pods under DiskPressure; set sizeLimit${others}.`,
      path,
      anchor: "key",
      related: rest.map((r) => ({ path: [...t.specPath, "volumes", r.index, "emptyDir"], anchor: "key" as const, message: `emptyDir volume "${r.name}": no sizeLimit either` })),
      fix: () => {
        const edits = unbounded.map((u) => setField(o, [...t.specPath, "volumes", u.index, "emptyDir", "sizeLimit"], "<REPLACE_ME_SIZE>")).filter((e) => e !== undefined);
        return edits.length ? { title: `Set a sizeLimit on ${unbounded.length === 1 ? `emptyDir volume "${first.name}"` : `${unbounded.length} emptyDir volumes`}`, safe: false, edits } : undefined;
      },
    });
  },
});
