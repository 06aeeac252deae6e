// Tests for availability/pdb-blocks-eviction.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1}]
`;
const pdb = (spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
${spec}`;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web:1}]
`;

testRule(rule, {
  valid: [
    { name: "minAvailable below the replica count", yaml: `${pdb("  minAvailable: 2\n")}---\n${deploy(3)}` },
    { name: "minAvailable 50% of 3 keeps 2 (rounded up), allows 1", yaml: `${pdb("  minAvailable: 50%\n")}---\n${deploy(3)}` },
    { name: "maxUnavailable 10% of 3 rounds up to 1", yaml: `${pdb("  maxUnavailable: 10%\n")}---\n${deploy(3)}` },
    { name: "maxUnavailable 1 with a single pod", yaml: `${pdb("  maxUnavailable: 1\n")}---\n${deploy(1)}` },
    { name: "no workload in scope: the count is unknown", yaml: pdb("  minAvailable: 5\n") },
    {
      // kube-linter's pdb-max-unavailable flags this; a null selector selects no pod, so it blocks nothing (pdb-selects-nothing reports it).
      name: "no selector: maxUnavailable 0 blocks nothing",
      yaml: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 0\n",
    },
    { name: "replicas: 0: no pod to evict, nothing blocked", yaml: `${pdb("  minAvailable: 1\n")}---\n${deploy(0)}` },
    // An integer minAvailable makes the controller count pods (len(pods)) instead of asking for the owner's scale.
    { name: "DaemonSet pods with an integer minAvailable: the count depends on the nodes", yaml: `${pdb("  minAvailable: 1\n")}---\n${daemonSet}` },
    {
      name: "HPA-managed pods are another rule's business",
      yaml: `${pdb("  minAvailable: 2\n")}---\n${deploy(2)}---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 5\n`,
    },
  ],
  invalid: [
    {
      name: "maxUnavailable: 0 always blocks; the unsafe fix allows one",
      yaml: pdb("  maxUnavailable: 0\n"),
      findings: [{ line: 6, column: 19, endColumn: 20, message: 'PodDisruptionBudget "web" sets maxUnavailable: 0: it never allows an eviction, so every node drain and cluster upgrade blocks on its pods.' }],
      output: pdb("  maxUnavailable: 1\n"),
    },
    { name: "maxUnavailable: 0% always blocks", yaml: pdb("  maxUnavailable: 0%\n"), findings: [{ line: 6, column: 19, message: /sets maxUnavailable: 0%: it never allows an eviction/ }] },
    {
      // disruption.go getExpectedScale: a DaemonSet has no scale subresource, the sync fails and failSafe sets disruptionsAllowed to 0.
      name: "maxUnavailable over DaemonSet pods: the controller cannot count them and allows nothing",
      yaml: `${pdb("  maxUnavailable: 1\n")}---\n${daemonSet}`,
      findings: [{ line: 6, column: 19, message: 'PodDisruptionBudget "web" sets maxUnavailable: 1 but selects the pods of DaemonSet "web", which has no scale subresource: the disruption controller cannot count the expected pods and allows no eviction. Use an integer minAvailable for such pods.' }],
    },
    {
      name: "percentage minAvailable over Job pods in another file",
      yaml: pdb("  minAvailable: 50%\n"),
      files: { "file:///test/job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata: {name: batch, namespace: shop}\nspec:\n  parallelism: 4\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: b, image: b:1}]\n" },
      findings: [{ line: 6, message: /minAvailable: 50% but selects the pods of Job "batch", which has no scale subresource/ }],
    },
    { name: "minAvailable: 100% always blocks", yaml: pdb("  minAvailable: 100%\n"), findings: [{ line: 6, column: 17, message: /sets minAvailable: 100%/ }] },
    {
      name: "minAvailable equals the replicas, workload in another file; fix swaps in maxUnavailable: 1",
      yaml: pdb("  minAvailable: 2  # keep both\n"),
      files: { "file:///test/deploy.yaml": deploy(2) },
      findings: [{ line: 6, message: 'PodDisruptionBudget "web" allows no eviction: minAvailable: 2 with 2 pods (Deployment "web"); every node drain and cluster upgrade blocks on them.' }],
      output: pdb("  maxUnavailable: 1  # keep both\n"),
    },
    { name: "minAvailable 60% of one pod rounds up to 1", yaml: `${pdb("  minAvailable: 60%\n")}---\n${deploy(1)}`, findings: [{ line: 6, message: /minAvailable: 60% with 1 pod \(Deployment "web"\)/ }] },
    {
      name: "neither field: no API default, the controller allows nothing; the fix adds maxUnavailable: 1",
      yaml: `${pdb("")}---\n${deploy(3)}`,
      findings: [{ line: 4, message: /sets neither minAvailable nor maxUnavailable \(the disruption controller then expects 0 pods and allows no eviction\)/ }],
      output: `${pdb("  maxUnavailable: 1\n")}---\n${deploy(3)}`,
    },
  ],
});
