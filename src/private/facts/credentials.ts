// What a credential looks like, shared by the ConfigMap and env rules. Values
// are matched by shape; names by words, so DB_PASSWORD and dbPassword match
// while PASSWORD_FILE (a path to a mounted Secret) does not.

const VALUE_PATTERNS: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/],
  ['an AWS access key', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['a Stripe secret key', /\b[sr]k_live_[A-Za-z0-9]{16,}/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['a password in a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'passphrase']);
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'secret key', 'client secret', 'auth token', 'signing key', 'encryption key']);
// a name ending in one of these holds a reference or a setting, not the credential itself
const HARMLESS_LAST = new Set(['file', 'path', 'dir', 'url', 'uri', 'name', 'ref', 'endpoint', 'host', 'port', 'id', 'length', 'len', 'ttl',
  'timeout', 'expiry', 'expires', 'enabled', 'header', 'type', 'mode', 'policy', 'min', 'max', 'size', 'count', 'version']);

/** Why a value looks like a credential ("a private key"), or undefined. */
export function credentialValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  for (const [what, pattern] of VALUE_PATTERNS) if (pattern.test(value)) return what;
  return undefined;
}

/** True when a key or variable name says it holds a credential. */
export function credentialName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  const named = words.some(w => SECRET_WORDS.has(w)) || words.some((w, i) => i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`));
  if (!named) return false;
  // "API_KEY" ends in "key" yet is the credential; "SECRET_NAME" names a Secret
  if (last === 'key') return true;
  return !HARMLESS_LAST.has(last);
}

// a switch such as MYSQL_ALLOW_EMPTY_PASSWORD=no mentions a password but cannot be one
const FLAG_VALUE = /^(yes|no|true|false|0|1)$/i;

/**
 * Why `name: value` looks like a credential literal, or undefined. Never echoes the value.
 * The one test for credentials: the output rules and every workload's `env` prop check use it.
 */
export function credentialLiteral(name: string, value: unknown): string | undefined {
  const byValue = credentialValue(value);
  if (byValue) return `holds what looks like ${byValue}`;
  if (typeof value === 'string' && value.trim() !== '' && !FLAG_VALUE.test(value.trim()) && credentialName(name)) {
    return 'holds a literal value under a credential name';
  }
  return undefined;
}
