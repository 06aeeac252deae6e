// Where rule documentation pages are linked from: the web by default; the CLI's --docs-url / KUBEREADY_DOCS_URL, or
// the rule pages bundled with the extension (file: URLs) in the editor, so links work offline.

/** The published rule pages (docs/rules/ of the repository). */
export const DEFAULT_DOCS_BASE = "https://github.com/kubeready/kubeready/blob/main/docs/rules/";

let base = DEFAULT_DOCS_BASE;

/** Sets the base URL the rule pages are under (a trailing '/' is added when missing). */
export function setDocsBase(url: string | undefined): void {
  base = url ? (url.endsWith("/") ? url : `${url}/`) : DEFAULT_DOCS_BASE;
}

export function docsBase(): string {
  return base;
}

/** The page of a rule: `<base>pss-privileged.md`. */
export function docsUrl(ruleId: string, docsBaseUrl: string = base): string {
  const b = docsBaseUrl.endsWith("/") ? docsBaseUrl : `${docsBaseUrl}/`;
  return `${b}${ruleId.replace("/", "-")}.md`;
}
