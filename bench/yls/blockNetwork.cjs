// Preloaded (--require) into the standalone yaml-language-server: any outbound connection or DNS lookup fails and is logged.
"use strict";
const net = require("node:net");
const dns = require("node:dns");
const MARK = "kubeready-blocked-network:";
function blocked(what) {
  process.stderr.write(`${MARK} ${what}\n`);
  return new Error(`network disabled by kubeready benchmark: ${what}`);
}
net.Socket.prototype.connect = function (options) {
  throw blocked(`connect ${JSON.stringify(options && typeof options === "object" ? { host: options.host, port: options.port, path: options.path } : options)}`);
};
dns.lookup = function (host) { throw blocked(`lookup ${host}`); };
globalThis.fetch = async function (input) { throw blocked(`fetch ${String(input)}`); };
