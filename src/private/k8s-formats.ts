import type { Format } from 'ajv';
import { isQuantity } from './facts/quantity';

// The OpenAPI formats of the Kubernetes 1.28 definitions and CRD schemas,
// checked as the API server decodes them. Each is one comparison or one
// anchored regular expression, so validating stays linear in the input.

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;

// Go's base64.StdEncoding, as encoding/json decodes a []byte: padded; line breaks are skipped.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// metav1.Time: RFC 3339, as Go's time.RFC3339 parses it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** The name of the format added to the string form of `resource.Quantity`. */
export const QUANTITY_FORMAT = 'quantity';

/** Ajv formats for every format the 1.28 definitions and the CRD schemas use. */
export const K8S_FORMATS: { [name: string]: Format } = {
  'int32': { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 },
  'int64': { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT64 && n < INT64 },
  'double': { type: 'number', validate: (n: number) => Number.isFinite(n) },
  'byte': { type: 'string', validate: (s: string) => BASE64.test(/[\r\n]/.test(s) ? s.replace(/[\r\n]/g, '') : s) },
  [QUANTITY_FORMAT]: { type: 'string', validate: isQuantity },
  'date-time': { type: 'string', validate: (s: string) => DATE_TIME.test(s) },
};

/** What a value of each format must look like, for error messages. */
export const FORMAT_HINTS: { [name: string]: string } = {
  'int32': 'an integer from -2147483648 to 2147483647',
  'int64': 'an integer from -9223372036854775808 to 9223372036854775807',
  'double': 'a finite number',
  'byte': 'base64 (standard alphabet, padded with "=")',
  [QUANTITY_FORMAT]: 'a Kubernetes quantity such as "500m", "1.5", "128Mi" or "1e3"',
  'date-time': 'an RFC 3339 time such as "2024-01-02T15:04:05Z"',
};
