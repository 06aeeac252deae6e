// `npm run cluster:seed -- --kubeconfig FILE`: creates the demo's namespaces and workloads (test/standin/demo) in the
// real control plane that `npm run cluster:real` started, so the extension's tree can be tried against it.
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { loadDemoCluster } from "../standin/fixtures.js";
import { AdminApi, bindReader, seedObjects } from "./api.js";

const i = process.argv.indexOf("--kubeconfig");
const path = i > 0 ? process.argv[i + 1] : undefined;
if (!path) {
  process.stderr.write("usage: npm run cluster:seed -- --kubeconfig FILE (the file npm run cluster:real wrote)\n");
  process.exit(2);
}
const load = loadKubeconfig({ path });
if (!load.ok) {
  process.stderr.write(`cluster:seed: ${load.error.message}\n`);
  process.exit(2);
}
async function main(kc: NonNullable<Extract<typeof load, { ok: true }>["kc"]>): Promise<void> {
const api = await AdminApi.forContext(kc, "kubeready-real-admin");
try {
  await bindReader(api);
  const seeded = await seedObjects(api, loadDemoCluster());
  process.stdout.write(`Created ${seeded.created} demo objects; left out ${seeded.skipped.length}; context kubeready-real-reader may now read everything:\n${seeded.skipped.map((s) => `  ${s}\n`).join("")}`);
} finally {
  api.close();
}
}

main(load.kc).catch((e: unknown) => {
  process.stderr.write(`cluster:seed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
