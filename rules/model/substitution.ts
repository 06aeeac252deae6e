// Values filled in by a tool before the manifest is applied (envsubst `${VAR}`, Terraform `${var}`, kubectl-style `$(VAR)`).
//
// Decision (issue 13, envsubst-style manifests): a document whose values hold such placeholders is still analysed — the
// rest of the object is what runs — but a placeholder is an unknown value, never a missing, default or invalid one:
// rules that read the value stay silent about it. Objects that name the same placeholder (`namespace: ${NAMESPACE}`)
// land in the same place after substitution, so they are judged together as written. A file with Terraform directives
// (`%{ if }`) or named by a `templatefile()` call is a Terraform template and not analysed at all (model/template.ts).

/** Whether a scalar is (or contains) a placeholder that a tool substitutes before the manifest is applied. */
export function isSubstituted(v: unknown): boolean {
  return typeof v === "string" && /\$\{[^}]+\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\{\{[^}]*\}\}/.test(v);
}
