// Kubernetes Status bodies (401, 403, 404, 405, 410) exactly as kube-apiserver shapes them.
import type { ApiResource } from "./resources.js";

export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

function status(code: number, reason: string, message: string, details?: StatusBody["details"]): StatusBody {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

export function unauthorized(): StatusBody {
  return status(401, "Unauthorized", "Unauthorized");
}

export function forbidden(user: string, verb: string, r: ApiResource, namespace?: string, name?: string): StatusBody {
  const qualified = r.group ? `${r.plural}.${r.group}` : r.plural;
  const target = name ? `${qualified} "${name}"` : qualified;
  const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  return status(
    403,
    "Forbidden",
    `${target} is forbidden: User "${user}" cannot ${verb} resource "${r.plural}" in API group "${r.group}" ${scope}`,
    { ...(name ? { name } : {}), group: r.group, kind: r.plural },
  );
}

export function notFound(r: ApiResource, name: string): StatusBody {
  const qualified = r.group ? `${r.plural}.${r.group}` : r.plural;
  return status(404, "NotFound", `${qualified} "${name}" not found`, { name, group: r.group, kind: r.plural });
}

export function methodNotAllowed(): StatusBody {
  return status(405, "MethodNotAllowed", "the stand-in API server is read-only: only get, list and watch are served");
}

export function gone(message: string): StatusBody {
  return status(410, "Expired", message);
}

export function badRequest(message: string): StatusBody {
  return status(400, "BadRequest", message);
}
