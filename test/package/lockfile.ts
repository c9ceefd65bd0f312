/**
 * A package-lock.json for a user's project that depends on the packed protocheck tarball (and on
 * the listed packages of the repository's own lock file), so that `npm ci --offline` installs it
 * from npm's local cache alone: the repository's `npm ci` put every tarball there, and a lock
 * file names each by its integrity, where `npm install` would need the registry's metadata.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [k: string]: unknown;
}

/** The path in `packages` that a dependency `name` of the package at `from` resolves to, as Node looks it up. */
function lookup(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; ) {
    const p = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[p]) return p;
    if (!dir) return undefined;
    const at = dir.lastIndexOf('/node_modules/');
    dir = at < 0 ? '' : dir.slice(0, at);
  }
}

/**
 * The lock file: the user's package (its name, the tarball as a dependency, `devDependencies`
 * taken from the repository's lock at the versions there), with every package they need.
 */
export function userLockfile(repoLock: string, tarball: { file: string; path: string }, user: { name: string; dev: string[] }): { lock: unknown; packageJson: unknown } {
  const packages = (JSON.parse(readFileSync(repoLock, 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const protocheck = packages[''] as LockEntry;
  const out: Record<string, LockEntry> = {};
  const visit = (path: string) => {
    if (out[path]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[path];
    // the registry's address of the tarball (this lock file format may leave it out): with it and the integrity, npm reads the cache
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entry.resolved ??= `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    out[path] = entry;
    const deps = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies };
    for (const name of Object.keys(deps)) {
      const optional = name in (entry.optionalDependencies ?? {}) || entry.peerDependenciesMeta?.[name]?.optional;
      const p = lookup(packages, path, name);
      if (p) visit(p);
      else if (!optional) throw new Error(`the repository's lock file has no ${name} for ${path}`);
    }
  };
  for (const name of Object.keys(protocheck.dependencies ?? {})) visit(`node_modules/${name}`);
  for (const name of user.dev) visit(`node_modules/${name}`);
  const devDependencies = Object.fromEntries(user.dev.map((n) => [n, packages[`node_modules/${n}`].version!]));
  const spec = `file:${tarball.file}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball.path)).digest('base64')}`;
  out['node_modules/protocheck'] = { version: protocheck.version, resolved: spec, integrity, license: protocheck.license, dependencies: protocheck.dependencies, bin: { protocheck: 'bin/protocheck.mjs' }, engines: protocheck.engines, peerDependencies: protocheck.peerDependencies, peerDependenciesMeta: protocheck.peerDependenciesMeta };
  const root = { name: user.name, version: '1.0.0', dependencies: { protocheck: spec }, devDependencies };
  return { lock: { name: user.name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': root, ...out } }, packageJson: { ...root, private: true, scripts: { check: 'protocheck check protocols', test: 'vitest run' } } };
}
