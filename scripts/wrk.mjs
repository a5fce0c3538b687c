// wrk (Debian's package `wrk`) for the HTTP benchmarks (bench:bff, bench:iam): one run against a
// URL with fixed headers, reported by a Lua script as exact microsecond percentiles.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Exits with the apt-get line to run when a tool the benchmark needs is missing. */
export function requireTools(tools) {
  for (const tool of tools) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      process.stderr.write(`${tool} is missing: apt-get install -y ${tools.join(' ')}\n`);
      process.exit(1);
    }
  }
}

/**
 * One wrk run (one thread, `connections` connections, `durationS` seconds) with `headers` on
 * every request; `work` is a folder for its Lua reporter. With `body`, every request is a POST
 * of it (bench:checks). Any non-2xx answer or connection error fails the run. Latencies in
 * milliseconds.
 */
export function wrk({ url, headers, connections, durationS, work, body }) {
  const script = path.join(work, 'report.lua');
  const bodyFile = path.join(work, 'body.json');
  if (body !== undefined) fs.writeFileSync(bodyFile, body);
  const post =
    body === undefined
      ? ''
      : `wrk.method = "POST"
local f = io.open("${bodyFile}", "rb")
wrk.body = f:read("*a")
f:close()
`;
  fs.writeFileSync(
    script,
    `${post}done = function(summary, latency, requests)
  io.write(string.format('{"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"non2xx":%d,"p50":%d,"p90":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99)))
end
`,
  );
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '-s', script];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const out = execFileSync('wrk', args, { encoding: 'utf8' });
  const json = JSON.parse(out.trim().split('\n').at(-1));
  if (json.non2xx || json.connect || json.write) throw new Error(`${url}: ${out}`);
  if (json.read || json.timeout)
    process.stderr.write(`note: ${url}: ${json.read} read errors, ${json.timeout} timeouts\n`);
  return {
    rps: json.requests / (json.durationUs / 1e6),
    p50: json.p50 / 1000,
    p90: json.p90 / 1000,
    p95: json.p95 / 1000,
    p99: json.p99 / 1000,
  };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
