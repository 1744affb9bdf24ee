/**
 * `npm test`'s set-up (its pretest step), so the suite passes on a fresh Debian machine with nothing
 * set: Debian's Chromium for the browser tests (installed with apt-get when /usr/bin/chromium is
 * missing: as root, or through `sudo -n`), and Redis on 127.0.0.1:6379 for the shared rate-limit
 * test (Debian's redis-server, installed when absent, started as a throwaway daemon with no
 * persistence when nothing answers there). What cannot be done is said, and the tests that need it
 * fail with their own message. PostgreSQL needs nothing: TEST_DATABASE_URL, else an embedded one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REDIS = { host: '127.0.0.1', port: 6379 };
const REDIS_FLAGS = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(REDIS.port), '--save', '', '--appendonly', 'no'];

const say = (line: string) => process.stderr.write(`npm test: ${line}\n`);

function succeeds(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** How to run a command as root: directly, through `sudo -n`, or not at all. */
function asRoot(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  return succeeds('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
}

let updated = false;

/** Installs a Debian package; false (having said why) when it cannot be done. */
function aptInstall(pkg: string, why: string): boolean {
  const root = asRoot();
  if (!succeeds('apt-get', ['--version']) || !root) {
    say(`${why} needs Debian's ${pkg}, and it cannot be installed here (${root ? 'no apt-get' : 'not root, and sudo -n is refused'}):`);
    say(`  install it yourself (sudo apt-get install ${pkg}); the tests that need it fail until then`);
    return false;
  }
  say(`installing Debian's ${pkg} for ${why} (apt-get)...`);
  const [command, ...prefix] = [...root, 'apt-get'];
  const run = (args: string[]) =>
    spawnSync(command, [...prefix, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  if (!updated) updated = run(['update', '-qq']);
  if (run(['install', '-y', '-qq', pkg])) return true;
  say(`apt-get install ${pkg} failed (see above); the tests that need it fail until it is installed`);
  return false;
}

/** Whether a Redis answers PING on 127.0.0.1:6379 (a password-protected one counts: it answers). */
function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(REDIS);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

async function ensureRedis(): Promise<void> {
  if (await redisAnswers()) return;
  const why = 'the shared rate-limit test';
  if (!succeeds('redis-server', ['--version']) && !aptInstall('redis-server', why)) return;
  // The package's own service may have started with the install.
  if (await redisAnswers()) return;
  say(`starting redis-server on ${REDIS.host}:${REDIS.port} for ${why} (a daemon without persistence)`);
  const started = spawnSync('redis-server', REDIS_FLAGS, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; started.status === 0 && i < 50; i++) {
    if (await redisAnswers()) return;
    await sleep(100);
  }
  say(`Redis did not answer on ${REDIS.host}:${REDIS.port}; ${why} fails until it does`);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CHROMIUM_PATH) say(`CHROMIUM_PATH names ${CHROMIUM}, which is missing; the browser tests fail until it exists`);
    else aptInstall('chromium', 'the browser tests');
  }
  await ensureRedis();
}

main().catch((err: Error) => {
  say(`set-up failed: ${err.message}`);
  process.exit(1);
});
