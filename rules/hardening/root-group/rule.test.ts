// Tests for hardening/root-group: each group 0, where it is written.
import { fixturesOf, podYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);

testRule(rule, {
  valid: [
    fixture.valid(),
    { name: "the container overrides the pod's group 0", yaml: podYaml("  securityContext: {runAsGroup: 0}\n  containers:\n    - name: c\n      image: c:1\n      securityContext: {runAsGroup: 3000}\n") },
    { name: "no group set at all (the image decides; run-as rules judge the user)", yaml: podYaml("  containers:\n    - {name: c, image: \"c:1\"}\n") },
  ],
  invalid: [
    fixture.invalid([
      { line: 16, column: 21, message: 'Deployment "web" sets runAsGroup: 0 in the pod\'s securityContext: its containers\' processes run with the root group (container "web" and every other that does not set its own).' },
      { line: 17, column: 18, message: 'Deployment "web" sets fsGroup: 0: its volumes become owned by the root group, and every process gets group 0 as a supplementary group.' },
      { line: 18, column: 36, message: /supplementalGroups: 0 \(entry 2\)/ },
    ], { note: "runAsGroup once for the pod, fsGroup, the supplemental group" }),
    {
      name: "a container's own runAsGroup: 0",
      yaml: podYaml("  containers:\n    - name: a\n      image: a:1\n    - name: b\n      image: b:1\n      securityContext:\n        runAsGroup: 0\n"),
      findings: [{ line: 11, column: 21, message: 'Container "b" sets runAsGroup: 0: its processes run with the root group.' }],
    },
  ],
});

// A kustomize patch over a remote base (seen on a real GitOps repository): the patch is all kubeready sees of the pod,
// and the group it sets is deployed whatever the base says.
const rootPatch = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dashboard}\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 0\n        runAsGroup: 0\n        fsGroup: 0\n";
testRule(rule, {
  valid: [
    {
      name: "a patch of a base in scope is judged where the base is rendered, not here",
      yaml: rootPatch,
      files: {
        "file:///test/kustomization.yaml": "resources: [base]\npatches: [{path: manifest.yaml}]\n",
        "file:///test/base/kustomization.yaml": "resources: [deployment.yaml]\n",
        "file:///test/base/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dashboard}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: d, image: d:1}]\n",
      },
    },
  ],
  invalid: [
    {
      name: "a patch over a remote base that sets the root group: reported at the patch",
      yaml: rootPatch,
      files: { "file:///test/kustomization.yaml": "resources: ['git::https://github.com/acme/app//k8s/base?ref=staging']\npatches: [{path: manifest.yaml}]\n" },
      findings: [
        { line: 9, message: /sets runAsGroup: 0 in the pod's securityContext: every container that does not set its own/ },
        { line: 10, message: 'Deployment "dashboard" sets fsGroup: 0: its volumes become owned by the root group, and every process gets group 0 as a supplementary group.' },
      ],
    },
  ],
});
