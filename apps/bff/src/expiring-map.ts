/**
 * The in-memory stores' map (one BFF instance, no Redis): each entry ends at `until` (epoch ms);
 * expired entries are dropped when read through `live` and swept once a minute.
 */
export class ExpiringMap<Entry extends { until: number }> extends Map<string, Entry> {
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  /** The entry under `key`, unless it has expired (then it is dropped). */
  live(key: string, now = Date.now()): Entry | undefined {
    const entry = this.get(key);
    if (entry && entry.until <= now) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }
  close(): void {
    clearInterval(this.sweeper);
    this.clear();
  }
  private sweep() {
    const now = Date.now();
    for (const [key, entry] of this) if (entry.until <= now) this.delete(key);
  }
}
