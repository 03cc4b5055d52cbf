// Adds lock entries for optional platform packages (other OSes and CPUs) that the registry mirror
// here does not serve, so that `npm ci` accepts the lock file. Run after `npm install` changes it:
//   node scripts/complete-lockfile.mjs
import fs from 'node:fs';

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const P = lock.packages;
const platform = (name) => {
  const m = /(darwin|linux|win32|windows)-(arm64|x64)(-musl|-glibc)?/.exec(name);
  const os = m[1] === 'windows' ? 'win32' : m[1];
  return { os: [os], cpu: [m[2]], ...(m[3] === '-musl' ? { libc: ['musl'] } : m[3] === '-glibc' ? { libc: ['glibc'] } : {}) };
};
let added = 0;
for (const [_key, pkg] of Object.entries(P)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const path = `node_modules/${dep}`;
    if (P[path]) continue;
    P[path] = { version, dev: true, optional: true, ...platform(dep) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(P).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log('added', added);
