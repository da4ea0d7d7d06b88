/**
 * Which database servers the store tests can reach. A quick TCP probe decides, once per file:
 * with `CI` set an unreachable server fails the suite (CI must test every store); elsewhere the
 * server's tests are skipped with a line naming the server and how to start it, and PostgreSQL's
 * tests fall back to an embedded PGlite.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { describe, it } from 'vitest';

export interface Server {
  name: 'PostgreSQL' | 'MariaDB' | 'Redis';
  url: string;
  host: string;
  port: number;
  start: string;
}

const env = process.env;

export const POSTGRES: Server = server(
  'PostgreSQL',
  env.MFA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or: bash .ci/services.sh)',
);
export const MARIADB: Server = server(
  'MariaDB',
  env.MFA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd (or: bash .ci/services.sh)',
);
export const REDIS: Server = server(
  'Redis',
  env.MFA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  'redis-server --daemonize yes --save "" (or: bash .ci/services.sh)',
);

function server(name: Server['name'], url: string, start: string): Server {
  const u = new URL(url);
  const port = Number(u.port || { PostgreSQL: 5432, MariaDB: 3306, Redis: 6379 }[name]);
  return { name, url, host: u.hostname, port, start };
}

/** Whether something accepts TCP connections at the server's address within `timeoutMs`. */
export function reachable(s: Server, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(s.port, s.host, () => done(true));
  });
}

/** True when the tests must fail, not skip, on a missing server. */
export const inCi = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';

/**
 * Registers `body` as a describe block when every server answers. Otherwise: in CI one failing
 * test that says what is missing; elsewhere a skipped block whose title says why, and a warning.
 */
export async function describeWithServers(
  servers: Server[],
  title: string,
  body: () => void,
): Promise<void> {
  const down: Server[] = [];
  for (const s of servers) if (!(await reachable(s))) down.push(s);
  if (down.length === 0) {
    describe(title, body);
    return;
  }
  const why = down
    .map((s) => `${s.name} is not answering at ${s.host}:${s.port}; start it with: ${s.start}`)
    .join('; ');
  if (inCi) {
    describe(title, () => {
      it(`needs ${down.map((s) => s.name).join(' and ')}`, () => {
        throw new Error(`CI is set and ${why}`);
      });
    });
    return;
  }
  console.warn(`[mfa-kit] skipped "${title}": ${why}`);
  describe.skip(`${title} (skipped: ${why})`, body);
}

/** {@link describeWithServers} for one server. */
export const describeWithServer = (s: Server, title: string, body: () => void) =>
  describeWithServers([s], title, body);

/** A name no other test run uses, for tables and key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
