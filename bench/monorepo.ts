// A generated monorepo for the scale bench (bench/peers.ts): teams with a namespace each, services with a workload,
// its Service, a ConfigMap and a PodDisruptionBudget per file (about 5 KB), so cross-object rules have partners in
// other files of the same namespace, and the number of namespaces grows with the size (as it does in a real monorepo).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Services per team (one namespace each): a larger repository has more teams, not fuller namespaces. */
const SERVICES_PER_TEAM = 50;

function serviceFile(team: number, svc: number): string {
  const ns = `team-${team}`;
  const app = `svc-${svc}`;
  const env = Array.from({ length: 12 }, (_, k) => `            - {name: SETTING_${k}, value: "team ${team} service ${svc} setting ${k}"}`).join("\n");
  const config = Array.from({ length: 40 }, (_, k) => `    key.${k}: "value ${k} of ${app} in ${ns}, long enough to look like real configuration"`).join("\n");
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}, team: "${team}"}
spec:
  replicas: ${svc % 3 === 0 ? 1 : 3}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}, team: "${team}"}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: registry.example.com/${ns}/${app}:${svc % 5 === 0 ? "latest" : `1.${svc}.0`}
          ports:
            - {name: http, containerPort: 8080}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: ${svc % 4 !== 0}
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /ready, port: http}
          env:
${env}
          envFrom:
            - configMapRef: {name: ${app}-config}
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector: {app: ${svc % 7 === 0 ? `${app}-old` : app}}
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: ${app}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
${config}
`;
}

/** Writes `files` service files (plus a namespace file per team) under `dir`; returns the bytes written. */
export function writeMonorepo(dir: string, files: number): { bytes: number; files: number } {
  let bytes = 0;
  let written = 0;
  for (let i = 0; i < files; i++) {
    const team = Math.floor(i / SERVICES_PER_TEAM);
    const svc = i % SERVICES_PER_TEAM;
    const teamDir = join(dir, "teams", `team-${team}`);
    if (svc === 0) {
      mkdirSync(teamDir, { recursive: true });
      const ns = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${team}\n  labels: {pod-security.kubernetes.io/enforce: restricted}\n`;
      writeFileSync(join(teamDir, "namespace.yaml"), ns);
      bytes += ns.length;
      written++;
    }
    const text = serviceFile(team, svc);
    writeFileSync(join(teamDir, `svc-${svc}.yaml`), text);
    bytes += text.length;
    written++;
  }
  return { bytes, files: written };
}
