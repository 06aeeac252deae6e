// Cluster access failures as data: what went wrong, for which kind and namespace, in words a user can act on.

/** `malformed`: the server's answer had a shape a list cannot have (items skipped, paging that did not advance); `limit`: the objects-per-kind cap was hit. */
export type ClusterErrorCode = "forbidden" | "unauthorized" | "unreachable" | "tls" | "timeout" | "notFound" | "gone" | "cancelled" | "malformed" | "limit" | "other";

export interface ClusterError {
  code: ClusterErrorCode;
  message: string;
  /** The kind the request was for; absent for errors that concern the whole cluster (unreachable, unauthorized). */
  kind?: string;
  namespace?: string;
  /** HTTP status when the API server answered. */
  status?: number;
  /**
   * Nothing usable was read: the first request to the server failed (whatever its code), or the one namespace asked for
   * does not exist. Such an error stands for the whole snapshot, as the cluster-wide codes do (see `isFatal`).
   */
  fatal?: boolean;
}

/** Codes that say nothing further will work with this context, so one message stands for the whole cluster. */
export const clusterWideCodes: ReadonlySet<ClusterErrorCode> = new Set(["unauthorized", "unreachable", "tls", "timeout", "cancelled"]);

/** Whether an error stands for the whole snapshot: nothing else was (or could be) read, so there is nothing to report on. */
export function isFatal(e: ClusterError): boolean {
  return e.fatal === true || clusterWideCodes.has(e.code);
}

export class ClusterRequestError extends Error {
  constructor(readonly code: ClusterErrorCode, message: string, readonly status?: number) {
    super(message);
    this.name = "ClusterRequestError";
  }
}

const unreachableErrnos = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EPIPE"]);

/** Maps an HTTP status and the Status body kube-apiserver sends with it to a ClusterRequestError. */
export function errorFromStatus(status: number, body: unknown, server: string): ClusterRequestError {
  const statusMessage = body && typeof body === "object" && typeof (body as { message?: unknown }).message === "string"
    ? (body as { message: string }).message
    : undefined;
  switch (status) {
    case 401:
      return new ClusterRequestError("unauthorized", `The credentials for ${server} were rejected (401 Unauthorized): they may have expired.`, status);
    case 403:
      return new ClusterRequestError("forbidden", statusMessage ?? "Forbidden", status);
    case 404:
      return new ClusterRequestError("notFound", statusMessage ?? "Not found", status);
    case 410:
      return new ClusterRequestError("gone", statusMessage ?? "Gone: the resource version is too old", status);
    default:
      return new ClusterRequestError("other", `${server} answered ${status}${statusMessage ? `: ${statusMessage}` : ""}`, status);
  }
}

/** Maps a thrown error (socket, TLS, abort, credential plugin) to a ClusterRequestError. */
export function errorFromException(e: unknown, server: string, timedOut: boolean, timeoutMs: number): ClusterRequestError {
  if (e instanceof ClusterRequestError) return e;
  const err = e as { code?: string; name?: string; message?: string };
  if (timedOut) return new ClusterRequestError("timeout", `${server} did not answer within ${timeoutMs} ms.`);
  if (err?.name === "AbortError" || err?.code === "ABORT_ERR") return new ClusterRequestError("cancelled", "The request was cancelled.");
  if (err?.code && unreachableErrnos.has(err.code)) {
    return new ClusterRequestError("unreachable", `Cannot reach the cluster at ${server} (${err.code}).`);
  }
  if (err?.message === "socket hang up") return new ClusterRequestError("unreachable", `The connection to ${server} was closed (socket hang up).`);
  // Node's codes: DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED,
  // ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_WRONG_VERSION_NUMBER (an https:// URL for a plain-HTTP port), …
  if (err?.code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|SIGNATURE/.test(err.code)) {
    const hint = /CERT|SIGNATURE|SELF_SIGNED|UNABLE_TO_VERIFY/.test(err.code)
      ? "; check certificate-authority (or certificate-authority-data) of the cluster in the kubeconfig"
      : "";
    return new ClusterRequestError("tls", `TLS error talking to ${server}: ${err.message ?? err.code} (${err.code})${hint}.`);
  }
  return new ClusterRequestError("other", err?.message ?? String(e));
}

export function toClusterError(e: ClusterRequestError, kind?: string, namespace?: string): ClusterError {
  return {
    code: e.code,
    message: e.message,
    ...(kind && !clusterWideCodes.has(e.code) ? { kind } : {}),
    ...(namespace && !clusterWideCodes.has(e.code) ? { namespace } : {}),
    ...(e.status ? { status: e.status } : {}),
  };
}
