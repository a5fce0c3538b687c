import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { supervise } from './supervise.mjs';

/** A Node child running `code`, its output piped (as serve.mjs pipes the servers'). */
const node = (code: string) => () => spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });

function run(options: { services: { name: string; start: () => ReturnType<ReturnType<typeof node>> }[] }) {
  const lines: string[] = [];
  let stopped: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    stopped = resolve;
  });
  const supervisor = supervise({
    ...options,
    firstDelayMs: 20,
    maxDelayMs: 100,
    report: (line: string) => lines.push(line),
    exit: (code: number) => stopped(code),
  });
  return { supervisor, lines, exited };
}

describe('the supervisor (scripts/supervise.mjs)', () => {
  const listeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  afterEach(() => {
    // supervise() listens for Ctrl-C and SIGTERM; give the test process its own listeners back.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal))
        if (!listeners[signal].includes(listener)) process.off(signal, listener);
    }
  });

  it('restarts a crashed server with a doubling back-off, then after 5 crashes in a minute stops everything and names it', async () => {
    const { supervisor, lines, exited } = run({
      services: [
        { name: 'Steady', start: node('setInterval(() => {}, 1000)') },
        { name: 'Flaky', start: node('console.error("database is on fire"); process.exit(1)') },
      ],
    });
    const steady = supervisor.child('Steady');
    expect(await exited).toBe(1);
    const text = lines.join('\n');
    expect(text).toMatch(/Flaky exited \(code 1\); starting it again in 0\.02 s/);
    expect(text).toMatch(/starting it again in 0\.04 s/);
    expect(text).toMatch(/starting it again in 0\.08 s/);
    // Capped at maxDelayMs.
    expect(text).toMatch(/starting it again in 0\.1 s/);
    expect(text).toMatch(/✗ Flaky crashed 5 times within 60 s \(last: code 1\)\. Stopping everything\./);
    expect(text).toContain('database is on fire');
    expect(lines.filter((line) => line.startsWith('▸ Flaky started'))).toHaveLength(5);
    // The healthy one was stopped too.
    expect(steady?.signalCode).toBe('SIGTERM');
  });

  it('gives up at once on exit code 2 (a configuration error), and stop() ends everything with its code', async () => {
    const bad = run({
      services: [{ name: 'Misconfigured', start: node('console.error("PORT: must be a number"); process.exit(2)') }],
    });
    expect(await bad.exited).toBe(1);
    expect(bad.lines.join('\n')).toMatch(/✗ Misconfigured exited with code 2: its configuration is wrong/);
    expect(bad.lines.join('\n')).toContain('PORT: must be a number');

    const good = run({ services: [{ name: 'Server', start: node('setInterval(() => {}, 1000)') }] });
    const child = good.supervisor.child('Server');
    await new Promise((resolve) => child?.once('spawn', resolve));
    good.supervisor.stop(0);
    expect(await good.exited).toBe(0);
    expect(child?.signalCode).toBe('SIGTERM');
    expect(good.lines.filter((line) => line.includes('starting it again'))).toEqual([]);
  });
});
