import * as fs from 'fs';
import * as path from 'path';

/** The package's own package.json: above src/private/ in the repository, above lib/src/private/ when installed. */
function ownManifest(): any {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === 'cdk8s-patterns') return manifest;
    }
  }
  return {};
}

/**
 * The peer dependencies every app needs, with their ranges, read from package.json
 * (the one place they are declared); optional peers (projen, for cdk8s-patterns/projen) are left out.
 */
export function requiredPeers(): { [name: string]: string } {
  const manifest = ownManifest();
  const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}).filter(name => manifest.peerDependenciesMeta[name].optional));
  return Object.fromEntries(Object.entries<string>(manifest.peerDependencies ?? {}).filter(([name]) => !optional.has(name)));
}
