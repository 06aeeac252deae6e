// Where template markers are decides whether a document is a template: structure yes, strings and comments no.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { templateMarkerOf } from "./template.js";

const CASES: [string, string, "go" | "jinja" | "terraform" | "none"][] = [
  ["Helm value", "name: {{ .Release.Name }}\n", "go"],
  ["Helm control lines", "a: 1\n{{- if .Values.x }}\nb: 2\n{{- end }}\n", "go"],
  ["Helm key", "{{ .Values.key }}: v\n", "go"],
  ["Helm action inside a plain scalar", "image: app:{{ .Values.tag }}\n", "go"],
  ["Jinja block", "{% if x %}\na: 1\n{% endif %}\n", "jinja"],
  ["Jinja inside a plain scalar", "a: foo-{% if x %}y{% endif %}\n", "jinja"],
  ["Jinja comment", "{# c #}\na: 1\n", "jinja"],
  ["Terraform directive lines", "image:\n  tag: ${image_tag}\n\n%{ if otel }\notel:\n  enabled: true\n%{ endif }\n", "terraform"],
  ["Terraform directive line, indented", "search:\n  enabled: ${on}\n   %{ if on }\n  endpoint: ${url}\n   %{ endif }\n", "terraform"],
  ["Terraform directive at the start of the file", "%{~ for n in names ~}\n- ${n}\n%{~ endfor ~}\n", "terraform"],
  ["Terraform directive inside a plain scalar", "a: x%{ if y }z%{ endif }\n", "terraform"],
  ["Terraform directive, double-quoted", 'a: "%{ if y }z%{ endif }"\n', "none"],
  ["Terraform directive in a comment", "# %{ if y }\na: 1\n", "none"],
  ["envsubst / Terraform interpolation only", "image: ${IMAGE}\nreplicas: ${REPLICAS}\n", "none"],
  ["a percent sign in a value", "a: 100%{x}\nb: '%{ if }'\n", "none"],
  ["double-quoted", 'a: "{{ .Values.x }}"\n', "none"],
  ["single-quoted", "a: '{{ x }}'\n", "none"],
  ["comment", "# {{ .Values.x }}\na: 1\n", "none"],
  ["block scalar", "a: |\n  {{ .Values.x }}\n  {{- if }}\n", "none"],
  ["Prometheus alert template in a plain scalar", "description: on {{ $labels.instance }} {{ with $labels.cluster -}} in {{ . }} {{- end }}\n", "none"],
  ["Argo Workflows parameter, quoted", 'args: ["{{inputs.parameters.message}}"]\n', "none"],
  ["Argo Workflows parameter in a plain scalar", "cmd: echo {{inputs.parameters.message}}\n", "none"],
  ["Vault agent template annotation", 'vault.hashicorp.com/agent-inject-template-db: |\n  {{- with secret "db" -}}\n  {{ .Data.data.password }}\n  {{- end }}\n', "none"],
];

describe("templateMarkerOf", () => {
  for (const [name, text, want] of CASES) {
    it(`${name}: ${want}`, () => assert.equal(templateMarkerOf(text)?.syntax ?? "none", want));
  }
  it("in a chart's templates/ folder, any {{ counts", () => {
    assert.equal(templateMarkerOf('a: "{{ .Values.x }}"\n', true)?.syntax, "go");
  });
  it("points at the marker", () => {
    assert.equal(templateMarkerOf("a: 1\nname: {{ x }}\n")?.offset, 11);
  });
});
