// Label and annotation keys and values as the API server validates them
// (k8s.io/apimachinery: qualified names, 63-character label values, 256 KiB
// of annotations per object).

import { nameProblem } from './names';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The most all annotations of one object may hold (keys and values), in bytes. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Why `key` is not a qualified name ("prefix/name" or "name"), usable as a label or annotation key; undefined when it is. */
export function keyProblem(key: string): { problem: string; fix: string } | undefined {
  const fix = 'use an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, such as "example.com/team"';
  if (key === '') return { problem: 'is an empty key', fix };
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && nameProblem(prefix, 'dns-1123-subdomain')) return { problem: 'has a prefix that is not a DNS subdomain', fix };
  if (name.length > 63 || !NAME_PART.test(name)) return { problem: 'is not a valid qualified name', fix };
  return undefined;
}

/** Why `value` is not a label value; undefined when it is. */
export function labelValueProblem(value: string): { problem: string; fix: string } | undefined {
  if (value.length <= 63 && LABEL_VALUE.test(value)) return undefined;
  const fixed = value.replace(/[^-A-Za-z0-9_.]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return {
    problem: value.length > 63 ? `is ${value.length} characters, over the 63 a label value may have` : 'is not a valid label value',
    fix: `use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, such as "${fixed || 'v1'}"`,
  };
}

/** The bytes a string map takes (keys and values), as the API server counts an object's annotations and a ConfigMap's data. */
export function stringMapBytes(map: { [key: string]: unknown }): number {
  let n = 0;
  for (const [k, v] of Object.entries(map)) n += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  return n;
}
