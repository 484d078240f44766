// Kubernetes quantities, parsed once: the TeamNamespace quota arithmetic and
// the profile's resource scaling read them here.

const MEBIBYTES_PER: { [suffix: string]: number } = {
  Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576,
};

const CORES = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** "250m", "2", "0.5" or "1e3" (cores) as millicores; NaN when it is not a CPU quantity. */
export function cpuMillis(v: string | number): number {
  const s = String(v);
  if (/^\d+(\.\d+)?m$/.test(s)) return Number(s.slice(0, -1));
  return CORES.test(s) ? Number(s) * 1000 : NaN;
}

/** "512Mi", "1Gi", "1G" or a plain number of bytes as MiB; NaN when it is not a byte quantity. */
export function mebibytes(v: string | number): number {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(String(v));
  if (!m) return NaN;
  return m[2] ? Number(m[1]) * (MEBIBYTES_PER[m[2]] ?? NaN) : Number(m[1]) / 1048576;
}

/** True for a CPU quantity: millicores ("250m") or a plain number of cores ("1", "0.5", "1e3"). */
export function isCpuQuantity(v: string): boolean {
  return !Number.isNaN(cpuMillis(v));
}
