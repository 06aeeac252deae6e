// hardening/root-group: runAsGroup, fsGroup or supplementalGroups of 0 put the pod's processes and files in the root group.
import { defineRule } from "../../api.js";
import { asArray, asObject } from "../../model/object.js";
import { containersOf, effectiveSecurityContext, podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import { patchJudgedAlone } from "../../model/units.js";

/** The pod's root-group settings: one fact of the pod. */
const POD_GROUP = { subject: "" };

export default defineRule({
  meta: {
    id: "hardening/root-group",
    title: "Pods must not run with the root group (runAsGroup, fsGroup or supplementalGroups 0)",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    // A kustomize patch of a base out of sight is judged on the values it sets (model/units.ts patchJudgedAlone).
    partialObjects: true,
    fix: "none",
    guide: "§2B Pod Security Standards — run as non-root",
  },
  check(ctx) {
    if (ctx.object.partial && !patchJudgedAlone(ctx.object)) return;
    const t = podTemplateOf(ctx.object);
    if (!t) return;
    const psc = asObject(t.spec.securityContext) ?? {};
    const where = (field: string) => `${ctx.object.kind} "${ctx.object.name}" sets ${field}: 0`;
    if (psc.fsGroup === 0) {
      ctx.report({ message: `${where("fsGroup")}: its volumes become owned by the root group, and every process gets group 0 as a supplementary group.`, path: [...t.specPath, "securityContext", "fsGroup"], key: "fsGroup", fact: POD_GROUP });
    }
    asArray(psc.supplementalGroups).forEach((g, i) => {
      if (g !== 0) return;
      ctx.report({ message: `${where("supplementalGroups")} (entry ${i + 1}): every process of the pod is in the root group and can use files that group 0 may access.`, path: [...t.specPath, "securityContext", "supplementalGroups", i], key: `supplementalGroups.${i}`, fact: POD_GROUP });
    });
    // runAsGroup is inherited: reported once where it is written (the pod level for all containers that do not override it).
    const reported = new Set<string>();
    const containers = containersOf(t, ["initContainers", "containers"]);
    // A patch that sets the pod's runAsGroup without naming containers sets it for every container of the base.
    if (ctx.object.partial && containers.length === 0 && psc.runAsGroup === 0) {
      ctx.report({ message: `${where("runAsGroup")} in the pod's securityContext: every container that does not set its own runs with the root group.`, path: [...t.specPath, "securityContext", "runAsGroup"], key: "runAsGroup.pod" });
    }
    for (const c of containers) {
      const g = effectiveSecurityContext(t, c, "runAsGroup");
      if (g.value !== 0 || !g.path) continue;
      const at = g.path.join(".");
      if (reported.has(at)) continue;
      reported.add(at);
      ctx.report({
        message: g.level === "pod"
          ? `${where("runAsGroup")} in the pod's securityContext: its containers' processes run with the root group (container "${c.name}" and every other that does not set its own).`
          : `Container "${c.name}" sets runAsGroup: 0: its processes run with the root group.`,
        path: g.path,
        key: `runAsGroup.${at}`,
        // The pod's runAsGroup, fsGroup and supplementalGroups are one setting; a container's own runAsGroup is its own edit.
        fact: g.level === "pod" ? POD_GROUP : { subject: c.name },
      });
    }
  },
});
