// operations/missing-probes: long-running containers need readiness and liveness probes (guide §4 day-2 operations).
import { isHelmTestHook, looksLikePatch } from "../../model/intent.js";
import { defineRule, type Fix } from "../../api.js";
import { setFields } from "../../model/edit.js";
import { asArray, asObject, type Json } from "../../model/object.js";
import { containersOf, LONG_RUNNING_KINDS, podTemplateOf } from "../../model/podspec.js";
import { anyServiceSelects } from "../../model/services.js";
import { podSourceIn } from "../../model/workloads.js";

const CONSEQUENCE = {
  readinessProbe: "Services send it traffic before it is ready and during rollouts",
  livenessProbe: "a hung process is never restarted",
} as const;
/** A container that exposes no port gets no Service traffic; what its readiness still decides is rollout progress. */
const NO_PORT_READINESS = "rollouts count it ready as soon as it starts";
const LABEL = { readinessProbe: "readiness probe", livenessProbe: "liveness probe" } as const;
/**
 * Sidecars that put TLS and authorization in front of another container's port (kube-rbac-proxy beside an exporter or
 * a controller's metrics): the main container's probes are what matter; on the labelled sets every such finding was noise.
 */
const AUXILIARY_PROXY = /(^|\/)kube-rbac-proxy(:|@|$)/;

/** The container's first TCP port (its name when it has one), the only thing a probe can be built from without guessing a path. */
function firstTcpPort(c: { value: Record<string, Json> }): string | number | undefined {
  for (const p of asArray(c.value.ports).map(asObject)) {
    if (!p || (p.protocol !== undefined && p.protocol !== "TCP")) continue;
    if (typeof p.name === "string" && p.name) return p.name;
    if (typeof p.containerPort === "number") return p.containerPort;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: "operations/missing-probes",
    title: "Long-running containers must have readiness and liveness probes",
    defaultSeverity: "warning",
    kinds: LONG_RUNNING_KINDS,
    crossObject: true,
    fix: "unsafe",
    guide: "§4 Day 2 Operations",
    sources: {
      kubeLinter: ["no-readiness-probe", "no-liveness-probe"],
      polaris: ["readinessProbeMissing", "livenessProbeMissing"],
      kubeScore: ["pod-probes"],
    },
    options: {
      readiness: { type: "boolean", default: true, description: "Report containers without a readiness probe." },
      liveness: { type: "boolean", default: true, description: "Report containers without a liveness probe." },
      livenessBesideReadiness: { type: "boolean", default: false, description: "Also report a missing liveness probe when the container has a readiness probe." },
      sidecars: { type: "boolean", default: false, description: "Also report containers without probes in a pod where another container has a readiness probe (sidecars)." },
    },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    // A Helm test hook runs once and exits; a patch-shaped fragment is not the whole workload.
    if (!t || isHelmTestHook(o) || looksLikePatch(o)) return;
    const wanted = (["readinessProbe", "livenessProbe"] as const).filter((p) => ctx.options[p === "readinessProbe" ? "readiness" : "liveness"] !== false);
    // Init containers run to completion before the pod is ready; probes do not apply to them.
    const containers = containersOf(t, ["containers"]);
    // A pod is ready only when every container is: once one container has a readiness probe, the pod's traffic and
    // rollouts are gated, and the others are sidecars (exporters, proxies) whose own probes are rarely worth writing.
    const gated = containers.filter((c) => !!asObject(c.value.readinessProbe)).length;
    // Whether a Service in scope selects the pods (only then does readiness decide where traffic goes).
    const served = anyServiceSelects(ctx.index, o.namespace, podSourceIn(ctx.index, o)?.podLabels ?? t.labels);
    for (const c of containers) {
      if (containers.length > 1 && typeof c.value.image === "string" && AUXILIARY_PROXY.test(c.value.image) && ctx.options.sidecars !== true) continue;
      if (gated > 0 && !asObject(c.value.readinessProbe) && !asObject(c.value.livenessProbe) && ctx.options.sidecars !== true) continue;
      // Leaving liveness out beside a readiness probe is a deliberate, widely recommended choice (a wrong liveness
      // probe causes restart storms): on the real-world set every such finding (24) was noise.
      const ready = !!asObject(c.value.readinessProbe);
      const missing = wanted.filter((p) => !asObject(c.value[p]) && !(p === "livenessProbe" && ready && ctx.options.livenessBesideReadiness !== true));
      if (missing.length === 0) continue;
      // A liveness probe and no Service that sends the pods traffic (a tunnel connector, a leader-elected controller):
      // readiness would only gate rollouts, which the liveness probe already keeps from hanging.
      if (!served && missing.length === 1 && missing[0] === "readinessProbe" && asObject(c.value.livenessProbe)) continue;
      const what = missing.map((p) => `no ${LABEL[p]}`).join(" and ");
      const hasPorts = asArray(c.value.ports).length > 0;
      const port = firstTcpPort(c);
      const why = missing.map((p) => (p === "readinessProbe" && (!hasPorts || !served) ? NO_PORT_READINESS : CONSEQUENCE[p])).join(", and ");
      ctx.report({
        message: `Container "${c.name}" of ${o.kind} "${o.name}" has ${what}: ${why}.`,
        path: c.path,
        key: c.name,
        // Without a TCP port there is nothing to probe without guessing a command: no fix (and "fixable: none" in the CLI).
        fix: port === undefined ? undefined : (): Fix | undefined => {
          // One insertion for both probes: two insertions at one spot have no defined order, and fix-all skips them.
          const edits = setFields(o, c.path, Object.fromEntries(missing.map((p) => [p, { tcpSocket: { port } }])));
          if (!edits) return undefined;
          return { title: `Add a TCP ${missing.map((p) => LABEL[p]).join(" and ")} on port ${port} to container "${c.name}" (check it fits the app)`, safe: false, edits };
        },
      });
    }
  },
});
