import { Construct } from 'constructs';
import { credentialLiteral } from './facts/credentials';
import { imagePinProblem } from './facts/image';
import type { EnvVar } from '../core/env';

// Prop checks. Each returns a message (or nothing); `Problems` attaches them to a
// construct with `node.addValidation`, so one synth reports every error at once,
// each prefixed by cdk8s with the construct path: `[prod/shop] image "nginx" ...`.

let constructed: ((scope: Construct) => void) | undefined;

/**
 * Registers what to do with each construct that records prop checks: the synth
 * layer uses it to make the app's own `app.synth()` run the output rules too
 * (this module sits below synth and cannot import it).
 */
export function onProblemsCreated(hook: (scope: Construct) => void): void {
  constructed = hook;
}

/** Collects prop errors for one construct. */
export class Problems {
  private readonly messages: string[] = [];

  constructor(scope: Construct) {
    scope.node.addValidation({ validate: () => [...this.messages] });
    constructed?.(scope);
  }

  /** Records `prop "value" <problem>: <fix>`, once (two pod templates built from the same props find the same problem). */
  public add(prop: string, value: unknown, problem: string, fix: string): void {
    const message = `${prop} ${show(value)} ${problem}: ${fix}`;
    if (!this.messages.includes(message)) this.messages.push(message);
  }

  /** Records a message already in the contract's shape. */
  public addMessage(message: string | undefined): void {
    if (message) this.messages.push(message);
  }

  public get ok(): boolean {
    return this.messages.length === 0;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: what Service and most object names must be. */
export function checkName(problems: Problems, prop: string, name: string): void {
  if (name.length > 63 || !DNS_1123_LABEL.test(name)) {
    problems.add(prop, name, 'is not a valid DNS-1123 label',
      'use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit, such as "storefront"');
  }
}

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 subdomain: what Secret, ConfigMap and most other object names must be. */
export function checkSubdomain(problems: Problems, prop: string, name: string): void {
  if (typeof name !== 'string' || name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    problems.add(prop, name, 'is not a valid DNS-1123 subdomain',
      'use at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, such as "registry-acme"');
  }
}

/** An image reference pinned to a tag (not latest) or a digest. */
export function checkImage(problems: Problems, prop: string, image: string): void {
  const why = image ? imagePinProblem(image) : { problem: 'is not an image reference', fix: 'give a reference such as "ghcr.io/acme/shop:1.4.2"' };
  if (why) problems.add(prop, image, why.problem, why.fix);
}

/** The tag of a pinned image, or the first 12 digest characters: used as app.kubernetes.io/version. */
export function imageVersion(image: string): string | undefined {
  const at = image.indexOf('@sha256:');
  if (at !== -1) return image.slice(at + 8, at + 20);
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon === -1) return undefined;
  const tag = lastSegment.slice(colon + 1);
  // label values: 63 chars of [A-Za-z0-9_.-], alphanumeric at both ends
  const clean = tag.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return clean || undefined;
}

/** A TCP/UDP port number. */
export function checkPort(problems: Problems, prop: string, port: number | undefined): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.add(prop, port, 'is not a port number', 'use a whole number from 1 to 65535, such as 8080');
  }
}

/** A whole number at least `min`. */
export function checkCount(problems: Problems, prop: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    problems.add(prop, value, `is not a whole number >= ${min}`, `use ${min} or more`);
  }
}

/** An absolute path. */
export function checkAbsolutePath(problems: Problems, prop: string, path: string | undefined): void {
  if (path === undefined) return;
  if (!path.startsWith('/')) {
    problems.add(prop, path, 'is not an absolute path', `start it with "/", such as "/${path.replace(/^\.?\/*/, '')}"`);
  }
}

/** Credentials come from Secret references, never literals in the manifests (the rule no-credentials-in-env, at prop time). */
export function checkEnvCredentials(problems: Problems, prop: string, env: { [name: string]: EnvVar } | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (credentialLiteral(name, value._render(name).value)) {
      problems.add(`${prop}.${name}`, '(a literal, not shown)', 'would write a credential into the manifests',
        'keep it in an existing Secret and read it with EnvVar.fromSecret("<secret>", "<key>")');
    }
  }
}
