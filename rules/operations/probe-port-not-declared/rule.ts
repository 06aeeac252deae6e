// operations/probe-port-not-declared: a probe aimed at a named port the container does not declare always fails.
import { defineRule } from "../../api.js";
import { asArray, asObject } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["httpGet", "tcpSocket", "grpc"] as const;

export default defineRule({
  meta: {
    id: "operations/probe-port-not-declared",
    title: "Probes must target a port the container declares",
    defaultSeverity: "error",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "none",
    guide: "§3A Health checks",
    sources: { kubeLinter: ["liveness-port", "readiness-port", "startup-port"] },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t) return;
    const all = containersOf(t, ["initContainers", "containers"]);
    for (const c of all) {
      const ports = asArray(c.value.ports).map(asObject);
      const names = new Set(ports.map((p) => p?.name).filter((n): n is string => typeof n === "string"));
      for (const probe of PROBES) {
        const p = asObject(c.value[probe]);
        if (!p) continue;
        for (const h of HANDLERS) {
          const port = asObject(p[h])?.port;
          if (port === undefined || port === null) continue;
          const path = [...c.path, probe, h, "port"];
          if (typeof port === "string" && !/^\d+$/.test(port)) {
            if (names.has(port)) continue;
            ctx.report({
              message: `The ${probe} of container "${c.name}" targets port "${port}", which the container does not declare${names.size ? ` (its ports: ${[...names].join(", ")})` : ""}: the kubelet cannot resolve it and the probe always fails.`,
              path, key: `${c.kind}.${c.name}.${probe}`,
              // One undeclared port is one fact, however many probes target it.
              fact: { subject: String(port) },
            });
          }
        }
      }
    }
  },
});
