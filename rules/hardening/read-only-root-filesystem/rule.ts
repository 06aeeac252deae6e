// hardening/read-only-root-filesystem: every container's root filesystem must be read-only (guide §2B).
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { containersOf, effectiveSecurityContext, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

export default defineRule({
  meta: {
    id: "hardening/read-only-root-filesystem",
    title: "Containers must run with a read-only root filesystem",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe",
    guide: "§2B Pod Security Standards — Read-Only Root FS",
    sources: {
      kubeLinter: ["no-read-only-root-fs"],
      polaris: ["notReadOnlyRootFilesystem"],
      kubeScore: ["container-security-context-readonlyrootfilesystem"],
    },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t) return;
    // Windows has no read-only root filesystem: the API server rejects the field on a pod with spec.os.name: windows
    // (validateWindows), so the finding could never be fixed and its fix would make the object invalid.
    if (getIn(t.spec, ["os", "name"]) === "windows") return;
    // Ephemeral debug containers are attached by hand for troubleshooting; they are not part of the workload.
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const rofs = effectiveSecurityContext(t, c, "readOnlyRootFilesystem");
      if (rofs.value === true) continue;
      const path = [...c.path, "securityContext", "readOnlyRootFilesystem"];
      ctx.report({
        message: rofs.value === false
          ? `Container "${c.name}" sets readOnlyRootFilesystem: false; an attacker can modify its system files.`
          : `Container "${c.name}" does not set securityContext.readOnlyRootFilesystem: true; an attacker can modify its system files.`,
        path: rofs.path ?? path,
        anchor: rofs.path ? "value" : "key",
        key: `${c.kind}.${c.name}`,
        fix: () => {
          const edit = setField(ctx.object, path, true);
          return edit && { title: `Set readOnlyRootFilesystem: true on container "${c.name}" (may break containers that write outside their volumes)`, safe: false, edits: [edit] };
        },
      });
    }
  },
});
