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

test('nothing index.ts exports is @internal (stripInternal would drop it from the .d.ts consumers compile against)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path');
  const src = path.join(__dirname, '..', 'src');
  const index: string = fs.readFileSync(path.join(src, 'index.ts'), 'utf8');
  const internal: string[] = [];
  for (const m of index.matchAll(/export (?:type )?\{([^}]*)\} from '(\.[^']+)'/g)) {
    const text: string = fs.readFileSync(path.join(src, `${m[2]}.ts`), 'utf8');
    for (const name of m[1].split(',').map(n => n.trim()).filter(Boolean)) {
      const decl = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:declare )?(?:abstract )?(?:class|interface|enum|function|const|type) ${name}\\b`).exec(text);
      if (decl && decl[1].includes('@internal')) internal.push(`${name} (${m[2]})`);
    }
  }
  expect(internal).toEqual([]);
});
