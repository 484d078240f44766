import { isBaselineCapability } from '../src/private/facts/capabilities';
import { cidrProblem } from '../src/private/facts/cidr';
import { credentialInArgs, credentialInText, credentialValue } from '../src/private/facts/credentials';
import { cronProblem, timeZoneProblem } from '../src/private/facts/cron';
import { imagePinProblem } from '../src/private/facts/image';
import { keyProblem, labelValueProblem, stringMapBytes } from '../src/private/facts/labels';
import { configKeyProblem, envNameProblem, hostNameProblem, nameProblem, nameRuleOf } from '../src/private/facts/names';
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
  expect(imagePinProblem(`registry:5000/shop@sha256:${'ab'.repeat(32)}`)).toBeUndefined();
  // the distribution grammar: a digest of the right length, a lower-case repository, a tag after the colon
  expect(imagePinProblem('nginx@sha256:abc')?.problem).toBe('has an invalid digest "sha256:abc"');
  expect(imagePinProblem('NGINX:1.2')?.fix).toContain('"nginx:1.2"');
  expect(imagePinProblem('nginx:')?.problem).toBe('has an invalid tag ""');
  expect(imagePinProblem(':1.2')?.problem).toBe('has no repository name');
  expect(imagePinProblem('registry:5000/shop')?.problem).toBe('has no tag');
  expect(imagePinProblem('shop:latest')?.problem).toBe('uses the moving tag "latest"');
  expect(imagePinProblem('shop :1.0')?.problem).toBe('is not an image reference');
});

test('baseline capabilities are matched exactly, as Pod Security admission does', () => {
  expect(isBaselineCapability('CHOWN')).toBe(true);
  expect(isBaselineCapability('CAP_CHOWN')).toBe(false);
  expect(isBaselineCapability('SYS_ADMIN')).toBe(false);
});

describe('credentials', () => {
  test.each([
    ['a GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    ['a GitLab token', 'glpat-0123456789abcdefghij'],
    ['an OpenAI or Anthropic API key', 'sk-proj-0123456789abcdefghij0123456789abcdef'],
    ['an npm token', 'npm_0123456789abcdefghijABCDEFGHIJ012345'],
    ['a SendGrid API key', `SG.${'a'.repeat(22)}.${'b'.repeat(43)}`],
    ['a HashiCorp Vault token', 'hvs.CAESIJ0123456789abcdefghijklmn'],
    ['a Slack webhook', 'https://hooks.slack.com/services/T0123456/B0123456/abcdef'],
    ['an Azure storage account key', `DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${'A'.repeat(86)}==`],
    ['a password in a URL', 'redis://:hunter2@cache:6379/0'],
    ['a password in a URL', 'amqp://shop:hunter2@rabbit/'],
  ])('%s is found by its shape', (what, value) => {
    expect(credentialValue(value)).toBe(what);
    expect(credentialValue(`prefix ${value} suffix`)).toBe(what);
  });

  test.each([
    'https://example.com/a:b@c', 'http://user@host/', 'see https://docs.example.com:8443/x', 'ghp_short', 'mailto:a@b.c', 'skeleton-key-0123456789abcdefghij0123456789',
  ])('%s is not a credential', value => expect(credentialValue(value)).toBeUndefined());

  test('config file lines, args and command are read', () => {
    expect(credentialInText('server:\n  port: 8080\nredis:\n  auth: s3cr3t\n')).toBe('has a line "auth" that holds a literal value under a credential name');
    expect(credentialInText('export DB_PASS=hunter2\n')).toBe('has a line "DB_PASS" that holds a literal value under a credential name');
    expect(credentialInText('password: ${DB_PASSWORD}\npassword_file: /run/secrets/db\nauth: false\n')).toBeUndefined();
    expect(credentialInArgs(['--password', 'hunter2'])).toBe('argument 0 passes a literal value to the credential flag --password');
    expect(credentialInArgs(['--password', '--verbose'])).toBeUndefined();
    expect(credentialInArgs(['sh', '-c', 'psql postgres://app:hunter2@db/shop'])).toBe('argument 2 holds what looks like a password in a URL');
  });

  // Linear-time matching: each value is 1 MiB of a shape that makes a backtracking pattern rescan the
  // rest of the string from every position (the old URL pattern took minutes on such a value). The
  // assertion is on behaviour: nothing is found in the filler, and a credential after it still is.
  test.each(['a', 'x://a:', 'http://', 'eyJ-', 'AKIA', 'ghp_', '-----BEGIN ', 'SG.', 'sk-', 'a:b', ' '])('1 MiB of %p: read to the end, nothing found', filler => {
    const MiB = 1024 * 1024;
    const value = filler.repeat(Math.ceil(MiB / filler.length)).slice(0, MiB);
    expect(value.length).toBe(MiB);
    expect(credentialValue(value)).toBeUndefined();
    expect(credentialInText(value)).toBeUndefined();
    expect(credentialInArgs([value])).toBeUndefined();
    expect(credentialValue(`${value} postgres://shop:hunter2@db/shop`)).toBe('a password in a URL');
  });
});

test('names per kind: DNS-1035 for Services, 52 characters for CronJobs, path segments for RBAC', () => {
  expect(nameProblem('1web', nameRuleOf('Service').rule)?.problem).toBe('is not a valid DNS-1035 label (a Service name)');
  expect(nameProblem('1web', nameRuleOf('Deployment').rule)).toBeUndefined();
  expect(nameProblem('a.b', nameRuleOf('Namespace').rule)?.problem).toBe('is not a valid DNS-1123 label');
  const cron = nameRuleOf('CronJob');
  expect(nameProblem('a'.repeat(53), cron.rule, cron.max)?.problem).toBe('is 53 characters, over the 52 allowed');
  expect(nameProblem('system:controller', nameRuleOf('ClusterRole').rule)).toBeUndefined();
  expect(envNameProblem('my.var-1')).toBeUndefined();
  expect(envNameProblem('1A')?.fix).toContain('"_1A"');
  expect(configKeyProblem('.env')).toBeUndefined();
  expect(configKeyProblem('conf/app.yaml')?.fix).toContain('"conf-app.yaml"');
});

test('host names an Ingress routes: a DNS name or "*." and one, never an IP address; the fix suggests the name when one is left', () => {
  for (const ok of ['shop.example.com', '*.example.com', 'localhost']) expect(hostNameProblem(ok)).toBeUndefined();
  expect(hostNameProblem('https://Shop.Example.com:443/x')).toEqual({
    problem: 'is not a DNS host name',
    fix: 'give a lower-case name without scheme, port or path, such as "shop.example.com"',
  });
  expect(hostNameProblem('*.Example.com')?.fix).toContain('such as "*.example.com"');
  expect(hostNameProblem('10.0.0.1')).toEqual({ problem: 'is an IP address, not a DNS host name', fix: expect.stringContaining('such as "shop.example.com"') });
});

test('label keys and values, annotation sizes', () => {
  expect(keyProblem('example.com/team')).toBeUndefined();
  expect(keyProblem('Example.com/team')?.problem).toBe('has a prefix that is not a DNS subdomain');
  expect(keyProblem('a/b/c')?.problem).toBe('is not a valid qualified name');
  expect(labelValueProblem('')).toBeUndefined();
  expect(labelValueProblem('-x')?.problem).toBe('is not a valid label value');
  expect(stringMapBytes({ ab: 'cd', é: '' })).toBe(6);
});

test('cron schedules and time zones as a 1.28 CronJob reads them', () => {
  for (const ok of ['0 3 * * *', '*/15 1-5 * JAN-MAR mon-fri', '@hourly', '0 0 1,15 * ?']) expect(cronProblem(ok)).toBeUndefined();
  expect(cronProblem('61 25 * * *')?.problem).toBe('is not a cron schedule (minute "61" is not a value from 0 to 59)');
  expect(cronProblem('0 3 * * 7')?.problem).toContain('day of week');
  expect(cronProblem('*/0 * * * *')?.problem).toContain('step "0", not a whole number >= 1');
  expect(cronProblem('TZ=UTC 0 3 * * *')?.fix).toContain('timeZone');
  // robfig/cron v3 ParseStandard, as the API server runs it (see src/private/facts/cron.ts)
  for (const ok of ['0 3 * * SUN-SAT', '0 3 * * sun', '? ? ? ? ?', '@every 1h30m', '@every .5h', '007 3 * * *', '+5 3 * * *', '1,,2 * * * *', '0 3 * * 0-6']) {
    expect({ ok, problem: cronProblem(ok) }).toEqual({ ok, problem: undefined });
  }
  expect(cronProblem('0 3 * * 7')?.fix).toBe('write Sunday as 0 or SUN: the parser Kubernetes uses (robfig/cron) stops at 6');
  for (const bad of ['@every 1x', '@daily ', '  @daily', 'CRON_TZ=UTC 0 3 * * *', '0 3 * * * TZ', '0 3 * * H', '0 3 * * sunday', '0 3 L * *', '0 3 * * 1#2']) {
    expect({ bad, problem: cronProblem(bad) }).toEqual({ bad, problem: expect.anything() });
  }
  for (const ok of ['Europe/Berlin', 'Etc/UTC', 'UTC', 'America/Argentina/Buenos_Aires']) expect(timeZoneProblem(ok)).toBeUndefined();
  for (const bad of ['Mars/Olympus', 'europe/berlin', 'Local', '']) expect(timeZoneProblem(bad)).toBeDefined();
});

describe('cron fact, case by case', () => {
  test.each([
    '0 3 * * *', '*/5 * * * *', '0 0 1 JAN,jul *', '15 8-18/2 * * mon-fri', '0 0 ? * 6', '@hourly', '@annually', '59 23 31 12 0',
  ])('accepts %s', schedule => {
    expect(cronProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['', 'it is empty'], ['daily', '1 field, not 5'], ['@weekdays', 'an unknown macro'], ['60 * * * *', 'minute "60"'],
    ['* * 0 * *', 'day of month "0"'], ['* * * 13 *', 'month "13"'], ['* * * * 8', 'day of week "8"'], ['5-1 * * * *', 'from high to low'],
    ['*/0 * * * *', 'step "0"'], ['1/2/3 * * * *', 'two steps'], ['TZ=UTC 0 3 * * *', 'names a time zone'], ['H * * * *', 'minute "H"'], ['0 3 * * 7', 'day of week "7"'],
  ])('refuses %j (%s)', (schedule, why) => {
    expect(cronProblem(schedule)?.problem).toContain(why);
  });

  test.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/UTC', 'UTC', 'Etc/GMT+1'])('accepts time zone %s', zone => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test.each(['+01:00', 'Berlin', 'utc', 'europe/berlin', 'Mars/Olympus_Mons', ''])('refuses time zone %j', zone => {
    expect(timeZoneProblem(zone)).toBeDefined();
  });
});

test('CIDRs as Go reads them', () => {
  for (const ok of ['10.0.0.0/8', '0.0.0.0/0', 'fd00::/8', '::1/128']) expect(cidrProblem(ok)).toBeUndefined();
  for (const bad of ['999.1.1.1/99', '10.0.0.0/33', '10.0.0.0', 'fd00::/129', '010.0.0.1/8']) expect(cidrProblem(bad)).toBeDefined();
});
