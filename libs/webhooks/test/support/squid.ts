import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from '../../../common/test/support/until.js';

/** The Squid configuration docs/endpoints.md shows, run by the tests as written. */
export const DOCUMENTED_SQUID_CONF = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'docs',
  'examples',
  'egress-proxy',
  'squid.conf',
);

/** A Squid running for a test: `url` is its `http://127.0.0.1:<port>`. */
export interface RunningSquid {
  url: string;
  /** Squid's access log so far (one line per tunnel: `TCP_TUNNEL/200`, `TCP_DENIED/403`, …). */
  accessLog(): string;
  stop(): Promise<void>;
}

/** Debian's `squid` package puts the binary in /usr/sbin, which a non-root PATH may lack. */
function squidBinary(): string {
  for (const candidate of ['/usr/sbin/squid', '/usr/bin/squid']) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('squid is not installed: apt-get install squid (.ci/run installs it in CI)');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Replaces the one line `from` of the documented configuration, failing if it is not there once. */
function replaceLine(conf: string, from: string, to: string): string {
  const lines = conf.split('\n');
  const at = lines.flatMap((line, index) => (line === from ? [index] : []));
  if (at.length !== 1) throw new Error(`${DOCUMENTED_SQUID_CONF} must hold the line "${from}" once`);
  lines[at[0]!] = to;
  return lines.join('\n');
}

/**
 * Starts `squid -N` (no daemon) with the documented configuration, changed only where a site picks
 * its own values: the listening address (a free loopback port instead of 3128), the workers'
 * addresses (loopback) and the endpoint ports (the test endpoint's); plus where a test keeps its
 * files (pid, logs) and a quick shutdown. Resolves once Squid accepts connections.
 */
export async function startSquid({ endpointPort }: { endpointPort: number }): Promise<RunningSquid> {
  const binary = squidBinary();
  const dir = mkdtempSync(join(tmpdir(), 'squid-'));
  // Started as root, Squid drops to its own user (proxy) before writing its logs and pid file.
  chmodSync(dir, 0o777);
  const port = await freePort();
  let conf = readFileSync(DOCUMENTED_SQUID_CONF, 'utf8');
  conf = replaceLine(conf, 'http_port 3128', `http_port 127.0.0.1:${port}`);
  conf = replaceLine(conf, 'acl webhook_workers src 10.0.0.0/8', 'acl webhook_workers src 127.0.0.1/32');
  conf = replaceLine(conf, 'acl webhook_ports port 443', `acl webhook_ports port ${endpointPort}`);
  conf += [
    '',
    `pid_filename ${join(dir, 'squid.pid')}`,
    `access_log stdio:${join(dir, 'access.log')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    `coredump_dir ${dir}`,
    'pinger_enable off',
    'shutdown_lifetime 0 seconds',
    '',
  ].join('\n');
  const confPath = join(dir, 'squid.conf');
  writeFileSync(confPath, conf);
  const child: ChildProcess = spawn(binary, ['-N', '-f', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await exit;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(
      async () => {
        if (exited) throw new Error(`squid exited: ${output}${read('cache.log')}`);
        return new Promise<boolean>((resolve) => {
          const probe = connect(port, '127.0.0.1');
          probe.once('connect', () => resolve(true)).once('error', () => resolve(false));
          probe.once('connect', () => probe.destroy());
        });
      },
      { what: 'squid accepting connections' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, accessLog: () => read('access.log'), stop };
}
