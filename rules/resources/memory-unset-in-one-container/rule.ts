// resources/memory-unset-in-one-container: in a pod whose containers set memory, the one that sets none is the unbounded, first-evicted outlier.
import { defineRule } from "../../api.js";
import { asObject, getIn } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS, type ContainerRef } from "../../model/podspec.js";

const memoryOf = (c: ContainerRef) => ({
  request: getIn(c.value, ["resources", "requests", "memory"]) !== undefined,
  limit: getIn(c.value, ["resources", "limits", "memory"]) !== undefined,
});

export default defineRule({
  meta: {
    id: "resources/memory-unset-in-one-container",
    title: "Every container should set memory when the other containers of its pod do",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "none",
    guide: "§3A Resource management",
    sources: { kubeLinter: ["unset-memory-requirements"], polaris: ["memoryRequestsMissing", "memoryLimitsMissing"], kubeScore: ["container-resources"] },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t) return;
    // Containers that run for the pod's lifetime (sidecars included); init containers run before and are judged apart.
    const running = containersOf(t, ["initContainers", "containers"]).filter((c) => c.kind === "containers" || c.sidecar);
    const setters = running.filter((c) => { const m = memoryOf(c); return m.request || m.limit; });
    if (setters.length === 0 || setters.length === running.length) return;
    for (const c of running) {
      const m = memoryOf(c);
      if (m.request || m.limit) continue;
      const res = asObject(c.value.resources);
      ctx.report({
        message: `Container "${c.name}" sets no memory request or limit although ${setters.map((s) => `"${s.name}"`).join(", ")} in the same pod ${setters.length === 1 ? "does" : "do"}: the scheduler reserves nothing for it and it may use the node's memory without bound.`,
        path: res ? [...c.path, "resources"] : [...c.path, "name"],
        anchor: "key",
        key: `${c.kind}.${c.name}`,
      });
    }
  },
});
