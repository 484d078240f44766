// The YAML writer of synth: plain JSON-like data (what ApiObject.toJson()
// returns) to block-style YAML that every reader takes back as the same values:
// kubectl (go-yaml v2/v3 through sigs.k8s.io/yaml), YAML 1.1 readers (PyYAML in
// checkov and Ansible, `yaml` with version 1.1) and YAML 1.2 readers (`yaml`,
// js-yaml). Its layout is the one cdk8s's Yaml.stringify gives (`yaml` with
// lineWidth 0), so output changes only where a string was unsafe.
//
// A string is written plain only when no reader can take it for anything else
// (a number in any base or form, a boolean, null, a timestamp, a merge key) and
// it has no character a reader treats specially; a multi-line string is a
// literal block when that keeps it exactly; everything else is double-quoted
// with every unusual character escaped (U+0085, U+2028, U+2029, U+FEFF and
// control characters change value or break readers when left raw).

const STEP = '  ';

/** Keys longer than this cannot be simple keys (YAML 1.1/1.2, libyaml, PyYAML): they are written as `? key`. */
const MAX_SIMPLE_KEY = 1000;

/** Thrown for a value YAML cannot carry the same way to every reader (NaN, Infinity, functions, ...). */
export class YamlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlValueError';
  }
}

/**
 * YAML for one or more documents, separated by `---` like cdk8s's
 * Yaml.stringify (an undefined document is an empty line).
 */
export function stringifyYaml(...docs: unknown[]): string {
  let out = '';
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) out += '---\n';
    out += docs[i] === undefined ? '\n' : documentOf(docs[i]);
  }
  return out;
}

function documentOf(doc: unknown): string {
  try {
    const value = jsonValue(doc);
    if (!isBlock(value)) return `${scalar(value, '', true)}\n`;
    const parts: string[] = [];
    block(value, '', '', parts);
    return parts.join('');
  } catch (e) {
    if (e instanceof BadValue) throw new YamlValueError(describeBadValue(doc));
    throw e;
  }
}

/** A non-empty map or list, written as an indented block; everything else is written inline. */
function isBlock(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > 0;
  for (const _ in value) return true;
  return false;
}

/** Appends the lines of a non-empty map or list at `indent` to `out`; the first line starts with `first` instead. */
function block(value: any, indent: string, first: string, out: string[]): void {
  let lead = first;
  const inner = indent + STEP;
  if (Array.isArray(value)) {
    for (const raw of value) {
      const item = jsonValue(raw);
      if (isBlock(item)) block(item, inner, `${lead}- `, out);
      else out.push(`${lead}- ${scalar(item, inner, false)}\n`);
      lead = indent;
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const item = jsonValue(value[key]);
    const k = string(key, inner, true);
    out.push(k.length > MAX_SIMPLE_KEY ? `${lead}? ${k}\n${indent}:` : `${lead}${k}:`);
    if (isBlock(item)) {
      out.push('\n');
      block(item, inner, inner, out);
    } else {
      out.push(` ${scalar(item, inner, false)}\n`);
    }
    lead = indent;
  }
}

/** The value JSON.stringify would write: toJSON() applied, undefined kept (written as null). */
function jsonValue(value: any): any {
  if (value !== null && typeof value === 'object' && typeof value.toJSON === 'function') return value.toJSON();
  return value;
}

class BadValue extends Error {}

function scalar(value: unknown, indent: string, root: boolean): string {
  switch (typeof value) {
    case 'string': return string(value, indent, root);
    case 'number': return number(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'undefined': return 'null';
    case 'bigint': return String(value);
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? '[]' : '{}';
    default: throw new BadValue();
  }
}

function number(n: number): string {
  if (!Number.isFinite(n)) throw new BadValue();
  const s = String(n);
  // 1e+21 is a string to YAML 1.1 readers (their floats need a dot): write 1.0e+21
  if (s.includes('e') && !s.includes('.')) return s.replace('e', '.0e');
  return s === '-0' ? '0' : s;
}

// --- strings ---

/** Characters no string may carry raw: control characters, C1 (U+0085 NEL), line and paragraph separators, BOM, non-characters. */
const UNSAFE_CHAR = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Also escaped inside double quotes. */
const ESCAPED = /["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** Half a UTF-16 surrogate pair: not Unicode text, so no UTF-8 file (and no escape go-yaml accepts) can hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Plain style is out for strings that start with an indicator (`-` only when
 * followed by a space or alone), hold `: ` or ` #`, end with `:`, start or end
 * with white space (any a parser might trim), start like a document marker,
 * or hold a tab, a line break or an unsafe character.
 */
const NOT_PLAIN = /^[?:,[\]{}#&*!|>'"%@`]|^-(?:$|[ \t])|^(?:---|\.\.\.)|: |:$| #|\t|\n|^\s|\s$/;

/** Words some reader resolves (YAML 1.1 booleans y/n/yes/no/on/off, null, merge `<<`, PyYAML's value `=`), in any case. */
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null|~|<<|=)$/i;

/**
 * Every number form of YAML 1.1 (sexagesimal 1:20, 0b/0/0x, underscores,
 * .inf/.nan), YAML 1.2 (0o, exponents) and go-yaml (Go's 0b/0B/0o/0O/0x/0X
 * with a sign; underscores removed anywhere first): a superset, so a few
 * harmless strings such as "0bad" are quoted too.
 */
const NUMBER_LIKE = /^[-+]?(?:0[bBoOxX][0-9a-fA-F_]*|[0-9_]*(?::[0-9_]*)*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]*)?|\.(?:inf|nan))$/i;

/** YAML 1.1 timestamps and go-yaml's (2001-12-14, 2001-12-14t21:59:43.10-05:00, ...), by their date prefix. */
const DATE_PREFIX = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** True when some YAML 1.1, 1.2 or go-yaml reader would read the plain scalar `s` as something other than the string `s`. */
export function resolvesToNonString(s: string): boolean {
  const c = s.charCodeAt(0);
  // only these first characters start a non-string: + - . digits ~ < = and the letters of the words
  if (c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57)) {
    return NUMBER_LIKE.test(s) || (s.includes('_') && NUMBER_LIKE.test(s.replace(/_/g, ''))) || DATE_PREFIX.test(s);
  }
  return s.length <= 5 && RESERVED.test(s);
}

/** True when `s` can be written without quotes and every reader reads it back as `s`. */
export function isPlainSafe(s: string): boolean {
  return s !== '' && !NOT_PLAIN.test(s) && !UNSAFE_CHAR.test(s) && !resolvesToNonString(s);
}

function string(s: string, indent: string, keyOrRoot: boolean): string {
  if (LONE_SURROGATE.test(s)) throw new BadValue();
  if (isPlainSafe(s)) return s;
  if (!keyOrRoot && s.includes('\n') && literalKeepsExactly(s)) return literal(s, indent);
  return doubleQuoted(s);
}

/**
 * A literal block keeps a string exactly unless its first line starts with
 * white space (the indentation would be guessed from it), its last line is
 * only white space, it holds a carriage return, a tab or an unsafe character,
 * or it is only white space.
 */
function literalKeepsExactly(s: string): boolean {
  return !/^\n*[ \t]|\n[ \t]+$|^\s*$|[\r\t]/.test(s) && !UNSAFE_CHAR.test(s.replace(/\n/g, ''));
}

function literal(s: string, indent: string): string {
  // chomping: |- strips the last line break, | keeps one, |+ keeps them all
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  let out = body === s ? '|-' : body.endsWith('\n') ? '|+' : '|';
  for (const line of body.split('\n')) out += line ? `\n${indent}${line}` : '\n';
  return out;
}

function doubleQuoted(s: string): string {
  return `"${s.replace(ESCAPED, escape)}"`;
}

function escape(ch: string): string {
  switch (ch) {
    case '"': return '\\"';
    case '\\': return '\\\\';
    case '\n': return '\\n';
    case '\t': return '\\t';
    case '\r': return '\\r';
  }
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

// --- errors ---

function describeBadValue(doc: any): string {
  const where = doc && typeof doc === 'object' && doc.kind
    ? `${doc.kind} ${doc.metadata?.namespace ? `${doc.metadata.namespace}/` : ''}${doc.metadata?.name ?? ''}`
    : 'document';
  const found = badValuePath(doc, '');
  const [field, value] = found ?? ['(root)', doc];
  const what = typeof value === 'number' ? String(value)
    : typeof value === 'string' ? `a string with half a UTF-16 surrogate pair (${JSON.stringify(value)})` : `a ${typeof value}`;
  return `${where}: ${field || '(root)'} is ${what}, which YAML cannot carry the same way to every reader: `
    + 'set a finite number or Unicode text in the construct\'s props';
}

function badValuePath(value: any, at: string): [string, unknown] | undefined {
  value = jsonValue(value);
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [at, value];
  if (typeof value === 'function' || typeof value === 'symbol') return [at, value];
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [at, value] : undefined;
  if (typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = badValuePath(value[i], `${at}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (LONE_SURROGATE.test(key)) return [at ? `${at}.${key}` : key, key];
    const hit = badValuePath(value[key], at ? `${at}.${key}` : key);
    if (hit) return hit;
  }
  return undefined;
}
