// What a credential looks like, shared by the credential rules and every
// workload's prop checks. Values are matched by shape; names by words, so
// DB_PASSWORD, PGPASS and dbPassword match while PASSWORD_FILE (a path to a
// mounted Secret) does not. Every pattern runs in linear time: a shape starts
// only where a run of its characters starts (a lookbehind), so no start
// position rescans a run another one already read, and URLs are read with
// indexOf rather than a backtracking pattern.

// a token shape may start only at the start of a run of token characters
const START = '(?<![A-Za-z0-9_-])';

const VALUE_PATTERNS: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/],
  ['an AWS access key', new RegExp(`${START}(AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])`)],
  ['a GitHub token', new RegExp(`${START}(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22})`)],
  ['a GitLab token', new RegExp(`${START}glpat-[A-Za-z0-9_-]{20}`)],
  ['a Slack token', new RegExp(`${START}xox[abprs]-[A-Za-z0-9-]{10}`)],
  ['a Slack webhook', /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6}/],
  ['a Stripe secret key', new RegExp(`${START}[sr]k_live_[A-Za-z0-9]{16}`)],
  ['a Google API key', new RegExp(`${START}AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])`)],
  ['a Google OAuth client secret', new RegExp(`${START}GOCSPX-[A-Za-z0-9_-]{20}`)],
  ['an OpenAI or Anthropic API key', new RegExp(`${START}sk-(proj-|ant-(api\\d\\d-)?)?[A-Za-z0-9]{20}`)],
  ['an npm token', new RegExp(`${START}npm_[A-Za-z0-9]{36}`)],
  ['a PyPI token', new RegExp(`${START}pypi-AgE[A-Za-z0-9_-]{50}`)],
  ['a Docker Hub token', new RegExp(`${START}dckr_pat_[A-Za-z0-9_-]{20}`)],
  ['a SendGrid API key', new RegExp(`${START}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}`)],
  ['a HashiCorp Vault token', new RegExp(`${START}hv[sb]\\.[A-Za-z0-9_-]{24}`)],
  ['a DigitalOcean token', new RegExp(`${START}do[pro]_v1_[a-f0-9]{64}`)],
  ['an Azure storage account key', /AccountKey=[A-Za-z0-9+/]{40}/],
  ['a JSON Web Token', new RegExp(`${START}eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10}`)],
];

// a word that is, or ends in, one of these names a credential: password, dbpass, PGPASS, REDIS_AUTH, accessToken
const SECRET_STEMS = ['password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'auth', 'credential', 'credentials', 'apikey', 'privatekey', 'passphrase'];
// words that end in a stem but are not credentials
const NOT_SECRET = new Set(['bypass', 'compass', 'surpass', 'overpass', 'underpass', 'trespass', 'passthrough']);
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'secret key', 'client secret', 'auth token', 'signing key',
  'encryption key', 'session key', 'master key', 'account key', 'license key', 'hmac key', 'shared key']);
// a name ending in one of these holds a reference or a setting, not the credential itself
const HARMLESS_LAST = new Set(['file', 'path', 'dir', 'url', 'uri', 'name', 'ref', 'endpoint', 'host', 'port', 'id', 'length', 'len', 'ttl',
  'timeout', 'expiry', 'expires', 'enabled', 'header', 'type', 'mode', 'policy', 'min', 'max', 'size', 'count', 'version',
  'provider', 'method', 'scheme', 'strategy', 'realm', 'issuer', 'audience', 'scope', 'scopes', 'user', 'username', 'algorithm',
  'prefix', 'format', 'backend', 'server', 'required', 'disabled']);

/** Why a value looks like a credential ("a private key"), or undefined. */
export function credentialValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  for (const [what, pattern] of VALUE_PATTERNS) if (pattern.test(value)) return what;
  if (hasUrlPassword(value)) return 'a password in a URL';
  return undefined;
}

/** `scheme://user:password@host`: read from each "://" to the next "/", "@" or space, so each character is read once. */
function hasUrlPassword(value: string): boolean {
  for (let at = value.indexOf('://'); at > 0; at = value.indexOf('://', at + 3)) {
    if (!/[a-z0-9+.-]/i.test(value[at - 1])) continue;
    let colon = -1;
    for (let i = at + 3; i < value.length; i++) {
      const c = value[i];
      if (c === '@') {
        if (colon >= at + 3 && i > colon + 1) return true;
        break;
      }
      if (c === '/' || c === ' ' || c === '\t' || c === '\n' || c === '\r') break;
      if (c === ':' && colon < 0) colon = i;
    }
  }
  return false;
}

function isSecretWord(word: string): boolean {
  return !NOT_SECRET.has(word) && SECRET_STEMS.some(stem => word.endsWith(stem));
}

/** True when a key or variable name says it holds a credential. */
export function credentialName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  const named = words.some(isSecretWord) || words.some((w, i) => i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`));
  if (!named) return false;
  // "API_KEY" ends in "key" yet is the credential; "SECRET_NAME" names a Secret
  if (last === 'key') return true;
  return !HARMLESS_LAST.has(last);
}

// a switch such as MYSQL_ALLOW_EMPTY_PASSWORD=no mentions a password but cannot be one
const FLAG_VALUE = /^(yes|no|true|false|on|off|0|1|none|null|~)$/i;
// a reference the app resolves at run time: ${DB_PASSWORD}, $(DB_PASSWORD), {{ .password }}, /run/secrets/db
const REFERENCE = /^(\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|\/\S*)$/;

/**
 * Why `name: value` looks like a credential literal, or undefined. Never echoes the value.
 * The one test for credentials: the output rules and every workload's `env` prop check use it.
 */
export function credentialLiteral(name: string, value: unknown): string | undefined {
  const byValue = credentialValue(value);
  if (byValue) return `holds what looks like ${byValue}`;
  if (typeof value !== 'string') return undefined;
  const v = unquote(value.trim());
  if (v !== '' && !FLAG_VALUE.test(v) && !REFERENCE.test(v) && credentialName(name)) {
    return 'holds a literal value under a credential name';
  }
  return undefined;
}

/**
 * Why a config file's text looks like it holds a credential, or undefined: a shape anywhere, or a
 * `key: value` / `key = value` line (YAML, properties, INI, .env) whose key names a credential
 * (`password: hunter2`, `spring.datasource.password=...`). One pass over the lines.
 */
export function credentialInText(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const byValue = credentialValue(text);
  if (byValue) return `holds what looks like ${byValue}`;
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?["']?([A-Za-z0-9_.-]{1,200})["']?\s*[:=]\s*(.*)$/.exec(line);
    if (!m) continue;
    // a trailing " # comment" is not part of the value
    const comment = m[2].search(/\s#/);
    const value = (comment >= 0 ? m[2].slice(0, comment) : m[2]).trim();
    if (credentialLiteral(m[1], value)) return `has a line "${m[1]}" that holds a literal value under a credential name`;
  }
  return undefined;
}

/**
 * Why a command line looks like it carries a credential, or undefined: a shape in any argument,
 * `--password=x`, or `--password x` (a credential flag followed by a value).
 */
export function credentialInArgs(args: unknown): string | undefined {
  if (!Array.isArray(args)) return undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg !== 'string') continue;
    const byValue = credentialValue(arg);
    if (byValue) return `argument ${i} holds what looks like ${byValue}`;
    const flag = /^--?([A-Za-z0-9_.-]+)(?:=(.*))?$/s.exec(arg);
    if (!flag) continue;
    const value = flag[2] ?? (typeof args[i + 1] === 'string' && !String(args[i + 1]).startsWith('-') ? args[i + 1] : undefined);
    if (value !== undefined && credentialName(flag[1]) && credentialLiteral(flag[1], value)) return `argument ${i} passes a literal value to the credential flag --${flag[1]}`;
  }
  return undefined;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === '\'') && v[v.length - 1] === v[0] ? v.slice(1, -1).trim() : v;
}
