// A minimal writing client for the real-cluster suite and the demo seeding (kubeready itself only reads): REST calls
// with the admin context's client certificate, and the demo's objects created through the API.
import * as https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { useContext } from "../../cluster/kubeconfig.js";
import { requestTarget } from "../../cluster/transport.js";
import { apiResources } from "../standin/resources.js";
import type { KubeObject } from "../standin/store.js";

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> | undefined;
}

export class AdminApi {
  private agent = new https.Agent({ keepAlive: true, maxSockets: 32 });
  private constructor(private readonly server: string, private readonly options: https.RequestOptions) {}

  static async forContext(kc: KubeConfig, context: string): Promise<AdminApi> {
    const admin = useContext(kc, context);
    if (!admin) throw new Error(`no context ${context}`);
    const target = await requestTarget(admin);
    return new AdminApi(target.server, target.options);
  }

  request(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<ApiAnswer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(this.server + path), {
        ...this.options,
        agent: this.agent,
        method,
        headers: { ...(this.options.headers ?? {}), accept: "application/json", ...(text ? { "content-type": contentType, "content-length": Buffer.byteLength(text) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          let parsed: Record<string, unknown> | undefined;
          try {
            parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
          } catch {
            parsed = { message: raw };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      if (text) req.write(text);
      req.end();
    });
  }

  async must(method: string, path: string, body?: unknown, contentType?: string): Promise<Record<string, unknown>> {
    const r = await this.request(method, path, body, contentType);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body ?? {};
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The REST collection path of an object's kind, or undefined for kinds the real API server does not serve (CRDs). */
export function collectionPath(o: { apiVersion: string; kind: string; metadata: { namespace?: string } }): string | undefined {
  const r = apiResources.find((x) => x.kind === o.kind && (x.group ? `${x.group}/${x.version}` : x.version) === o.apiVersion);
  if (!r || !r.builtin) return undefined;
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && o.metadata.namespace ? `${root}/namespaces/${o.metadata.namespace}/${r.plural}` : `${root}/${r.plural}`;
}

/** The object as a user would apply it: no server-set metadata, no status. */
export function asManifest(o: KubeObject): KubeObject {
  const { status: _status, ...rest } = o as KubeObject & { status?: unknown };
  const m = { ...(o.metadata as Record<string, unknown>) };
  for (const k of ["uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "ownerReferences", "selfLink"]) delete m[k];
  const out = { ...rest, metadata: m } as KubeObject & { spec?: Record<string, unknown> };
  // Cluster IPs of the stand-in's demo are not in this control plane's service range: let the API server pick.
  if (o.kind === "Service" && out.spec) {
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = out.spec;
    out.spec = spec;
  }
  return out;
}

/**
 * Creates the demo's objects (test/standin/demo) through the API: namespaces first; objects a controller made
 * (owned Pods, ReplicaSets, Jobs) are left to the controllers; kinds served only by CRDs are skipped.
 */
export async function seedObjects(api: AdminApi, objects: readonly KubeObject[]): Promise<{ created: number; skipped: string[] }> {
  const skipped: string[] = [];
  let created = 0;
  const ordered = [...objects].sort((a, b) => Number(b.kind === "Namespace") - Number(a.kind === "Namespace"));
  for (const o of ordered) {
    const owned = Array.isArray((o.metadata as { ownerReferences?: unknown[] }).ownerReferences) && ((o.metadata as { ownerReferences?: unknown[] }).ownerReferences!.length > 0);
    const path = collectionPath(o as never);
    const name = `${o.kind} ${(o.metadata as { namespace?: string }).namespace ?? ""}/${(o.metadata as { name: string }).name}`;
    if (owned || !path) {
      skipped.push(`${name} (${owned ? "made by its controller" : "CRD kind not installed"})`);
      continue;
    }
    const r = await api.request("POST", path, asManifest(o));
    if (r.status === 409) continue; // default, kube-system and the kubernetes Service exist already
    if (r.status === 401 || r.status >= 500) throw new Error(`creating ${name} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
    if (r.status < 200 || r.status > 299) {
      // What the real API server refuses (Pod Security admission in an enforcing namespace, validation) is reported, not fatal.
      skipped.push(`${name} (refused: ${r.status} ${String(r.body?.message ?? "").slice(0, 160)})`);
      continue;
    }
    created++;
  }
  return { created, skipped };
}

/** Binds the user kubeready-reader to a ClusterRole that may get, list and watch everything (and nothing else). */
export async function bindReader(api: AdminApi): Promise<void> {
  for (const [path, body] of [
    ["/apis/rbac.authorization.k8s.io/v1/clusterroles", { metadata: { name: "kubeready-reader" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }] }],
    ["/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      metadata: { name: "kubeready-reader" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kubeready-reader" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "kubeready-reader" }],
    }],
  ] as const) {
    const r = await api.request("POST", path, body);
    if (r.status !== 201 && r.status !== 409) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}
