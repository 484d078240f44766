import * as api from '../src';
import { EnvValue, EnvVar, HealthProbe, Probe } from '../src';

test('the public API is the named list in index.ts: helpers stay private', () => {
  const names = Object.keys(api);
  for (const helper of ['scaleQuantity', 'withPlatformDefaults', 'dnsEgress', 'internetEgress', 'annotateSyncWaves', 'Problems']) {
    expect(names).not.toContain(helper);
  }
  for (const construct of ['WebApp', 'StatefulStore', 'NodeAgent', 'SmokeTest', 'TeamNamespace', 'ArgoCdApplication', 'Platform', 'Release']) {
    expect(names).toContain(construct);
  }
});

test('the old Probe and EnvValue names are aliases of HealthProbe and EnvVar', () => {
  expect(Probe).toBe(HealthProbe);
  expect(EnvValue).toBe(EnvVar);
  expect(Probe.tcp()).toBeInstanceOf(HealthProbe);
  expect(EnvValue.value('x')).toBeInstanceOf(EnvVar);
});
