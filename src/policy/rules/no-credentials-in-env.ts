import { credentialInArgs, credentialLiteral } from '../../private/facts/credentials';
import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers } from './util';

/** No container has a credential as a literal environment variable, argument or command. */
export const noCredentialsInEnv: Rule = {
  id: 'no-credentials-in-env',
  severity: Severity.ERROR,
  rationale: 'A literal in env, args or command is in the manifest, in Git and in `kubectl describe`; credentials belong in Secrets.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => [
    ...(Array.isArray(container.env) ? container.env : []).flatMap((e: any) => {
      const why = e && 'value' in e ? credentialLiteral(String(e.name ?? ''), e.value) : undefined;
      return why ? [`${where}.env[${e.name}] ${why}: read it from a Secret (valueFrom.secretKeyRef, EnvVar.fromSecret)`] : [];
    }),
    ...(['command', 'args'] as const).flatMap(field => {
      const why = credentialInArgs(container[field]);
      return why ? [`${where}.${field} ${why}: read it from a Secret mounted as a file or an environment variable instead`] : [];
    }),
  ]),
};
