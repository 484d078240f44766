// Names the API server accepts, as k8s.io/apimachinery validates them: object
// names per kind, environment variable names and ConfigMap keys. The prop
// checks and the object-level validation at synth read them here.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** The three DNS name rules of Kubernetes. */
export type NameRule = 'dns-1123-label' | 'dns-1035-label' | 'dns-1123-subdomain' | 'path-segment';

/** Why `name` breaks `rule`, with the fix; undefined when it is valid. `max` lowers the length limit (a CronJob's 52). */
export function nameProblem(name: string, rule: NameRule, max?: number): { problem: string; fix: string } | undefined {
  const limit = max ?? (rule === 'dns-1123-subdomain' ? 253 : rule === 'path-segment' ? Infinity : 63);
  // the suggestion is made only for a wrong name (this runs for every name of every object)
  const like = () => {
    const suggestion = suggestName(name);
    return suggestion && suggestion !== name ? `, such as "${suggestion}"` : ', such as "storefront"';
  };
  if (name === '') return { problem: 'is empty', fix: `give a name${like()}` };
  if (name.length > limit) {
    return { problem: `is ${name.length} characters, over the ${limit} allowed`, fix: `shorten it to at most ${limit} characters (a name derived from it, such as "<name>-canary", must fit too)` };
  }
  switch (rule) {
    case 'dns-1123-label':
      return LABEL.test(name) ? undefined
        : { problem: 'is not a valid DNS-1123 label', fix: `use lower-case letters, digits and "-", starting and ending with a letter or digit${like()}` };
    case 'dns-1035-label':
      return DNS_1035.test(name) ? undefined
        : { problem: 'is not a valid DNS-1035 label (a Service name)', fix: `use lower-case letters, digits and "-", starting with a letter and ending with a letter or digit${like()}` };
    case 'dns-1123-subdomain':
      return SUBDOMAIN.test(name) ? undefined
        : { problem: 'is not a valid DNS-1123 subdomain', fix: `use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit${like()}` };
    case 'path-segment':
      return name === '.' || name === '..' || /[/%]/.test(name) ? { problem: 'is not a valid path segment name', fix: 'leave out "/" and "%", and do not use "." or ".."' } : undefined;
  }
}

/** The name rule the API server applies to `metadata.name` of `kind` (and its length limit). */
export function nameRuleOf(kind: string): { rule: NameRule; max?: number } {
  switch (kind) {
    case 'Service': return { rule: 'dns-1035-label' };
    case 'Namespace': return { rule: 'dns-1123-label' };
    case 'CronJob': return { rule: 'dns-1123-subdomain', max: 52 };
    case 'StatefulSet': return { rule: 'dns-1123-label' };
    case 'Role':
    case 'ClusterRole':
    case 'RoleBinding':
    case 'ClusterRoleBinding': return { rule: 'path-segment' };
    default: return { rule: 'dns-1123-subdomain' };
  }
}

/** A lower-case, dash-separated version of `name`, or undefined when nothing is left. */
export function suggestName(name: string): string | undefined {
  const s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return s || undefined;
}

/** Why `name` is not an environment variable name the API server accepts; undefined when it is. */
export function envNameProblem(name: string): { problem: string; fix: string } | undefined {
  if (ENV_NAME.test(name)) return undefined;
  const fixed = name.replace(/[^-._a-zA-Z0-9]/g, '_').replace(/^([0-9])/, '_$1');
  return {
    problem: 'is not a valid environment variable name',
    fix: `use letters, digits, "_", "-" and ".", not starting with a digit (no "="), such as "${fixed || 'APP_MODE'}"`,
  };
}

/** Why `key` is not a ConfigMap or Secret key; undefined when it is. */
export function configKeyProblem(key: string): { problem: string; fix: string } | undefined {
  if (key.length <= 253 && CONFIG_KEY.test(key) && key !== '.' && key !== '..' && !key.startsWith('..')) return undefined;
  const fixed = key.replace(/[^-._a-zA-Z0-9]+/g, '-').replace(/^\.+/, '');
  return {
    problem: 'is not a valid ConfigMap key',
    fix: `use at most 253 letters, digits, "-", "_" and "." (no "/": files are mounted flat), such as "${fixed || 'app.yaml'}"`,
  };
}

const IPV4 = /^\d+(\.\d+){3}$/;

/** Why `host` is not a host name an Ingress may route (a DNS name, optionally "*." in front; no IP address, scheme, port or path); undefined when it is. */
export function hostNameProblem(host: string): { problem: string; fix: string } | undefined {
  if (isHostName(host)) return undefined;
  const suggestion = host.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/, '').toLowerCase();
  return {
    problem: IPV4.test(host) ? 'is an IP address, not a DNS host name' : 'is not a DNS host name',
    fix: `give a lower-case name without scheme, port or path, such as "${isHostName(suggestion) ? suggestion : 'shop.example.com'}"`,
  };
}

function isHostName(host: string): boolean {
  return !IPV4.test(host) && !nameProblem(host.startsWith('*.') ? host.slice(2) : host, 'dns-1123-subdomain');
}

/** The most a ConfigMap may hold (data and binaryData together), in bytes. */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;
