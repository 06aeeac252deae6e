// Tests for image reference parsing against the docker/distribution reference grammar.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseImageReference } from "./images.js";

const D = "sha256:4b4f0d1b0b8f1a36c1c43a6d3f0a1f8e0c5a0b3c2d1e0f9a8b7c6d5e4f3a2b1c";

describe("parseImageReference", () => {
  const cases: [string, ReturnType<typeof parseImageReference>][] = [
    ["nginx", { registry: "docker.io", registryExplicit: false, repository: "nginx", tag: undefined, digest: undefined }],
    ["nginx:1.27", { registry: "docker.io", registryExplicit: false, repository: "nginx", tag: "1.27", digest: undefined }],
    ["library/nginx:latest", { registry: "docker.io", registryExplicit: false, repository: "library/nginx", tag: "latest", digest: undefined }],
    ["localhost/app", { registry: "localhost", registryExplicit: true, repository: "app", tag: undefined, digest: undefined }],
    ["localhost:5000/app", { registry: "localhost:5000", registryExplicit: true, repository: "app", tag: undefined, digest: undefined }],
    ["registry.example.com:5000/team/app:v1.2.3", { registry: "registry.example.com:5000", registryExplicit: true, repository: "team/app", tag: "v1.2.3", digest: undefined }],
    [`quay.io/thanos/thanos:v0.36.1@${D}`, { registry: "quay.io", registryExplicit: true, repository: "thanos/thanos", tag: "v0.36.1", digest: D }],
    [`app@${D}`, { registry: "docker.io", registryExplicit: false, repository: "app", tag: undefined, digest: D }],
    ["[::1]:5000/app:1", { registry: "[::1]:5000", registryExplicit: true, repository: "app", tag: "1", digest: undefined }],
    ["Docker.io/app", { registry: "Docker.io", registryExplicit: true, repository: "app", tag: undefined, digest: undefined }],
    ["my_team/app__x-y:1_a", { registry: "docker.io", registryExplicit: false, repository: "my_team/app__x-y", tag: "1_a", digest: undefined }],
  ];
  for (const [text, expected] of cases) it(`parses ${text}`, () => assert.deepEqual(parseImageReference(text), expected));

  for (const bad of ["", "Nginx", "app:", "app@sha256:abc", "app:-x", "team/App:1", "$(IMAGE)", "app:<TAG>", "a//b", "-app", `a:${"x".repeat(129)}`]) {
    it(`rejects ${JSON.stringify(bad.slice(0, 20))}`, () => assert.equal(parseImageReference(bad), undefined));
  }
});
