import { credentialInText, credentialLiteral } from '../../private/facts/credentials';
import { Rule, Severity } from '../rule';

/** No ConfigMap entry, nor any line of a config file in one, looks like a credential. */
export const noCredentialsInConfigMap: Rule = {
  id: 'no-credentials-in-configmap',
  severity: Severity.ERROR,
  rationale: 'ConfigMaps are readable by anyone who can read the namespace and land in Git; credentials belong in Secrets.',
  kinds: ['ConfigMap'],
  check: obj => Object.entries<unknown>(obj.data ?? {}).flatMap(([key, value]) => {
    const why = credentialLiteral(key, value) ?? credentialInText(value);
    return why ? [`data.${key} ${why}: move it to a Secret (or an external secret store) and reference the Secret instead`] : [];
  }),
};
