// `node scripts/cpu-profile.mjs <file.cpuprofile> [top]`: where a V8 CPU profile (node --cpu-prof)
// spent its time: self time by function, and by package (node_modules/<name>, node: internals,
// the app's own sources, GC, idle), as shares of the profile. Plain Node, no dependencies.
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/cpu-profile.mjs <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a frame's code lives: a package, Node's internals, the app, or V8's own entries. */
function packageOf(frame) {
  const url = frame.url ?? '';
  const inModules = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1];
  // A bundle's source map is not applied here: bundled packages show up under the bundle's name.
  if (url.startsWith('node:')) return 'node:internals';
  if (url === '') return `(${frame.functionName || 'native'})`;
  return url.replace(/^file:\/\//, '').replace(/.*\/apps\//, 'apps/');
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, us] of self) {
  const frame = nodes.get(id).callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${packageOf(frame)}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = packageOf(frame);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const share = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
// Piped into `head`, the rest of the output has nowhere to go: stop quietly.
process.stdout.on('error', () => process.exit(0));
const print = (line) => process.stdout.write(`${line}\n`);
print(`${(total / 1e6).toFixed(2)} s sampled\n\nself time by package or file:`);
for (const [k, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) print(`${share(us)}  ${k}`);
print('\nself time by function:');
for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) print(`${share(us)}  ${k}`);
