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
  if (/\s/.test(image)) return { problem: 'is not an image reference', fix: 'give a reference such as "ghcr.io/acme/shop:1.4.2"' };
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
