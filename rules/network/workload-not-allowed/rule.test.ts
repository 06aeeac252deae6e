// Tests for network/workload-not-allowed.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  selector:
    matchLabels: {app: backend}
  template:
    metadata:
      labels: {app: backend, tier: api}
    spec:
      containers:
        - name: backend
          image: backend:1
          ports:
            - containerPort: 8080
`;
const deny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";

testRule(rule, {
  valid: [
    { name: "no default-deny: nothing is isolated", yaml: deploy },
    {
      name: "an allow policy in another file selects it by matchExpressions",
      yaml: deploy,
      files: { "file:///test/np.yaml": `${deny}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow, namespace: shop}\nspec:\n  podSelector: {matchExpressions: [{key: tier, operator: In, values: [api]}]}\n  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]\n` },
    },
    {
      // microservices-demo's loadgenerator: a client with no port and no Service; isolating it is the point.
      name: "a client that declares no port and that no Service selects",
      yaml: `${deny}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: loadgen, namespace: shop}\nspec:\n  selector: {matchLabels: {app: loadgen}}\n  template:\n    metadata: {labels: {app: loadgen}}\n    spec:\n      containers: [{name: l, image: l:1}]\n`,
    },
    { name: "Jobs are not expected to receive traffic", yaml: `${deny}---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: shop}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: j, image: j:1}]\n` },
  ],
  invalid: [
    {
      name: "isolated by default-deny: the unsafe fix writes an allow skeleton with its ports",
      yaml: deploy,
      files: { "file:///test/deny.yaml": deny },
      findings: [{ line: 4, column: 9, severity: "info", message: 'Deployment "backend" is isolated by NetworkPolicy "default-deny" and no policy allows ingress to it; nothing can connect to its pods.' }],
      output: `${deploy}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-backend-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: backend
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: "<REPLACE_ME>"
      ports:
        - protocol: TCP
          port: 8080
`,
    },
    {
      name: "no declared port but a Service selects it; the skeleton keeps a port placeholder",
      yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dns, namespace: shop}\nspec:\n  selector: {matchLabels: {app: dns}}\n  template:\n    metadata: {labels: {app: dns}}\n    spec:\n      containers: [{name: d, image: d:1}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: dns, namespace: shop}\nspec:\n  selector: {app: dns}\n  ports: [{port: 53}]\n`,
      files: { "file:///test/deny.yaml": deny },
      findings: [{ line: 3, message: /^Deployment "dns" is isolated/ }],
    },
    {
      name: "UDP ports keep their protocol in the skeleton",
      yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dns, namespace: shop}\nspec:\n  selector: {matchLabels: {app: dns}}\n  template:\n    metadata: {labels: {app: dns}}\n    spec:\n      containers:\n        - name: d\n          image: d:1\n          ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53}]\n`,
      files: { "file:///test/deny.yaml": deny },
      findings: [{ line: 3 }],
      output: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dns, namespace: shop}\nspec:\n  selector: {matchLabels: {app: dns}}\n  template:\n    metadata: {labels: {app: dns}}\n    spec:\n      containers:\n        - name: d\n          image: d:1\n          ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53}]\n---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: dns
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: "<REPLACE_ME>"
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`,
    },
    {
      name: "the skeleton copies the whole selector, matchExpressions included",
      yaml: deploy.replace("    matchLabels: {app: backend}\n", "    matchLabels: {app: backend}\n    matchExpressions: [{key: tier, operator: In, values: [api]}]\n"),
      files: { "file:///test/deny.yaml": deny },
      findings: [{ line: 4 }],
      output: `${deploy.replace("    matchLabels: {app: backend}\n", "    matchLabels: {app: backend}\n    matchExpressions: [{key: tier, operator: In, values: [api]}]\n")}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-backend-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: backend
    matchExpressions:
      - key: tier
        operator: In
        values:
          - api
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: "<REPLACE_ME>"
      ports:
        - protocol: TCP
          port: 8080
`,
    },
    {
      name: "a policy with egress rules only does not allow ingress",
      yaml: `${deploy}---\n${deny}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: backend}}\n  policyTypes: [Egress]\n  egress: [{}]\n`,
      findings: [{ line: 4 }],
    },
  ],
});

// Scope: a default-deny isolates only the workloads deployed with it (model/units.ts). The shapes are those of a
// repository of examples (every file without metadata.namespace) and of a kustomize component no overlay uses.
const plainDeploy = deploy.replace("  namespace: shop\n", "");
const plainDeny = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n";
const component = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deny-all.yaml]\n";
testRule(rule, {
  valid: [
    {
      name: "a default-deny of another example folder (both namespaces assumed) does not isolate it",
      yaml: plainDeploy,
      files: { "file:///repo/other-example/deny-all.yaml": plainDeny },
    },
    {
      name: "a default-deny in a kustomize component that no overlay uses does not isolate it",
      yaml: plainDeploy,
      files: { "file:///test/components/netpol/kustomization.yaml": component, "file:///test/components/netpol/deny-all.yaml": plainDeny },
    },
    {
      name: "a default-deny in an overlay of another build does not isolate this build's workload",
      yaml: plainDeploy,
      files: {
        "file:///test/kustomization.yaml": "resources: [manifest.yaml]\n",
        "file:///other/kustomization.yaml": "resources: [deny-all.yaml]\n",
        "file:///other/deny-all.yaml": plainDeny,
      },
    },
  ],
  invalid: [
    {
      name: "a default-deny in a subfolder of the same tree isolates it",
      yaml: plainDeploy,
      files: { "file:///test/policies/deny-all.yaml": plainDeny },
      findings: [{ line: 4, message: /isolated by NetworkPolicy "deny-all"/ }],
    },
    {
      name: "an overlay that adds the component to the build of the workload's base",
      yaml: plainDeploy,
      files: {
        "file:///test/kustomization.yaml": "resources: [manifest.yaml]\n",
        "file:///overlays/prod/kustomization.yaml": "namespace: prod\nresources: [../../test]\ncomponents: [../../components/netpol]\n",
        "file:///components/netpol/kustomization.yaml": component,
        "file:///components/netpol/deny-all.yaml": plainDeny,
      },
      findings: [{ line: 4, message: /isolated by NetworkPolicy "deny-all"/ }],
    },
    {
      name: "both namespaces written: the same namespace wherever the files sit",
      yaml: deploy,
      files: { "file:///elsewhere/np.yaml": deny },
      findings: [{ line: 4, message: /isolated by NetworkPolicy "default-deny"/ }],
    },
  ],
});

// Cilium and Calico (issue 20.1): their allow rules count, and a namespace's own default-deny of theirs isolates.
const ciliumDeny = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{}]\n";
const calicoDeny = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec:\n  selector: all()\n  types: [Ingress]\n";
const ciliumAllow = (selector: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: allow-backend, namespace: shop}\nspec:\n  endpointSelector: ${selector}\n  ingress:\n    - fromEndpoints: [{matchLabels: {app: frontend}}]\n      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]\n`;
const calicoAllow = (selector: string) => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: allow-backend, namespace: shop}\nspec:\n  selector: ${selector}\n  ingress:\n    - action: Allow\n      source: {selector: app == 'frontend'}\n`;

testRule(rule, {
  valid: [
    { name: "core default-deny, a Cilium policy allows it (k8s: prefixed labels)", yaml: deploy, files: { "file:///test/np.yaml": `${deny}---\n${ciliumAllow('{matchLabels: {"k8s:app": backend}}')}` } },
    { name: "Cilium default-deny, a Cilium policy allows it", yaml: deploy, files: { "file:///test/np.yaml": `${ciliumDeny}---\n${ciliumAllow("{matchLabels: {tier: api}}")}` } },
    { name: "Calico default-deny, a Calico policy allows it", yaml: deploy, files: { "file:///test/np.yaml": `${calicoDeny}---\n${calicoAllow("app == 'backend' && tier in {'api', 'web'}")}` } },
    { name: "a cluster-wide Cilium default-deny is the platform's, not judged per workload", yaml: deploy, files: { "file:///test/np.yaml": ciliumDeny.replace("CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy").replace(", namespace: shop", "") } },
  ],
  invalid: [
    {
      name: "isolated by a Cilium default-deny (an empty ingress rule allows nothing)",
      yaml: deploy,
      files: { "file:///test/np.yaml": ciliumDeny },
      findings: [{ line: 4, message: 'Deployment "backend" is isolated by CiliumNetworkPolicy "deny-all" and no policy allows ingress to it; nothing can connect to its pods.' }],
    },
    {
      name: "Calico default-deny; the Calico allow selects other pods",
      yaml: deploy,
      files: { "file:///test/np.yaml": `${calicoDeny}---\n${calicoAllow("app == 'frontend'")}` },
      findings: [{ line: 4, message: /isolated by NetworkPolicy "deny-all"/ }],
    },
    {
      name: "core default-deny; the Cilium allow selects other pods",
      yaml: deploy,
      files: { "file:///test/np.yaml": `${deny}---\n${ciliumAllow("{matchLabels: {app: frontend}}")}` },
      findings: [{ line: 4, message: /isolated by NetworkPolicy "default-deny"/ }],
    },
  ],
});
