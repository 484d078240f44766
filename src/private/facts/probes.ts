// "Readiness equals liveness": the prop check (Workload.podTemplate) and the
// probes-differ rule ask the same question of the same rendered probes, with
// kube-score's definition (pod-probes-identical): the handlers are compared,
// never the timings. A slower, more tolerant copy of the readiness check still
// restarts a pod whose dependency is down, just later.

/**
 * True when two probes run the same check: HTTP GET of the same path on the same
 * port, a TCP connect to the same port, or the same command.
 */
export function sameProbe(a: any, b: any): boolean {
  if (!a || !b) return false;
  if (a.httpGet && b.httpGet) return a.httpGet.path === b.httpGet.path && portNumber(a.httpGet.port) === portNumber(b.httpGet.port);
  if (a.tcpSocket && b.tcpSocket) return String(a.tcpSocket.port) === String(b.tcpSocket.port);
  if (a.exec && b.exec) {
    const x: unknown[] = a.exec.command ?? [];
    const y: unknown[] = b.exec.command ?? [];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (a.grpc && b.grpc) return a.grpc.port === b.grpc.port && (a.grpc.service ?? '') === (b.grpc.service ?? '');
  return false;
}

/** A port as Go's IntOrString.IntValue() reads it: a named port is 0, so two named ports compare equal. */
function portNumber(port: unknown): number {
  if (typeof port === 'number') return port;
  const n = Number(port);
  return Number.isInteger(n) ? n : 0;
}
