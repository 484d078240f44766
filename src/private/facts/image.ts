// What a pinned image reference is, for the prop check (private/validate.ts)
// and the output rule (policy/rules/image-pinned.ts).

/** A problem with an image reference: what is wrong and how to fix it. */
export interface ImageProblem {
  readonly problem: string;
  readonly fix: string;
}

/**
 * Why `image` is not a pinned reference (no tag, the moving tag "latest", or
 * whitespace), or undefined when it is pinned to a tag or a digest. An empty
 * image is the caller's to report: a prop and a manifest word it differently.
 */
export function imagePinProblem(image: string): ImageProblem | undefined {
  const invalid = imageReferenceProblem(image);
  if (invalid) return invalid;
  if (image.includes('@sha256:')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const base = colon === -1 ? image : image.slice(0, image.length - lastSegment.length + colon);
  if (colon === -1) return { problem: 'has no tag', fix: `pin a version such as "${base}:1.2.3" or a digest "${base}@sha256:..."` };
  if (lastSegment.slice(colon + 1) === 'latest') {
    return { problem: 'uses the moving tag "latest"', fix: `pin a version such as "${base}:1.2.3" so a rollout is repeatable and reversible` };
  }
  return undefined;
}

// The distribution/reference grammar (github.com/distribution/reference, as
// the container runtimes parse an image): [domain[:port]/]path[:tag][@digest].
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9A-Fa-f]{32,})$/;
const DIGEST_HEX: { [algorithm: string]: number } = { sha256: 64, sha384: 96, sha512: 128 };
const EXAMPLE = 'give a reference such as "ghcr.io/acme/shop:1.4.2" or "nginx@sha256:<64 hex digits>"';

/** Why `image` is not a valid image reference (the distribution grammar); undefined when it is. */
export function imageReferenceProblem(image: string): ImageProblem | undefined {
  if (image === '' || /\s/.test(image)) return { problem: 'is not an image reference', fix: EXAMPLE };
  let rest = image;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const m = DIGEST.exec(digest);
    const want = m ? DIGEST_HEX[m[1]] : undefined;
    if (!m || (want !== undefined && m[2].length !== want) || (m[1] === 'sha256' && /[A-F]/.test(m[2]))) {
      return { problem: `has an invalid digest "${digest}"`, fix: 'give "sha256:" and the 64 lower-case hex digits of the image digest (`docker buildx imagetools inspect` prints it)' };
    }
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', slash + 1);
  if (colon !== -1) {
    const tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { problem: `has an invalid tag "${tag}"`, fix: 'use at most 128 letters, digits, "_", "." and "-", not starting with "." or "-", such as "1.4.2"' };
  }
  if (rest === '') return { problem: 'has no repository name', fix: EXAMPLE };
  if (rest.length > 255) return { problem: 'has a repository name over 255 characters', fix: 'shorten the repository name' };
  const parts = rest.split('/');
  const first = parts[0];
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  if (hasDomain && !DOMAIN.test(first)) return { problem: `has an invalid registry "${first}"`, fix: EXAMPLE };
  const path = hasDomain ? parts.slice(1) : parts;
  for (const component of path) {
    if (!PATH_COMPONENT.test(component)) {
      const lower = component.toLowerCase();
      return PATH_COMPONENT.test(lower)
        ? { problem: 'has upper-case letters in its repository name', fix: `write the repository in lower case, such as "${image.replace(component, lower)}"` }
        : { problem: `has an invalid repository path component "${component}"`, fix: 'use lower-case letters and digits separated by ".", "_", "__" or "-"' };
    }
  }
  return undefined;
}
