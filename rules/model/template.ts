// Decides whether a YAML document is a template (Helm/Go, Jinja or Terraform) from where its markers are, not from the text.
import { CST, Lexer } from "yaml";

export interface TemplateMarker {
  /** "go": Helm/Go template actions; "jinja": Jinja/Ansible (`{% %}`, `{# #}`); "terraform": Terraform's `templatefile()` directives (`%{ if }`, `%{ for }`). */
  syntax: "go" | "jinja" | "terraform";
  /** Offset of the marker in the text. */
  offset: number;
}

/**
 * What makes `{{` inside a plain scalar a Helm template: Helm's built-in objects and its own functions. Go template
 * actions alone (`{{ with … -}}`, `{{- end }}`, `{{ if }}`) are not enough: Prometheus alert templates use them too.
 */
const HELM_ACTION = /\{\{-?\s*(?:\$?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|(?:include|tpl|toYaml|required)\b)/;

/**
 * The first template marker of `text` that is part of the YAML structure, or undefined when there is none:
 * - `{{`, `{%` or `{#` where YAML sees flow-collection braces (`name: {{ .Release.Name }}`, a `{{- if }}` line);
 * - `{%`, or a Helm action (`{{ .Values.x }}`, `{{ include … }}`), inside an unquoted scalar (`image: app:{{ .Values.tag }}`);
 * - a Terraform template directive, `%{ if … }` / `%{ for … }` / `%{ endif }`, on a line of its own or inside an unquoted
 *   scalar. YAML reads a line that starts with `%` as a directive and the rest as broken implicit keys, so such a file
 *   is an error for YAML but valid input for Terraform's `templatefile()`. A `${var}` interpolation alone is no marker:
 *   it is a valid plain scalar, and envsubst-style manifests use the same syntax (their documents are analysed).
 *
 * Markers inside comments, quoted scalars and block scalars are text: Vault agent annotations, Argo Workflows
 * parameters (`{{inputs.parameters.x}}`) and Prometheus alert templates (`{{ $labels.pod }}`) keep their documents analysed.
 * With `anywhere` (a file in a Helm chart's `templates/` folder, which Helm renders as a whole) any `{{` counts.
 */
export function templateMarkerOf(text: string, anywhere = false): TemplateMarker | undefined {
  if (!text.includes("{{") && !text.includes("{%") && !text.includes("{#") && !text.includes("%{")) return undefined;
  if (anywhere) {
    const at = text.search(/\{\{|\{%/);
    if (at >= 0) return { syntax: text[at + 1] === "%" ? "jinja" : "go", offset: at };
  }
  let offset = 0;
  let prev = ""; // the previous token with a source (control tokens have none)
  let prevAt = -1;
  let scalarNext = false, blockNext = false;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // Control tokens (document start, scalar, flow error end) are not part of the source.
    if (token === CST.SCALAR) { scalarNext = true; continue; }
    if (token === CST.DOCUMENT || token === CST.FLOW_END) continue;
    const at = offset;
    offset += token.length;
    if (type === "block-scalar-header") { blockNext = true; prev = token; prevAt = at; continue; }
    // A plain scalar that starts with `%` is lexed as a directive line (at the start of a document or of a line).
    if (type === "directive-line" && !blockNext) {
      scalarNext = false;
      const terraform = terraformDirectiveIn(token);
      if (terraform >= 0) return { syntax: "terraform", offset: at + terraform };
    }
    if (scalarNext && !type) {
      scalarNext = false;
      if (blockNext) { blockNext = false; prev = token; continue; } // a block scalar's text
      const jinja = token.search(/\{%|\{#/);
      if (jinja >= 0) return { syntax: "jinja", offset: at + jinja };
      const go = token.search(HELM_ACTION);
      if (go >= 0) return { syntax: "go", offset: at + go };
      const terraform = terraformDirectiveIn(token);
      if (terraform >= 0) return { syntax: "terraform", offset: at + terraform };
      prev = token; prevAt = at;
      continue;
    }
    if (prev === "{" && prevAt === at - 1) {
      if (token === "{") return { syntax: "go", offset: prevAt };
      if ((type === "directive-line" && token.startsWith("%")) || (type === "comment" && token.startsWith("#"))) return { syntax: "jinja", offset: prevAt };
    }
    if (type !== "space" && type !== "newline") { prev = token; prevAt = at; }
    else prev = "";
  }
  return undefined;
}

/** Where a Terraform template directive (`%{ if x }`, `%{~ for a in b ~}`, `%{ endif }`) starts in a plain scalar's source, or -1. */
function terraformDirectiveIn(source: string): number {
  return source.search(/%\{~?\s*(?:if|else|endif|for|endfor)\b[^}]*\}/);
}
