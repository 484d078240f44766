import { isBaselineCapability } from '../src/private/facts/capabilities';
import { imagePinProblem } from '../src/private/facts/image';
import { countOrPercent, wholePercent } from '../src/private/facts/percent';
import { sameProbe } from '../src/private/facts/probes';
import { cpuMillis, mebibytes } from '../src/private/facts/quantity';

// One predicate per fact (src/private/facts/): the prop checks and the output rules both call these.

test.each([
  ['250m', 250], ['2', 2000], ['0.5', 500], ['1e3', 1e6], ['1e3m', NaN], ['512Mi', NaN], ['fast', NaN],
])('cpuMillis(%s) = %d', (q, expected) => expect(cpuMillis(q)).toBe(expected));

test.each([
  ['512Mi', 512], ['1Gi', 1024], ['1Ti', 1048576], ['1048576', 1], ['1Qi', NaN], ['lots', NaN],
])('mebibytes(%s) = %d', (q, expected) => expect(mebibytes(q)).toBe(expected));

test.each([
  ['25%', 25], ['0%', 0], ['100%', 100], ['2.5%', undefined], ['25', undefined], [' 5%', undefined], [25, undefined],
])('wholePercent(%p) = %p', (v, expected) => expect(wholePercent(v)).toBe(expected));

test('countOrPercent reads a count as is and a percentage as its number', () => {
  expect(countOrPercent(3)).toBe(3);
  expect(countOrPercent('30%')).toBe(30);
  expect(countOrPercent('3')).toBeUndefined();
});

test('probes are the same when their handlers are, as kube-score compares them: timings do not matter', () => {
  const a = { tcpSocket: { port: 8080 }, periodSeconds: 10, initialDelaySeconds: 5 };
  expect(sameProbe(a, { periodSeconds: 10, tcpSocket: { port: 8080 } })).toBe(true);
  expect(sameProbe(a, { tcpSocket: { port: 8080 }, periodSeconds: 20, failureThreshold: 6 })).toBe(true);
  expect(sameProbe(a, { tcpSocket: { port: 9090 } })).toBe(false);
  expect(sameProbe({ httpGet: { path: '/healthz', port: 8080 } }, { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTPS' }, periodSeconds: 30 })).toBe(true);
  expect(sameProbe({ httpGet: { path: '/ready', port: 8080 } }, { httpGet: { path: '/live', port: 8080 } })).toBe(false);
  // a named port reads as 0 in kube-score, so two named ports are the same port
  expect(sameProbe({ httpGet: { path: '/h', port: 'http' } }, { httpGet: { path: '/h', port: 'metrics' } })).toBe(true);
  expect(sameProbe({ exec: { command: ['pg_isready'] } }, { exec: { command: ['pg_isready'] }, periodSeconds: 60 })).toBe(true);
  expect(sameProbe({ exec: { command: ['pg_isready'] } }, { exec: { command: ['pg_isready', '-q'] } })).toBe(false);
  expect(sameProbe({ httpGet: { path: '/healthz', port: 8080 } }, { tcpSocket: { port: 8080 } })).toBe(false);
});

test('image pinning: a tag other than latest, or a digest', () => {
  expect(imagePinProblem('ghcr.io/acme/shop:1.4.2')).toBeUndefined();
  expect(imagePinProblem('registry:5000/shop@sha256:abc')).toBeUndefined();
  expect(imagePinProblem('registry:5000/shop')?.problem).toBe('has no tag');
  expect(imagePinProblem('shop:latest')?.problem).toBe('uses the moving tag "latest"');
  expect(imagePinProblem('shop :1.0')?.problem).toBe('is not an image reference');
});

test('baseline capabilities are matched exactly, as Pod Security admission does', () => {
  expect(isBaselineCapability('CHOWN')).toBe(true);
  expect(isBaselineCapability('CAP_CHOWN')).toBe(false);
  expect(isBaselineCapability('SYS_ADMIN')).toBe(false);
});
