// Parses container image references the way docker/distribution's `reference` package does (registry, repository, tag, digest).

/** A parsed image reference. `registry` is normalised (docker.io when none is written). */
export interface ImageReference {
  /** The registry host (and port) as written, or "docker.io" when the reference names none. */
  registry: string;
  /** Whether the reference itself names the registry. */
  registryExplicit: boolean;
  /** The repository path as written (without the registry); Docker Hub official images get no "library/" here. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. sha256:…; when present the image is immutable whatever the tag says. */
  digest?: string;
}

// The grammar of github.com/distribution/reference (regexp.go), written out here so rules need no dependency.
const ALNUM = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";

const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const DIGEST_RE = new RegExp(`^${DIGEST}$`);
/** distribution's NameTotalLengthMax. */
const MAX_NAME_LENGTH = 255;

/**
 * Parses `[registry/]repository[:tag][@digest]`. Returns undefined for text that is not a valid reference
 * (templates like `$(IMAGE)` or `${TAG}`, placeholders, upper-case repositories).
 */
export function parseImageReference(text: string): ImageReference | undefined {
  const ref = text.trim();
  if (!ref) return undefined;
  let name = ref;
  let digest: string | undefined;
  const at = name.indexOf("@");
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }
  // The tag is after the last ':' that follows the last '/': `host:5000/repo` has a port, not a tag.
  let tag: string | undefined;
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  if (!name || name.length > MAX_NAME_LENGTH) return undefined;
  // splitDockerDomain: the first component is a registry when it has a '.' or ':', is localhost, or has capitals.
  const slash = name.indexOf("/");
  let registry = "docker.io";
  let registryExplicit = false;
  let repository = name;
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase()) {
      if (!DOMAIN_RE.test(first)) return undefined;
      registry = first;
      registryExplicit = true;
      repository = name.slice(slash + 1);
    }
  }
  if (!PATH_RE.test(repository)) return undefined;
  return { registry, registryExplicit, repository, tag, digest };
}

/** The last path component of the repository ("prometheus" for quay.io/prometheus/prometheus). */
export function imageBaseName(ref: ImageReference): string {
  return ref.repository.slice(ref.repository.lastIndexOf("/") + 1);
}

/** Whether an image string could not be read because it is templated (`$(VAR)`, `${VAR}`, `{{ }}`); such images are not judged. */
export function isTemplatedImage(text: string): boolean {
  return /\$\(|\$\{|\{\{/.test(text);
}
