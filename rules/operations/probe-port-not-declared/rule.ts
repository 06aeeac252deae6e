// operations/probe-port-not-declared: a probe aimed at a named port the container does not declare always fails; a number no container declares is suspect.
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
    // Containers of a pod share its network: a numeric port may be served by a sibling.
    const podNumbers = new Set(all.flatMap((c) => asArray(c.value.ports).map((p) => asObject(p)?.containerPort)).filter((n): n is number => typeof n === "number"));
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
            });
          } else if (typeof port === "number" && podNumbers.size > 0 && !podNumbers.has(port) && h !== "grpc") {
            ctx.report({
              message: `The ${probe} of container "${c.name}" targets port ${port}, which no container of the pod declares (declared: ${[...podNumbers].join(", ")}); check that it is the port the application listens on.`,
              path, key: `${c.kind}.${c.name}.${probe}`,
              severity: "info",
            });
          }
        }
      }
    }
  },
});
