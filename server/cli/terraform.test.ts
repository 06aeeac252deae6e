// Which files a Terraform module renders with templatefile(): literal paths, module-relative, nothing guessed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { templatefilePaths } from "./terraform.js";

describe("templatefilePaths", () => {
  it("reads literal paths, ${path.module}/ and ./ prefixes removed", () => {
    const tf = 'values = [templatefile("${path.module}/values/catalog.yaml", { a = 1 })]\nyaml_body = templatefile( "./k8s/app.yaml", {})\nx = templatefile("${path.root}/r.yaml", {})\n';
    assert.deepEqual(templatefilePaths(tf), ["values/catalog.yaml", "k8s/app.yaml", "r.yaml"]);
  });
  it("leaves out paths built from variables and plain file() reads", () => {
    const tf = 'a = templatefile("${var.dir}/x.yaml", {})\nb = yamldecode(file("${path.module}/m.yaml"))\n';
    assert.deepEqual(templatefilePaths(tf), []);
  });
});
