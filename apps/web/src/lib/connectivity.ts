/**
 * Whether the server can be reached: a tiny store, usable outside React. The api client reports
 * every answer here; `ConnectivityBanner` shows the trouble and probes until the server is back.
 */
export type Connectivity = 'online' | 'unreachable';

type Listener = () => void;

let state: Connectivity = 'online';
const listeners = new Set<Listener>();

function set(next: Connectivity): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

export function getConnectivity(): Connectivity {
  return state;
}

export function subscribeConnectivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** No answer at all, or the BFF saying its IAM service is down or slow (or a gateway in between). */
export function isUnreachableStatus(status: number): boolean {
  return status === 0 || status === 502 || status === 503 || status === 504;
}

/** Called by the api client with the status of every answer (0 when none came). */
export function reportAnswer(status: number): void {
  set(isUnreachableStatus(status) ? 'unreachable' : 'online');
}

/** Where the probe asks: the BFF's readiness, which includes its session store and the IAM API. */
export const READINESS_URL = '/readyz';

/** Asks the server once whether it is back; records and answers the result. */
export async function probeConnectivity(signal?: AbortSignal): Promise<boolean> {
  let ok = false;
  try {
    const response = await fetch(READINESS_URL, { cache: 'no-store', signal: signal ?? null });
    ok = response.ok;
  } catch {
    ok = false;
  }
  if (!signal?.aborted) set(ok ? 'online' : 'unreachable');
  return ok;
}

/** The wait before the n-th probe (0-based): 1 s, 2 s, 4 s, … up to 15 s. */
export function probeDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** attempt, 15_000);
}
