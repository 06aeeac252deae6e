// Tests for operations/image-not-pinned.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const pod = (images: string[]) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
${images.map((image, i) => `    - name: c${i}\n      image: ${image}\n`).join("")}`;

const DIGEST = "sha256:4b4f0d1b0b8f1a36c1c43a6d3f0a1f8e0c5a0b3c2d1e0f9a8b7c6d5e4f3a2b1c";

testRule(rule, {
  valid: [
    { name: "tag", yaml: pod(["nginx:1.27.2", "quay.io/prometheus/prometheus:v3.1.0"]) },
    { name: "digest without tag", yaml: pod([`nginx@${DIGEST}`]) },
    { name: "latest with a digest is pinned by the digest", yaml: pod([`nginx:latest@${DIGEST}`]) },
    { name: "registry with a port and a tag", yaml: pod(["localhost:5000/app:2"]) },
    { name: "templated images are not judged", yaml: pod(['"$(IMAGE)"', '"registry/app:${TAG}"']) },
    { name: "ephemeral debug containers are not deployed by GitOps", yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - {name: a, image: "app:1"}
  ephemeralContainers:
    - {name: debug, image: busybox}
` },
    { name: "tag only is fine by default", yaml: pod(["nginx:1.27"]) },
  ],
  invalid: [
    {
      name: "no tag, latest, and a registry port that is not a tag",
      yaml: pod(["nginx", "example/worker:latest", "localhost:5000/app"]),
      findings: [
        { line: 7, column: 14, endColumn: 19, message: 'Container "c0" image "nginx" has no tag, so it runs whatever "latest" is when a node pulls it; pin a version in Git.' },
        { line: 9, column: 14, message: /"c1" image "example\/worker:latest" uses the mutable tag "latest"/ },
        { line: 11, column: 14, message: /"c2" image "localhost:5000\/app" has no tag/ },
      ],
    },
    {
      name: "init containers of a CronJob",
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: fetch
              image: curlimages/curl
          containers:
            - name: job
              image: app:1
`,
      findings: [{ line: 12, column: 22, message: /"fetch" image "curlimages\/curl" has no tag/ }],
    },
    {
      name: "requireDigest reports tags",
      config: { rules: { "operations/image-not-pinned": { requireDigest: true } } },
      yaml: pod(["nginx:1.27.2", `nginx@${DIGEST}`]),
      findings: [{ line: 7, column: 14, message: /pinned by tag only/ }],
    },
  ],
});

// kustomize's `images:` transformer decides the deployed image; the manifest alone does not.
const kustomization = (images: string, resources = "[deployment.yaml]") => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: ${resources}
images:
${images}`;

testRule(rule, {
  valid: [
    {
      name: "newTag in the kustomization that lists the file",
      yaml: pod(["nginx", "example/worker:latest"]),
      files: { "file:///test/kustomization.yaml": kustomization("  - {name: nginx, newTag: 1.27.2}\n  - {name: example/worker, digest: \"sha256:4b4f0d1b0b8f1a36c1c43a6d3f0a1f8e0c5a0b3c2d1e0f9a8b7c6d5e4f3a2b1c\"}\n", "[manifest.yaml]") },
    },
    {
      name: "a bare local name in a kustomize build is a placeholder (kubebuilder's controller:latest)",
      yaml: pod(["controller:latest"]),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml]\n" },
    },
    {
      // kubebuilder layout (seen on a real operator repository): `make deploy IMG=…` sets the image in config/manager.
      name: "kubebuilder's config/manager entry for the placeholder controller image, newTag: latest",
      yaml: pod(["controller:latest"]),
      files: { "file:///config/manager/kustomization.yaml": kustomization("  - {name: controller, newName: ghcr.io/example/operator, newTag: latest}\n", "[../../test/manifest.yaml]") },
    },
    {
      name: "an image skaffold builds (build.artifacts), and ko:// references",
      yaml: pod(["frontend", "ko://github.com/example/cmd/api"]),
      files: { "file:///skaffold.yaml": "apiVersion: skaffold/v4beta1\nkind: Config\nbuild:\n  artifacts:\n    - image: frontend\n      context: src/frontend\n" },
    },
    {
      name: "an overlay that pins a base through its folder",
      yaml: pod(["nginx"]),
      files: {
        "file:///test/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [manifest.yaml]\n",
        "file:///overlays/prod/kustomization.yaml": kustomization("  - {name: nginx, newTag: 1.27.2}\n", "[../../test]"),
      },
    },
  ],
  invalid: [
    {
      name: "newTag: latest for a real image name in config/manager is judged",
      yaml: pod(["example/worker"]),
      files: { "file:///config/manager/kustomization.yaml": kustomization("  - {name: example/worker, newTag: latest}\n", "[../../test/manifest.yaml]") },
      findings: [{ line: 7, message: /is rewritten by Kustomization manager\/kustomization.yaml but still uses the mutable tag "latest"/ }],
    },
    {
      name: "a kustomization that sets latest leaves the image unpinned",
      yaml: pod(["nginx", "example/worker"]),
      files: { "file:///test/kustomization.yaml": kustomization("  - {name: nginx, newName: registry.example.com/nginx, newTag: latest}\n  - {name: example/worker, newTag: latest}\n", "[manifest.yaml]") },
      findings: [
        { line: 7, column: 14, message: 'Container "c0" image "nginx" is rewritten by Kustomization test/kustomization.yaml but still uses the mutable tag "latest"; set newTag (a version) or digest there.' },
        { line: 9, column: 14, message: /"c1" image "example\/worker" is rewritten by Kustomization test\/kustomization.yaml but still uses the mutable tag "latest"/ },
      ],
    },
    {
      // The real-world set: an entry that sets only newName leaves the deployed image at :latest unless a build step
      // sets a tag, and nothing in the repository shows one.
      name: "an entry that only renames a bare name still leaves it unpinned",
      yaml: pod(["importer"]),
      files: { "file:///test/kustomization.yaml": kustomization("  - {name: importer, newName: registry.example.com/importer}\n", "[manifest.yaml]") },
      findings: [{ line: 7, column: 14, message: /"c0" image "importer" is rewritten by Kustomization test\/kustomization.yaml but still has no tag/ }],
    },
    {
      name: "an official image by its bare name is judged inside a kustomize build too",
      yaml: pod(["busybox"]),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml]\n" },
      findings: [{ line: 7, column: 14, message: /"c0" image "busybox" has no tag/ }],
    },
    {
      name: "a kustomization that does not list the file does not apply",
      yaml: pod(["nginx"]),
      files: { "file:///other/kustomization.yaml": kustomization("  - {name: nginx, newTag: 1.27.2}\n") },
      findings: [{ line: 7, column: 14, message: /"c0" image "nginx" has no tag/ }],
    },
  ],
});

testRule(rule, {
  valid: [
    {
      name: "a patch-shaped Deployment (no selector) that sets an image pull secret only",
      yaml: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller-manager}\nspec:\n  template:\n    spec:\n      imagePullSecrets: [{name: regcred}]\n      containers:\n        - {name: manager, image: controller}\n",
    },
  ],
  invalid: [],
});
