// CLI for the stand-in API server: `node --import tsx test/standin/main.ts --demo [--port N] [--tls] [--large NSxPODS]`.
import { copyFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { generateLargeCluster, loadDemoCluster, loadManifests } from "./fixtures.js";
import { startStandin } from "./server.js";
import type { KubeObject } from "./store.js";

const { values } = parseArgs({
  options: {
    demo: { type: "boolean", default: false },
    manifests: { type: "string" },
    large: { type: "string" },
    port: { type: "string", default: "0" },
    token: { type: "string" },
    tls: { type: "boolean", default: false },
    kubeconfig: { type: "string" },
    "latency-ms": { type: "string", default: "0" },
  },
});

const objects: KubeObject[] = [];
if (values.demo) objects.push(...loadDemoCluster());
if (values.manifests) objects.push(...loadManifests(values.manifests));
if (values.large) {
  const [namespaces, pods] = values.large.split("x").map(Number);
  objects.push(...generateLargeCluster({ namespaces: namespaces ?? 500, podsPerNamespace: pods ?? 20 }));
}

async function main(): Promise<void> {
  const standin = await startStandin({
    objects,
    port: Number(values.port),
    tls: values.tls,
    latencyMs: Number(values["latency-ms"]),
    ...(values.token ? { token: values.token } : {}),
  });
  let kubeconfigPath = standin.kubeconfigPath;
  if (values.kubeconfig) {
    copyFileSync(standin.kubeconfigPath, values.kubeconfig);
    kubeconfigPath = values.kubeconfig;
  }
  console.log(`stand-in Kubernetes API server at ${standin.url} (${objects.length} objects)`);
  console.log(`KUBECONFIG=${kubeconfigPath}`);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      void standin.close().then(() => process.exit(0));
    });
  }
}

void main();
