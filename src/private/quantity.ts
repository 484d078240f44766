// Kubernetes resource quantities ("250m", "1.5", "512Mi", "1G", "1e3"), parsed
// in one place: the namespace quota derivation and the review commands share it.

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

/** A quantity in base units (cores, bytes, count): "250m" is 0.25, "1Ki" is 1024. NaN when it is not a quantity. */
export function parseQuantity(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const m = QUANTITY.exec(value.trim());
  if (!m) return NaN;
  if (m[2]) return Number(m[1] + m[2]);
  return Number(m[1]) * SUFFIX[m[3] ?? ''];
}

/** "250m", "2" or "0.5" as millicores. */
export function millis(value: string | number): number {
  return Math.round(parseQuantity(value) * 1000 * 1e6) / 1e6;
}

/** "512Mi", "1Gi" or bytes as MiB. */
export function mebis(value: string | number): number {
  return parseQuantity(value) / 2 ** 20;
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
