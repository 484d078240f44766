// Kubernetes resource quantities ("250m", "1.5", "512Mi", "1G", "1e3"), parsed
// in one place: the namespace quota derivation, the profile's resource scaling,
// the prop checks and the review commands all read them here.

const SUFFIX: { [suffix: string]: number } = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** True for any Kubernetes resource.Quantity string (k8s.io/apimachinery's grammar: sign, number, binary or decimal SI suffix or exponent). */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** A quantity in base units (cores, bytes, count): "250m" is 0.25, "1Ki" is 1024. NaN when it is not a quantity. */
export function parseQuantity(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const m = QUANTITY.exec(value.trim());
  if (!m) return NaN;
  if (m[2]) return Number(m[1] + m[2]);
  return Number(m[1]) * SUFFIX[m[3] ?? ''];
}

// what this library accepts as a CPU prop: millicores or (fractional, exponent) cores
const CPU = /^(\d+m|(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)$/;
// and as a byte prop: a whole or decimal number with a binary or decimal suffix, or bytes
const BYTES = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** "250m", "2", "0.5" or "1e3" (cores) as millicores; NaN when it is not a CPU quantity. */
export function cpuMillis(v: string | number): number {
  const s = String(v);
  return CPU.test(s) ? Math.round(parseQuantity(s) * 1000 * 1e6) / 1e6 : NaN;
}

/** "512Mi", "1Gi", "1G" or a plain number of bytes as MiB; NaN when it is not a byte quantity. */
export function mebibytes(v: string | number): number {
  const s = String(v);
  return BYTES.test(s) ? parseQuantity(s) / 2 ** 20 : NaN;
}

/** True for a CPU quantity: millicores ("250m") or a plain number of cores ("1", "0.5", "1e3"). */
export function isCpuQuantity(v: string): boolean {
  return !Number.isNaN(cpuMillis(v));
}

/** Millicores as Kubernetes writes them: "750m", "2" for whole cores. */
export function formatMillis(m: number): string {
  return m % 1000 === 0 ? `${m / 1000}` : `${Math.ceil(m)}m`;
}

/** Bytes as "20Gi" when whole gibibytes, else whole mebibytes rounded up ("1536Mi"). */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}Gi`;
  return `${Math.ceil(bytes / 2 ** 20)}Mi`;
}
