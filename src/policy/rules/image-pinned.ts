import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every image is pinned to a tag other than `latest`, or to a digest. */
export const imagePinned: Rule = {
  id: 'image-pinned',
  severity: Severity.ERROR,
  rationale: 'A moving or missing tag makes a rollout unrepeatable and a rollback a lottery.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => {
    const image = container.image;
    if (typeof image !== 'string' || image.trim() === '') {
      return problem(`${where}.image`, undefined, 'is not set', 'give a pinned image such as "ghcr.io/acme/shop:1.4.2"');
    }
    if (image.includes('@sha256:')) return undefined;
    const lastSegment = image.slice(image.lastIndexOf('/') + 1);
    const colon = lastSegment.indexOf(':');
    const base = colon === -1 ? image : image.slice(0, image.length - lastSegment.length + colon);
    if (colon === -1) {
      return problem(`${where}.image`, image, 'has no tag', `pin a version such as "${base}:1.2.3" or a digest "${base}@sha256:..."`);
    }
    if (lastSegment.slice(colon + 1) === 'latest') {
      return problem(`${where}.image`, image, 'uses the moving tag "latest"', `pin a version such as "${base}:1.2.3" so a rollout is repeatable and reversible`);
    }
    return undefined;
  }),
};
