// CPU time of the processes a benchmark loads (bench:iam, bench:checks): the IAM process's and its
// PostgreSQL backends', utime + stime from /proc. Unlike req/s, it hardly depends on what else the
// cores run, so it says what a quiet machine would allow.
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** A process's CPU time so far, in ms (0 once it is gone). */
export function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0; // gone
  }
}

/** The pids of the other backends on `client`'s database (the IAM's pool). */
export async function backendPids(client) {
  const { rows } = await client.query(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

/**
 * Runs `fn` and answers its result with the CPU ms spent meanwhile by the process `pid` (`app`) and
 * by the database's backends (`db`), including backends that came or went during the run.
 */
export async function cpuDuring(client, pid, fn) {
  const pids = await backendPids(client);
  const before = { app: cpuMs(pid), db: new Map(pids.map((p) => [p, cpuMs(p)])) };
  const result = await fn();
  let db = 0;
  for (const p of new Set([...pids, ...(await backendPids(client))])) db += cpuMs(p) - (before.db.get(p) ?? 0);
  return { result, app: cpuMs(pid) - before.app, db };
}
