// operations/image-not-pinned: images must name a version (no missing or `latest` tag), optionally a digest (guide §4A GitOps).
import { looksLikePatch } from "../../model/intent.js";
import { defineRule } from "../../api.js";
import { isTemplatedImage, parseImageReference, type ImageReference } from "../../model/images.js";
import { asArray, getIn, type ImageOverride } from "../../model/object.js";
import type { ObjectIndex } from "../../model/scope.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

export default defineRule({
  meta: {
    id: "operations/image-not-pinned",
    title: "Container images must be pinned to a version (a tag other than latest, or a digest)",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    // Reads the Kustomizations in scope: their `images:` entries pin what the manifest leaves open.
    crossObject: true,
    fix: "none",
    guide: "§4A Upgrades — GitOps",
    sources: {
      kubeLinter: ["latest-tag"],
      polaris: ["tagNotSpecified"],
      kubeScore: ["container-image-tag"],
    },
    options: {
      requireDigest: {
        type: "boolean",
        default: false,
        description: "Also report images pinned by tag only: a tag can be re-pushed, a digest cannot.",
      },
    },
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    // A patch-shaped fragment: the image it leaves out or sets is merged into a base this rule judges on its own.
    if (!t || looksLikePatch(ctx.object)) return;
    const requireDigest = ctx.options.requireDigest === true;
    const overrides = ctx.object.builds.flatMap((b) => b.images ?? []);
    const built = skaffoldArtifacts(ctx.index);
    // Ephemeral debug containers are attached by hand; they are not what GitOps deploys.
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const image = c.value.image;
      if (typeof image !== "string" || isTemplatedImage(image)) continue;
      const ref = parseImageReference(image);
      // Not a valid reference (a placeholder, a typo): the kubelet rejects it; pinning is not the problem to report.
      if (!ref || ref.digest) continue;
      // One image is one fact, however many containers run it.
      const at = { path: [...c.path, "image"], key: `${c.kind}.${c.name}`, fact: { subject: image } };
      // An image skaffold builds is replaced by the tag it built (`build.artifacts[].image`): the manifest names it only.
      if (built.has(nameOf(image, ref))) continue;
      const rewrites = kustomizeRewrites(image, ref, overrides);
      // A bare name in a kustomize build that no `images:` entry names (kubebuilder's `controller:latest`) is a
      // placeholder the release pipeline sets with `kustomize edit set image`; Docker Hub's official images (nginx,
      // busybox …) are real images, judged.
      if (rewrites.length === 0 && ctx.object.builds.length > 0 && isPlaceholderName(ref)) continue;
      if (rewrites.length) {
        // A kustomization decides what is deployed: judge the tag or digest it sets (any overlay that pins will do).
        if (rewrites.some((r) => r.digest)) continue;
        const pinned = rewrites.find((r) => r.newTag !== undefined && r.newTag !== "latest");
        const where = `Kustomization ${shortPath((pinned ?? rewrites[0]).from)}`;
        if (pinned) {
          if (requireDigest) ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is pinned by tag only (newTag: ${pinned.newTag} in ${where}); a tag can be re-pushed, set digest there.` });
          continue;
        }
        const tag = rewrites.find((r) => r.newTag !== undefined)?.newTag ?? ref.tag;
        // kubebuilder's `config/manager` entry for its placeholder image (`controller`): `make deploy IMG=…` runs
        // `kustomize edit set image controller=$IMG` there, so the committed `newTag: latest` is never what is deployed.
        if ((tag === undefined || tag === "latest") && isPlaceholderName(ref) && rewrites.every((r) => /\/config\/manager\/[^/]*$/.test(r.from))) continue;
        if (tag === undefined || tag === "latest") {
          ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is rewritten by ${where} but still ${tag === undefined ? "has no tag" : "uses the mutable tag \"latest\""}; set newTag (a version) or digest there.` });
          continue;
        }
        // The kustomization renames the image only; the manifest's own tag still applies.
        if (requireDigest) ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is pinned by tag only; a tag can be re-pushed, pin it by digest (@sha256:…).` });
        continue;
      }
      if (ref.tag === undefined) {
        ctx.report({ ...at, message: `Container "${c.name}" image "${image}" has no tag, so it runs whatever "latest" is when a node pulls it; pin a version in Git.` });
      } else if (ref.tag === "latest") {
        ctx.report({ ...at, message: `Container "${c.name}" image "${image}" uses the mutable tag "latest"; pin a version in Git so a rollout is a reviewed change.` });
      } else if (requireDigest) {
        ctx.report({ ...at, message: `Container "${c.name}" image "${image}" is pinned by tag only; a tag can be re-pushed, pin it by digest (@sha256:…).` });
      }
    }
  },
});

/** The image's name as written, without tag and digest. */
function nameOf(image: string, ref: ImageReference): string {
  let name = image.trim().split("@")[0];
  if (ref.tag !== undefined) name = name.slice(0, name.length - ref.tag.length - 1);
  return name;
}

/** The kustomize `images:` entries that rewrite this image: its name as written, without tag and digest, must match. */
function kustomizeRewrites(image: string, ref: ImageReference, overrides: readonly ImageOverride[]): ImageOverride[] {
  if (overrides.length === 0) return [];
  const name = nameOf(image, ref);
  return overrides.filter((o) => o.name === name);
}

/** Image names that skaffold configurations in scope build (`build.artifacts[].image`, and in their profiles). */
function skaffoldArtifacts(index: ObjectIndex): ReadonlySet<string> {
  return index.derived("operations/image-not-pinned:skaffold", (ix) => {
    const names = new Set<string>();
    for (const o of ix.ofKind("Config")) {
      if (!o.apiVersion.startsWith("skaffold/")) continue;
      const builds = [getIn(o.value, ["build"]), ...asArray(o.value.profiles).map((p) => getIn(p, ["build"]))];
      for (const b of builds) for (const a of asArray(getIn(b, ["artifacts"]))) { const n = getIn(a, ["image"]); if (typeof n === "string" && n) names.add(n); }
    }
    return names;
  }, (a, b) => a.size === b.size && [...a].every((x) => b.has(x)));
}

/**
 * Docker Hub official images people run by their bare name: a bare name outside this list (`controller`, `frontend`)
 * is a local build's name, not something a registry serves as is.
 */
const OFFICIAL = new Set(("alpine busybox nginx httpd redis memcached postgres mysql mariadb mongo rabbitmq elasticsearch kibana logstash " +
  "ubuntu debian centos fedora amazonlinux python node golang ruby perl php openjdk eclipse-temurin amazoncorretto rust bash " +
  "traefik haproxy caddy registry vault consul zookeeper cassandra influxdb telegraf chronograf grafana wordpress ghost " +
  "jenkins sonarqube nextcloud couchdb neo4j solr tomcat maven gradle docker hello-world eclipse-mosquitto nats etcd " +
  "percona adminer phpmyadmin mongo-express krakend kong swarm tensorflow pytorch").split(" "));

function isPlaceholderName(ref: ImageReference): boolean {
  return !ref.registryExplicit && !ref.repository.includes("/") && !OFFICIAL.has(ref.repository);
}

/** `file:///repo/overlays/prod/kustomization.yaml` -> `prod/kustomization.yaml`: enough to find it. */
function shortPath(uri: string): string {
  const parts = uri.split("/");
  return decodeURIComponent(parts.slice(-2).join("/"));
}
