// resources/best-effort: a pod template without any cpu or memory request or limit is BestEffort, the first to be evicted (guide §3A).
import { isLifecycleHook } from "../../model/intent.js";
import { defineRule } from "../../api.js";
import { PLACEHOLDER } from "../../model/new-document.js";
import { POD_KINDS, podTemplateOf } from "../../model/podspec.js";
import { qosOf } from "../../model/qos.js";
import { setFields } from "../../model/edit.js";
import { guaranteedRequiredBecause } from "../qos-not-guaranteed/rule.js";

export default defineRule({
  meta: {
    id: "resources/best-effort",
    title: "Pods must not run with BestEffort QoS",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe",
    guide: "§3A Quality of Service — BestEffort is first to be killed",
    sources: { kubeLinter: ["unset-cpu-requirements", "unset-memory-requirements"], polaris: ["cpuRequestsMissing", "memoryRequestsMissing"], kubeScore: ["container-resources"] },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    // An install or sync hook (a CRD-install Job, a migration run by Helm or Argo CD) runs once for seconds: an
    // eviction only makes the release retry it. Requests there are rarely worth the edit (all noise on real repositories).
    if (!t || isLifecycleHook(o)) return;
    const r = qosOf(t);
    if (r.qos !== "BestEffort") return;
    // A workload that must be Guaranteed gets resources/qos-not-guaranteed's finding (with its reason) instead of a second one here.
    if (guaranteedRequiredBecause(o, t.spec.priorityClassName, ctx.config)) return;
    const regular = r.owners.filter((w) => w.container?.kind === "containers");
    const first = regular[0] ?? r.owners[0];
    if (!first) return;
    if (JSON.stringify(t.spec).includes(PLACEHOLDER)) {
      // The quick fix ran and left its placeholders: say what is left to do instead of repeating the finding.
      ctx.report({ message: `${o.kind} "${o.name}" has resource placeholders (${PLACEHOLDER}) to fill in with real requests; until then its pods are BestEffort.`, path: first.container ? first.container.path : first.resourcesPath });
      return;
    }
    ctx.report({
      message: `${o.kind} "${o.name}" runs BestEffort pods: no container requests cpu or memory, so they are evicted first under node pressure and scheduled anywhere.`,
      path: first.container ? first.container.path : first.resourcesPath,
      fix: () => {
        // Requests only: a guess for limits would be CPU-limit dogma; the values are placeholders to fill in.
        const edits = regular.flatMap((w) => setFields(o, w.resourcesPath, { requests: { cpu: PLACEHOLDER, memory: PLACEHOLDER } }) ?? []);
        return edits.length ? { title: "Add cpu and memory requests to every container (placeholders to fill in)", safe: false, edits } : undefined;
      },
    });
  },
});
