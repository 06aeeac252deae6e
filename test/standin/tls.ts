// A throwaway self-signed certificate for 127.0.0.1 (via the openssl CLI) so the stand-in can also speak HTTPS.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function selfSignedCertificate(dir: string): { keyPem: string; certPem: string } {
  const keyFile = join(dir, "tls.key");
  const certFile = join(dir, "tls.crt");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=kubeready-standin",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ], { stdio: "ignore" });
  return { keyPem: readFileSync(keyFile, "utf8"), certPem: readFileSync(certFile, "utf8") };
}
