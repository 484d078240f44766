import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** No container reads a Secret into its environment (checkov CKV_K8S_35): Secrets are mounted as files. */
export const secretsAsFiles: Rule = {
  id: 'secrets-as-files',
  severity: Severity.WARNING,
  rationale: 'An environment variable is inherited by every child process and printed by crash dumps and debug endpoints; a file mounted 0400 is read only by whoever opens it.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => [
    ...(Array.isArray(container.env) ? container.env : []).flatMap((e: any) => e?.valueFrom?.secretKeyRef
      ? [problem(`${where}.env[${e.name}]`, e.valueFrom.secretKeyRef.name, 'reads a Secret into the environment',
        'mount it as a file (secretFiles), or keep it in env with a written reason (EnvVar.fromSecret(name, key, { reason }))')]
      : []),
    ...(Array.isArray(container.envFrom) ? container.envFrom : []).flatMap((e: any) => e?.secretRef
      ? [problem(`${where}.envFrom`, e.secretRef.name, 'reads a whole Secret into the environment',
        'mount it as a file (secretFiles), or keep it with a written reason (envFromSecretsReason)')]
      : []),
  ]),
};
