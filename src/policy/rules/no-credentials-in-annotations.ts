import { credentialLiteral } from '../../private/facts/credentials';
import { Rule, Severity } from '../rule';

// kubectl's copy of the whole object: its env and data are checked where they are
const WHOLE_OBJECT = 'kubectl.kubernetes.io/last-applied-configuration';
// Vault agent annotations name secret paths ("agent-inject-secret-db: database/creds/shop"), never values
const SECRET_PATHS = 'vault.hashicorp.com/';

/** No annotation holds a credential. */
export const noCredentialsInAnnotations: Rule = {
  id: 'no-credentials-in-annotations',
  severity: Severity.ERROR,
  rationale: 'Annotations are readable by anyone who can list the object, and land in Git and in every tool that prints metadata.',
  check: obj => Object.entries<unknown>(obj.metadata?.annotations ?? {}).flatMap(([key, value]) => {
    if (key === WHOLE_OBJECT || key.startsWith(SECRET_PATHS)) return [];
    const why = credentialLiteral(key, value);
    return why ? [`metadata.annotations["${key}"] ${why}: keep the credential in a Secret and reference it by name`] : [];
  }),
};
