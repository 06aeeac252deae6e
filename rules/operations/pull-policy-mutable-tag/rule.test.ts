// Tests for operations/pull-policy-mutable-tag.
import assert from "node:assert/strict";
import { test } from "node:test";
import { testRule } from "../../testing.js";
import rule, { isMovingTag } from "./rule.js";

const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: web
${container}`;

testRule(rule, {
  valid: [
    // kube-score container-image-pull-policy and Polaris pullPolicyNotAlways fire here; a release tag is as good as pulled.
    { name: "a release tag with IfNotPresent", yaml: pod("      image: shop/web:1.4.2\n      imagePullPolicy: IfNotPresent\n") },
    { name: "a release tag with the default policy", yaml: pod("      image: shop/web:v1.4\n") },
    { name: "a moving tag pulled always", yaml: pod("      image: shop/web:main\n      imagePullPolicy: Always\n") },
    { name: "Never: the image is loaded onto the node by hand", yaml: pod("      image: shop/web:dev\n      imagePullPolicy: Never\n") },
    { name: "latest with the default policy is pulled always", yaml: pod("      image: shop/web:latest\n") },
    { name: "no tag with the default policy is pulled always", yaml: pod("      image: shop/web\n") },
    // One root cause: operations/image-not-pinned reports latest (pinning fixes both).
    { name: "latest with IfNotPresent is image-not-pinned's", yaml: pod("      image: shop/web:latest\n      imagePullPolicy: IfNotPresent\n") },
    { name: "a digest is immutable whatever the tag", yaml: pod("      image: shop/web:main@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n") },
    { name: "templated image", yaml: pod("      image: shop/web:${TAG}\n") },
    {
      name: "a kustomization pins the tag",
      yaml: pod("      image: shop/web:main\n").replace(", namespace: shop", ""),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml]\nimages:\n  - name: shop/web\n    newTag: 1.4.2\n" },
    },
  ],
  invalid: [
    {
      name: "a branch tag with the default policy; the fix pulls always",
      yaml: pod("      image: shop/web:main # built on every merge\n"),
      findings: [{ line: 7, column: 14, endColumn: 27, severity: "warning", message: 'Container "web" runs image "shop/web:main" with the moving tag "main" but imagePullPolicy defaults to IfNotPresent for it: each node keeps whichever build it pulled first, so replicas run different code; pin a version or set imagePullPolicy: Always.' }],
      output: pod("      image: shop/web:main # built on every merge\n      imagePullPolicy: Always\n"),
    },
    {
      name: "explicit IfNotPresent on a nightly tag, init container too",
      yaml: `${pod("      image: shop/web:nightly\n      imagePullPolicy: IfNotPresent\n")}  initContainers:\n    - name: migrate\n      image: shop/migrate:1.0-SNAPSHOT\n`,
      findings: [
        { line: 8, column: 24, message: /"shop\/web:nightly" with the moving tag "nightly" but imagePullPolicy is IfNotPresent/ },
        { line: 11, message: /Container "migrate" runs image "shop\/migrate:1.0-SNAPSHOT"/ },
      ],
    },
    {
      name: "latest with IfNotPresent when image-not-pinned is off",
      yaml: pod("      image: shop/web:latest\n      imagePullPolicy: IfNotPresent\n"),
      config: { rules: { "operations/image-not-pinned": "off" } },
      findings: [{ line: 8, message: /with the moving tag "latest" but imagePullPolicy is IfNotPresent/ }],
    },
    {
      name: "a kustomization sets a moving tag",
      yaml: pod("      image: shop/web:1.0\n").replace(", namespace: shop", ""),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml]\nimages:\n  - name: shop/web\n    newTag: develop\n" },
      findings: [{ line: 7, message: /the moving tag "develop" \(set by its kustomization\)/ }],
    },
  ],
});

test("moving tags", () => {
  for (const t of [undefined, "latest", "main", "Master", "dev", "edge", "latest-alpine", "alpine-latest", "2.1-SNAPSHOT"]) assert.equal(isMovingTag(t), true, String(t));
  for (const t of ["1.2.3", "v2", "2024-05-01", "1.2-main-abc1234", "stable-1.27.3", "sha-abc123", "3.19", "devel0p"]) assert.equal(isMovingTag(t), false, t);
});
