// network/ingress-backend-missing: an Ingress backend must name a Service in scope and one of its ports.
import { defineRule } from "../../api.js";
import { asArray, asObject, getIn, type JsonObject, type KObject } from "../../model/object.js";
import type { Path } from "../../model/position.js";
import { madeByOperator, serviceOf, type ServiceInfo } from "../../model/services.js";
import { partnerCouldBeInScope, reachableElsewhere } from "../../model/units.js";

interface Backend {
  service: string;
  port: number | string | undefined;
  /** Where the backend names its Service, and its port. */
  namePath: Path;
  portPath: Path;
}

export default defineRule({
  meta: {
    id: "network/ingress-backend-missing",
    title: "Ingress backends must name an existing Service and one of its ports",
    defaultSeverity: "warning",
    kinds: ["Ingress"],
    crossObject: true,
    fix: "none",
    sources: { kubeLinter: ["dangling-ingress"], kubeScore: ["ingress-targets-service"] },
  },
  check(ctx) {
    const o = ctx.object;
    if (o.partial) return;
    const ns = o.namespace;
    const seen = new Set<string>();
    for (const b of backendsOf(o)) {
      let services = ctx.index.named("Service", ns, b.service).map(serviceOf).filter((s): s is ServiceInfo => s !== undefined);
      // An Ingress that names no namespace may be applied beside a Service of another namespace deployed with it.
      if (services.length === 0) services = reachableElsewhere(o, ctx.index.ofKind("Service").filter((x) => x.name === b.service)).map(serviceOf).filter((s): s is ServiceInfo => s !== undefined);
      const key = b.namePath.join(".");
      if (services.length === 0) {
        if (seen.has(`missing:${b.service}`)) continue;
        seen.add(`missing:${b.service}`);
        // Only judge when Services deployed with the Ingress are in scope (else they come from a chart or another
        // repository), and not when an operator's custom resource would make it (`<resource>-<suffix>` by convention).
        if (!partnerCouldBeInScope(o, ctx.index.inNamespace("Service", ns))) continue;
        if (madeByOperator(ctx.index.inNamespaceAll(ns), b.service)) continue;
        ctx.report({
          message: `Ingress "${o.name}" routes to Service "${b.service}", which is not in scope in namespace "${ns}" although other Services deployed with it are; requests to this backend get 503.`,
          path: b.namePath,
          key,
        });
        continue;
      }
      if (b.port === undefined) continue;
      const withPorts = services.filter((s) => s.ports.length > 0);
      if (withPorts.length === 0) continue;
      const matches = (s: ServiceInfo) => s.ports.some((p) => (typeof b.port === "number" ? p.port === b.port : p.name === b.port));
      if (withPorts.some(matches)) continue;
      const have = withPorts[0].ports.map((p) => (typeof b.port === "number" ? String(p.port) : p.name ? `"${p.name}"` : `${p.port} (unnamed)`)).join(", ");
      ctx.report({
        message: `Ingress "${o.name}" routes to port ${typeof b.port === "number" ? b.port : `"${b.port}"`} of Service "${b.service}", which has no such port (it has ${have}); requests to this backend get 503.`,
        path: b.portPath,
        key: `${key}.port`,
        related: [{ on: withPorts[0].object, path: ["spec", "ports"], anchor: "key", message: `Service "${b.service}": its ports` }],
      });
    }
  },
});

/** The Service backends of an Ingress: networking.k8s.io/v1 and the older v1beta1 shapes. */
function backendsOf(o: KObject): Backend[] {
  const out: Backend[] = [];
  const add = (backend: JsonObject | undefined, path: Path) => {
    if (!backend) return;
    const svc = asObject(backend.service);
    if (svc && typeof svc.name === "string" && svc.name) {
      const port = asObject(svc.port);
      const value = typeof port?.number === "number" ? port.number : typeof port?.name === "string" ? port.name : undefined;
      const portPath = [...path, "service", "port", typeof port?.number === "number" ? "number" : "name"];
      out.push({ service: svc.name, port: value, namePath: [...path, "service", "name"], portPath });
    } else if (typeof backend.serviceName === "string" && backend.serviceName) {
      const sp = backend.servicePort;
      const port = typeof sp === "number" ? sp : typeof sp === "string" && sp !== "" ? (/^\d+$/.test(sp) ? Number(sp) : sp) : undefined;
      out.push({ service: backend.serviceName, port, namePath: [...path, "serviceName"], portPath: [...path, "servicePort"] });
    }
  };
  add(asObject(getIn(o.value, ["spec", "defaultBackend"])), ["spec", "defaultBackend"]);
  add(asObject(getIn(o.value, ["spec", "backend"])), ["spec", "backend"]);
  asArray(getIn(o.value, ["spec", "rules"])).forEach((r, i) => {
    asArray(getIn(r, ["http", "paths"])).forEach((p, j) => add(asObject(getIn(p, ["backend"])), ["spec", "rules", i, "http", "paths", j, "backend"]));
  });
  return out;
}
