'use strict';
/**
 * mig as a user installs it, for the end-to-end test (e2e/) and the Nx timings (tools/bench):
 * the packages packed as `npm publish` would ship them, published to a verdaccio registry of the
 * run's own (everything else proxied to the public registry), and a workspace made by
 * create-nx-workspace that installs `@mig/plugin` from it. Everything lives in one temporary
 * directory; no npmrc, registry or workspace outside it is touched.
 */
const { fork, spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const NX_VERSION = '23.2.1';
/** The publishable packages, dependencies first; an optional one is published when it is built. */
const PACKAGES = [
  { dir: 'core' },
  { dir: 'adapter-sql' },
  { dir: 'adapter-sequelize', optional: true },
  { dir: 'plugin' },
  { dir: 'cli' },
];

/** The environment of a user's shell: no npm script variables, nothing of this test runner's, Nx as STACK.md sets it for CI. */
function userEnv(npmrc, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|nx_|jest_)/i.test(key) || ['INIT_CWD', 'NODE_OPTIONS', 'NODE_ENV'].includes(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    NPM_CONFIG_USERCONFIG: npmrc,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_ISOLATE_PLUGINS: 'false',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    GIT_AUTHOR_NAME: 'mig e2e',
    GIT_AUTHOR_EMAIL: 'e2e@mig.invalid',
    GIT_COMMITTER_NAME: 'mig e2e',
    GIT_COMMITTER_EMAIL: 'e2e@mig.invalid',
    ...extra,
  };
}

/**
 * Run a command to its end: its exit code, its output (stdout then stderr, and both together as
 * they came) and its wall time. A command still running after `timeoutMs` is killed with its
 * children and reported as such.
 */
function run(command, args, { cwd, env, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (d) => ((stdout += d), (output += d)));
    child.stderr.on('data', (d) => ((stderr += d), (output += d)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (signal) output += `\n(killed by ${signal} after ${ms} ms)`;
      resolve({ code: code ?? -1, stdout, stderr, output, ms });
    });
  });
}

/** The result of a command that must succeed; otherwise an error with its output. */
function ok(result, what) {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
  return result;
}

/** Wall times of named steps, printed as a table at the end. */
class Timings {
  constructor() {
    this.started = Date.now();
    this.steps = [];
  }
  async step(name, work) {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.steps.push({ name, ms: Date.now() - started });
    }
  }
  table(title) {
    const width = Math.max(...this.steps.map((s) => s.name.length), 5);
    const line = (name, ms) => `  ${name.padEnd(width)}  ${(ms / 1000).toFixed(1).padStart(6)} s`;
    return [title, ...this.steps.map((s) => line(s.name, s.ms)), line('total', Date.now() - this.started)].join('\n');
  }
}

/**
 * better-sqlite3 (a dependency of @mig/core) installs a prebuilt binary downloaded from GitHub, or
 * compiles SQLite (~100 s of CPU) where it cannot: this machine cannot reach GitHub. The binary
 * this checkout already has is offered as prebuild-install's local prebuild, so the install takes
 * the path a user's does. `MIG_E2E_BUILD_NATIVE=1` compiles instead.
 */
function betterSqlitePrebuild(dir) {
  if (process.env.MIG_E2E_BUILD_NATIVE === '1') return {};
  const wanted = JSON.parse(readFileSync(join(ROOT, 'packages', 'core', 'package.json'), 'utf8')).dependencies['better-sqlite3'];
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('better-sqlite3/package.json', { paths: [join(ROOT, 'packages', 'core')] }));
  } catch {
    return {};
  }
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const glibc = process.platform !== 'linux' || Boolean(process.report?.getReport().header.glibcVersionRuntime);
  if (version !== wanted || !glibc || !existsSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'))) return {};
  mkdirSync(dir, { recursive: true });
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const tar = spawnSync('tar', ['czf', join(dir, file), '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  return tar.status === 0 ? { npm_config_better_sqlite3_local_prebuilds: dir } : {};
}

/** The verdaccio configuration: @mig/* published here by anyone, everything else from the public registry. */
function registryConfig(dir) {
  return `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
    max_users: -1
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
    maxage: 30m
packages:
  '@mig/*':
    access: $all
    publish: $all
    unpublish: $all
  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
`;
}

class UserWorkspace {
  /** A temporary directory for the whole run: tarballs, registry, workspace. */
  constructor(prefix = 'mig-e2e-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.timings = new Timings();
    this.tarballs = [];
    this.registry = undefined;
    this.ws = undefined;
    this.env = userEnv(join(this.dir, 'npmrc'));
  }

  /** `npm pack` each publishable package (after `npm run build`) into the run's directory. */
  async pack() {
    const packages = PACKAGES.filter((p) => {
      const built = existsSync(join(ROOT, 'packages', p.dir, 'dist'));
      if (!built && !p.optional) throw new Error(`packages/${p.dir} has no dist/: run npm run build first`);
      return built;
    });
    const dest = join(this.dir, 'tarballs');
    mkdirSync(dest, { recursive: true });
    this.tarballs = await Promise.all(
      packages.map(async (p) => {
        const cwd = join(ROOT, 'packages', p.dir);
        const result = ok(await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd, env: this.env }), `npm pack in packages/${p.dir}`);
        const [info] = JSON.parse(result.stdout);
        return { name: info.name, version: info.version, file: join(dest, info.filename), files: info.files.map((f) => f.path), manifest: JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) };
      }),
    );
    const packed = new Set(this.tarballs.map((t) => t.name));
    for (const t of this.tarballs) {
      for (const dep of Object.keys(t.manifest.dependencies ?? {})) {
        if (dep.startsWith('@mig/') && !packed.has(dep)) throw new Error(`${t.name} depends on ${dep}, which is not built: run npm run build first`);
      }
    }
    return this.tarballs;
  }

  /** Start the run's registry and point npm at it through a temporary npmrc. */
  async startRegistry() {
    const dir = join(this.dir, 'registry');
    mkdirSync(join(dir, 'storage'), { recursive: true });
    writeFileSync(join(dir, 'config.yaml'), registryConfig(dir));
    const log = openSync(join(dir, 'verdaccio.log'), 'a');
    const child = fork(join(__dirname, 'registry-server.js'), [join(dir, 'config.yaml')], { stdio: ['ignore', log, log, 'ipc'], env: { ...this.env, NODE_NO_WARNINGS: '1' } });
    closeSync(log);
    this.registry = { child, port: undefined, url: undefined };
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`verdaccio did not start in 60 s; see ${join(dir, 'verdaccio.log')}`)), 60_000);
      child.once('message', (m) => (clearTimeout(timer), m.port ? resolve(m.port) : reject(new Error(`verdaccio: ${m.error}`))));
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`verdaccio exited (${code}); see ${join(dir, 'verdaccio.log')}`))));
    });
    const url = `http://127.0.0.1:${port}/`;
    Object.assign(this.registry, { port, url });
    // npm publish needs a credential for the registry; verdaccio takes an unknown token as anonymous
    const nodedir = dirname(dirname(process.execPath));
    writeFileSync(
      join(this.dir, 'npmrc'),
      [
        `registry=${url}`,
        `//127.0.0.1:${port}/:_authToken=mig-e2e`,
        'fund=false',
        'audit=false',
        'update-notifier=false',
        // node-gyp's headers, for a native module compiled from source, without downloading them
        ...(existsSync(join(nodedir, 'include', 'node', 'node.h')) ? [`nodedir=${nodedir}`] : []),
        '',
      ].join('\n'),
    );
    return this.registry;
  }

  async publish() {
    await Promise.all(this.tarballs.map(async (t) => ok(await run('npm', ['publish', t.file], { cwd: this.dir, env: this.env }), `npm publish ${t.name}`)));
  }

  /** `npx create-nx-workspace@<Nx> <name> --preset=npm`, from the run's registry. */
  async create(name = 'acme') {
    const args = ['-y', `create-nx-workspace@${NX_VERSION}`, name, '--preset=npm', '--nxCloud=skip', '--no-interactive', '--analytics=false'];
    ok(await run('npx', args, { cwd: this.dir, env: this.env }), 'create-nx-workspace');
    this.ws = join(this.dir, name);
    return this.ws;
  }

  /** `npm install -D <packages>` in the workspace. */
  async install(packages) {
    const env = { ...this.env, ...betterSqlitePrebuild(join(this.dir, 'prebuilds')) };
    return ok(await run('npm', ['install', '-D', ...packages], { cwd: this.ws, env }), `npm install ${packages.join(' ')}`);
  }

  /** `nx <args>` with the workspace's own Nx. */
  nx(args, options = {}) {
    const nx = join(this.ws, 'node_modules', 'nx');
    const bin = JSON.parse(readFileSync(join(nx, 'package.json'), 'utf8')).bin.nx;
    return run(process.execPath, [join(nx, bin), ...args], { cwd: this.ws, env: this.env, timeoutMs: 5 * 60_000, ...options });
  }

  async git(args) {
    return ok(await run('git', args, { cwd: this.ws, env: this.env }), `git ${args.join(' ')}`).stdout;
  }

  /** Write files under the workspace: `{ 'apps/api/project.json': '…' }`. */
  write(files) {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.ws, path)), { recursive: true });
      writeFileSync(join(this.ws, path), content);
    }
  }

  read(path) {
    return readFileSync(join(this.ws, path), 'utf8');
  }

  /** Stop the registry and remove the run's directory (kept with MIG_E2E_KEEP=1). */
  async close() {
    const child = this.registry?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (process.env.MIG_E2E_KEEP === '1') return;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { NX_VERSION, ROOT, Timings, UserWorkspace, ok, run, userEnv };
