// Generates the end-to-end suite's workspace: small manifests whose problems, lines and fixes are known.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The bad Deployment: its "api" container has no read-only root filesystem, keeps its capabilities and has no seccomp profile. */
export const BAD_DEPLOYMENT = `# A Deployment with a known problem: the api container is not hardened (no read-only root filesystem among others).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: e2e
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.2.3
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
`;

/**
 * Where the grouped hardening finding sits (it carries hardening/read-only-root-filesystem, pss/capabilities-restricted and
 * pss/seccomp-profile-restricted as one root cause): the container's securityContext key.
 */
export const BAD_FINDING = { rule: "hardening/read-only-root-filesystem", line: 20, column: 11, container: "api" };

/** The title of the grouped finding's full fix in the Ctrl+. menu. */
export const BAD_FIX_TITLE = "Harden the securityContext";

/**
 * The same file after that fix: the missing fields added under the existing container securityContext, and the pod's
 * seccomp profile in a new pod securityContext; the comment, the existing fields and their order kept.
 */
export const BAD_DEPLOYMENT_FIXED = BAD_DEPLOYMENT.replace(
  "            allowPrivilegeEscalation: false\n",
  "            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n                - ALL\n" +
  "      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n",
);

/** A replicated Deployment that no PodDisruptionBudget covers (for the cross-file availability rule). */
export const UNPROTECTED_DEPLOYMENT = `# A replicated Deployment that no PodDisruptionBudget covers.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: e2e
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:2.0.1
          securityContext:
            readOnlyRootFilesystem: true
`;

/** The PodDisruptionBudget for the web Deployment, typed into web-pdb.yaml by the suite. */
export const WEB_PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: e2e
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
`;

/** A second unprotected Deployment, for the missing-PDB quick fix. */
export const UNPROTECTED_WORKER = UNPROTECTED_DEPLOYMENT.replaceAll("web", "worker").replace("2.0.1", "3.1.4");

/** Writes a fresh workspace folder and returns its path. */
export function createWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = {
    "bad-deployment.yaml": BAD_DEPLOYMENT,
    "web-deployment.yaml": UNPROTECTED_DEPLOYMENT,
    "snippet-target.yaml": "",
    "web-pdb.yaml": "",
    "worker-deployment.yaml": UNPROTECTED_WORKER,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
