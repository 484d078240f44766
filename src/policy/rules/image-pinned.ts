import { imagePinProblem } from '../../private/facts/image';
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
    const why = imagePinProblem(image);
    return why ? problem(`${where}.image`, image, why.problem, why.fix) : undefined;
  }),
};
