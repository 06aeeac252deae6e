// hardening/read-only-root-filesystem: every container's root filesystem must be read-only (guide §2B).
import { defineRule, type Related } from "../../api.js";
import { composeEdits } from "../../model/compose.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { containersOf, effectiveSecurityContext, podTemplateOf, POD_KINDS, type ContainerRef } from "../../model/podspec.js";
import { hardeningFact, hardeningTag } from "../../pss/grouping.js";

const WHY = "an attacker who gets in can then replace the container's binaries and libraries";

export default defineRule({
  meta: {
    id: "hardening/read-only-root-filesystem",
    title: "Containers must run with a read-only root filesystem",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    // An application that writes to its root filesystem (a cache, /tmp, a pid file) stops working: never in fix-all.
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
    const missing: ContainerRef[] = [];
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const rofs = effectiveSecurityContext(t, c, "readOnlyRootFilesystem");
      if (rofs.value === true) continue;
      if (rofs.value === undefined) { missing.push(c); continue; }
      // Set to false (or to something else) on purpose: its own finding, its own decision.
      const path = [...c.path, "securityContext", "readOnlyRootFilesystem"];
      ctx.report({
        message: `Container "${c.name}" sets readOnlyRootFilesystem: ${JSON.stringify(rofs.value)}: ${WHY}. Set it to true and mount an emptyDir where the application must write.`,
        path: rofs.path ?? path,
        key: `${c.kind}.${c.name}`,
        fix: () => {
          const edit = setField(ctx.object, path, true);
          return edit && { title: `Set readOnlyRootFilesystem: true on container "${c.name}" (may break containers that write outside their volumes)`, safe: false, edits: [edit] };
        },
      });
    }
    if (missing.length === 0) return;
    // Several containers without it: one finding on the first, one fix for all, the others as related locations.
    const [first, ...rest] = missing;
    const names = missing.map((c) => `"${c.name}"`).join(", ");
    const related: Related[] = rest.map((c) => ({ path: c.path, message: `container "${c.name}"` }));
    ctx.report({
      message: `${missing.length === 1 ? "Container" : "Containers"} ${names} ${missing.length === 1 ? "does" : "do"} not set securityContext.readOnlyRootFilesystem: true: ${WHY}. Set it and mount an emptyDir where the application must write.`,
      path: [...first.path, "securityContext", "readOnlyRootFilesystem"],
      anchor: "key",
      key: "missing",
      related,
      fix: () => {
        const edit = composeEdits(ctx.object, missing.map((c) => (cur) => {
          const tt = podTemplateOf(cur);
          const cc = tt && containersOf(tt, ["initContainers", "containers"]).find((x) => x.name === c.name);
          return cc ? setField(cur, [...cc.path, "securityContext", "readOnlyRootFilesystem"], true) : undefined;
        }));
        return edit && { title: `Set readOnlyRootFilesystem: true on ${missing.length === 1 ? "container" : "containers"} ${names}`, safe: false, edits: [edit] };
      },
      group: hardeningTag("hardening/read-only-root-filesystem", "readOnlyRootFilesystem", missing.map((c) => c.name), "container", ""),
      fact: hardeningFact(missing.map((c) => c.name)),
    });
  },
});
