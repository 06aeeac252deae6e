// Test helper: makes any outbound connection, DNS lookup or fetch from this process fail and be counted.
import dns from "node:dns";
import net from "node:net";

export interface NetworkGuard {
  /** Every host or url something tried to reach since install(). */
  readonly attempts: string[];
  restore(): void;
}

export function installNetworkGuard(): NetworkGuard {
  const attempts: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  const originalFetch = globalThis.fetch;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push(`connect ${JSON.stringify(args[0])}`);
    throw new Error("network disabled in tests");
  } as typeof net.Socket.prototype.connect;
  (dns as { lookup: unknown }).lookup = (host: string) => {
    attempts.push(`lookup ${host}`);
    throw new Error("network disabled in tests");
  };
  globalThis.fetch = (async (input: unknown) => {
    attempts.push(`fetch ${String(input)}`);
    throw new Error("network disabled in tests");
  }) as typeof fetch;
  return {
    attempts,
    restore() {
      net.Socket.prototype.connect = originalConnect;
      (dns as { lookup: unknown }).lookup = originalLookup;
      globalThis.fetch = originalFetch;
    },
  };
}
