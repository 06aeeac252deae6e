// operations/image-not-pinned: images must name a version (no missing or `latest` tag), optionally a digest (guide §4A GitOps).
import { defineRule } from "../../api.js";
import { isTemplatedImage, parseImageReference } from "../../model/images.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

export default defineRule({
  meta: {
    id: "operations/image-not-pinned",
    title: "Container images must be pinned to a version (a tag other than latest, or a digest)",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
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
    if (!t) return;
    const requireDigest = ctx.options.requireDigest === true;
    // Ephemeral debug containers are attached by hand; they are not what GitOps deploys.
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const image = c.value.image;
      if (typeof image !== "string" || isTemplatedImage(image)) continue;
      const ref = parseImageReference(image);
      // Not a valid reference (a placeholder, a typo): the kubelet rejects it; pinning is not the problem to report.
      if (!ref || ref.digest) continue;
      const at = { path: [...c.path, "image"], key: `${c.kind}.${c.name}` };
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
