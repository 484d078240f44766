import * as fs from 'fs';
import * as path from 'path';

let own: { root: string; manifest: any } | undefined;

/**
 * The package's own package.json and its folder: above src/private/ in the
 * repository, above lib/src/private/ or lib/ (the bundle) when installed.
 */
function ownPackage(): { root: string; manifest: any } {
  for (let dir = __dirname; !own && path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === 'cdk8s-patterns') own = { root: dir, manifest };
    }
  }
  return own ?? { root: path.join(__dirname, '..', '..'), manifest: {} };
}

/**
 * A file of the package as the running code reads it, whichever file that
 * code sits in (one module of lib/src/, or the bundle lib/bundle.js): `file`
 * under the repository root when the TypeScript sources run (tests,
 * `npm run synth`), under lib/ when compiled.
 */
export function ownFile(file: string): string {
  return path.join(ownPackage().root, __filename.endsWith('.ts') ? '' : 'lib', file);
}

/**
 * The peer dependencies every app needs, with their ranges, read from package.json
 * (the one place they are declared); optional peers (projen, for cdk8s-patterns/projen) are left out.
 */
export function requiredPeers(): { [name: string]: string } {
  const manifest = ownPackage().manifest;
  const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}).filter(name => manifest.peerDependenciesMeta[name].optional));
  return Object.fromEntries(Object.entries<string>(manifest.peerDependencies ?? {}).filter(([name]) => !optional.has(name)));
}
