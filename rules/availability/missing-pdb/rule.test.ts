// Tests for availability/missing-pdb.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (replicas: string, selector = "    matchLabels: {app: web}\n") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
${replicas}  selector:
${selector}  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      containers:
        - name: web
          image: web:1
`;
const pdb = (spec: string, apiVersion = "policy/v1", ns = "shop") => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: web, namespace: ${ns}}
spec:
${spec}`;
const hpa = (min: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${min}  maxReplicas: 10
`;

testRule(rule, {
  valid: [
    { name: "one replica (default)", yaml: deploy("") },
    { name: "one replica written", yaml: deploy("  replicas: 1\n") },
    { name: "PDB with matchLabels", yaml: `${deploy("  replicas: 3\n")}---\n${pdb("  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n")}` },
    {
      name: "PDB with matchExpressions, in another file",
      yaml: deploy("  replicas: 3\n"),
      files: { "file:///test/pdb.yaml": pdb("  minAvailable: 1\n  selector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [front, back]}\n      - {key: canary, operator: DoesNotExist}\n") },
    },
    { name: "policy/v1beta1 with matchLabels covers like policy/v1", yaml: `${deploy("  replicas: 3\n")}---\n${pdb("  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n", "policy/v1beta1")}` },
    { name: "policy/v1 empty selector covers every pod of the namespace", yaml: `${deploy("  replicas: 3\n")}---\n${pdb("  maxUnavailable: 1\n  selector: {}\n")}` },
    { name: "HPA floor of 1 overrides replicas", yaml: `${deploy("  replicas: 3\n")}---\n${hpa("  minReplicas: 1\n")}` },
    {
      name: "Alertmanager resource covered through podMetadata labels",
      yaml: `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: main, namespace: monitoring}
spec:
  replicas: 3
  podMetadata:
    labels: {app.kubernetes.io/component: alert-router}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: am, namespace: monitoring}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/component: alert-router, app.kubernetes.io/name: alertmanager, alertmanager: main}
`,
    },
  ],
  invalid: [
    {
      name: "three replicas, no PDB: fix appends one with the workload's selector",
      yaml: deploy("  replicas: 3\n"),
      findings: [{ line: 7, column: 13, message: 'Deployment "web" has no PodDisruptionBudget selecting its pods (app=web) although it runs 3 pods; a node drain may evict them all at once.' }],
      output: `${deploy("  replicas: 3\n")}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
  unhealthyPodEvictionPolicy: AlwaysAllow
`,
    },
    {
      name: "matchExpressions that exclude the pods, and a PDB in another namespace",
      yaml: `${deploy("  replicas: 2\n")}---\n${pdb("  maxUnavailable: 1\n  selector:\n    matchExpressions: [{key: tier, operator: NotIn, values: [front]}]\n")}---\n${pdb("  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n", "policy/v1", "other")}`,
      findings: [{ line: 7, message: /runs 2 pods/ }],
    },
    {
      name: "policy/v1beta1 empty selector selects nothing",
      yaml: `${deploy("  replicas: 2\n")}---\n${pdb("  maxUnavailable: 1\n  selector: {}\n", "policy/v1beta1")}`,
      findings: [{ line: 7 }],
    },
    {
      name: "replicas unset, HPA keeps at least 2: reported on the name; the selector's matchExpressions are copied",
      yaml: `${deploy("", "    matchLabels: {app: web}\n    matchExpressions: [{key: tier, operator: Exists}]\n")}---\n${hpa("  minReplicas: 2\n")}`,
      findings: [{ line: 4, column: 9, message: /HorizontalPodAutoscaler "web" keeps at least 2 pods/ }],
      output: `${deploy("", "    matchLabels: {app: web}\n    matchExpressions: [{key: tier, operator: Exists}]\n")}---\n${hpa("  minReplicas: 2\n")}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
    matchExpressions:
      - key: tier
        operator: Exists
  unhealthyPodEvictionPolicy: AlwaysAllow
`,
    },
    {
      name: "Prometheus resource: the PDB selects the operator's identifying labels",
      yaml: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec:\n  replicas: 2\n",
      findings: [{ line: 5, message: 'Prometheus "k8s" has no PodDisruptionBudget selecting its pods (app.kubernetes.io/name=prometheus, prometheus=k8s) although it runs 2 pods; a node drain may evict them all at once.' }],
      output: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec:\n  replicas: 2\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: k8s-pdb\n  namespace: monitoring\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: prometheus\n      prometheus: k8s\n  unhealthyPodEvictionPolicy: AlwaysAllow\n",
    },
    {
      name: "StatefulSet, namespace from kustomization: the PDB names none",
      defaultNamespace: "db",
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  replicas: 3
  serviceName: pg
  selector:
    matchLabels: {app: pg}
  template:
    metadata:
      labels: {app: pg}
    spec:
      containers:
        - name: pg
          image: postgres:16
`,
      findings: [{ line: 6, message: /^StatefulSet "pg" has no PodDisruptionBudget/ }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  replicas: 3
  serviceName: pg
  selector:
    matchLabels: {app: pg}
  template:
    metadata:
      labels: {app: pg}
    spec:
      containers:
        - name: pg
          image: postgres:16
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: pg-pdb
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: pg
  unhealthyPodEvictionPolicy: IfHealthyBudget
`,
    },
  ],
});

// Kustomize: labels an overlay adds to the pod templates of its base (commonLabels) are the pods' labels.
testRule(rule, {
  valid: [
    {
      name: "a budget in the overlay selects a label the overlay's commonLabels add to the base's pods",
      yaml: deploy("  replicas: 3\n").replace("  namespace: shop\n", ""),
      files: {
        "file:///test/kustomization.yaml": "resources: [manifest.yaml]\n",
        "file:///overlays/prod/kustomization.yaml": "namespace: shop\ncommonLabels: {env: prod}\nresources: [../../test, pdb.yaml]\n",
        "file:///overlays/prod/pdb.yaml": pdb("  maxUnavailable: 1\n  selector: {matchLabels: {app: web, env: prod}}\n"),
      },
    },
  ],
  invalid: [
    {
      name: "the label is added by another overlay only",
      yaml: deploy("  replicas: 3\n").replace("  namespace: shop\n", ""),
      files: {
        "file:///test/kustomization.yaml": "resources: [manifest.yaml]\n",
        "file:///overlays/prod/kustomization.yaml": "namespace: shop\nresources: [../../test, pdb.yaml]\n",
        "file:///overlays/prod/pdb.yaml": pdb("  maxUnavailable: 1\n  selector: {matchLabels: {app: web, env: prod}}\n"),
      },
      findings: [{ line: 6, message: /has no PodDisruptionBudget selecting its pods/ }],
    },
  ],
});
