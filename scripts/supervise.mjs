// Keeps servers running (issue 20, ADR 030): a server that exits on its own is started again after
// a back-off (0.5 s, doubling to 10 s; back to 0.5 s once it has run for a minute). When one
// crashes five times within a minute, or exits with code 2 (its configuration is wrong: starting it
// again cannot help), everything is stopped and the supervisor exits non-zero, naming the server
// and the last lines it wrote. SIGINT (Ctrl-C) and SIGTERM stop every server and exit 0.
// Plain Node, no dependencies.

/** What a server wrote last, for the message when it is given up on. */
const TAIL_CHARS = 8_192;
const TAIL_LINES = 15;

/**
 * @typedef {{ name: string, start: () => import('node:child_process').ChildProcess }} Service
 * @param {{
 *   services?: Service[],
 *   maxCrashes?: number,
 *   windowMs?: number,
 *   firstDelayMs?: number,
 *   maxDelayMs?: number,
 *   stableMs?: number,
 *   report?: (line: string) => void,
 *   exit?: (code: number) => void,
 * }} options
 */
export function supervise({
  services = [],
  maxCrashes = 5,
  windowMs = 60_000,
  firstDelayMs = 500,
  maxDelayMs = 10_000,
  stableMs = 60_000,
  report = (line) => process.stderr.write(`${line}\n`),
  exit = (code) => process.exit(code),
}) {
  let stopping = false;
  /** @type {Map<string, import('node:child_process').ChildProcess>} */
  const running = new Map();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  /** @type {Map<string, { crashes: number[], streak: number, tail: string }>} */
  const state = new Map();

  function launch(service) {
    const s = state.get(service.name);
    const child = service.start();
    const startedAt = Date.now();
    running.set(service.name, child);
    const keep = (stream, sink) =>
      stream?.on('data', (chunk) => {
        sink.write(chunk);
        s.tail = (s.tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    report(`▸ ${service.name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (running.get(service.name) === child) running.delete(service.name);
      if (stopping) return;
      const now = Date.now();
      if (now - startedAt >= stableMs) s.streak = 0;
      s.crashes = [...s.crashes, now].filter((t) => now - t < windowMs);
      const how = code === null ? `signal ${signal}` : `code ${code}`;
      if (code === 2) return giveUp(service.name, `exited with ${how}: its configuration is wrong`);
      if (s.crashes.length >= maxCrashes)
        return giveUp(service.name, `crashed ${s.crashes.length} times within ${windowMs / 1000} s (last: ${how})`);
      const delay = Math.min(firstDelayMs * 2 ** s.streak, maxDelayMs);
      s.streak += 1;
      report(`▸ ${service.name} exited (${how}); starting it again in ${delay / 1000} s`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) launch(service);
      }, delay);
      timers.add(timer);
    });
  }

  function giveUp(name, why) {
    const lines = state
      .get(name)
      .tail.split('\n')
      .filter((line) => line.trim())
      .slice(-TAIL_LINES);
    report(`\n✗ ${name} ${why}. Stopping everything.`);
    if (lines.length) report(`  Its last lines:\n${lines.map((line) => `    ${line}`).join('\n')}`);
    stop(1);
  }

  /** Ends every server (SIGTERM; SIGKILL after 15 s) and exits with `code`. */
  function stop(code) {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    const children = [...running.values()];
    for (const child of children) child.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 15_000);
    force.unref();
    Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null ? null : new Promise((resolve) => c.once('exit', resolve)),
      ),
    ).then(() => {
      clearTimeout(force);
      exit(code);
    });
  }

  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  /** Starts a server and keeps it running. */
  function add(service) {
    state.set(service.name, { crashes: [], streak: 0, tail: '' });
    if (!stopping) launch(service);
  }
  for (const service of services) add(service);
  return {
    add,
    /** Whether it is stopping (it gave up, or was told to stop). */
    stopping: () => stopping,
    /** The server's current process, if it is running. */
    child: (name) => running.get(name),
    stop,
  };
}
