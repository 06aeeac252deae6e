// autoscaling/cluster-autoscaler-scale-down: the Cluster Autoscaler in the repository removes the nodes it added, and not minutes after adding them (guide §3C).
import { defineRule } from "../../api.js";
import { clusterAutoscalerOf, flagIsTrue, parseGoDuration } from "../../model/cluster-autoscaler.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";

/** Scale-down timings whose defaults (10 minutes each) keep nodes from being removed as soon as load dips. */
const TIMINGS: readonly { flag: string; what: string }[] = [
  { flag: "scale-down-unneeded-time", what: "a node must be unneeded before it is removed" },
  { flag: "scale-down-delay-after-add", what: "scale-down waits after adding a node" },
];
const DEFAULT_MS = 10 * 60e3;

export default defineRule({
  meta: {
    id: "autoscaling/cluster-autoscaler-scale-down",
    title: "The Cluster Autoscaler should scale down, with its default pace or slower",
    defaultSeverity: "info",
    enabledByDefault: false,
    kinds: ["Deployment"],
    crossObject: false,
    fix: "unsafe",
    guide: "§3C Autoscaling — Cluster Autoscaler",
  },
  check(ctx) {
    const ca = clusterAutoscalerOf(ctx.object);
    if (!ca) return;
    const enabled = ca.flags.get("scale-down-enabled");
    if (enabled && !flagIsTrue(ca, "scale-down-enabled", true)) {
      ctx.report({
        message: `Deployment "${ca.object.name}" runs the Cluster Autoscaler with --scale-down-enabled=false: nodes it adds for pending pods are never removed, so the cluster only grows.`,
        path: enabled.path,
        key: "disabled",
      });
      return;
    }
    for (const { flag, what } of TIMINGS) {
      const f = ca.flags.get(flag);
      const ms = f && parseGoDuration(f.value);
      if (!f || ms === undefined || ms >= DEFAULT_MS) continue;
      ctx.report({
        message: `Deployment "${ca.object.name}" sets --${flag}=${f.value}, shorter than the default 10m that ${what}: nodes are removed as soon as load dips and added again when it returns, and pods are evicted each time; keep 10m or more in production.`,
        path: f.path,
        key: flag,
        fix: () => {
          // Only the one-item form (--flag=value); "--flag", "value" as two items is left to the user.
          if (getIn(ca.object.value, f.path) !== `--${flag}=${f.value}`) return undefined;
          const edit = setField(ca.object, f.path, `--${flag}=10m`);
          return edit && { title: `Use the default pace (--${flag}=10m)`, safe: false, edits: [edit] };
        },
      });
    }
  },
});
