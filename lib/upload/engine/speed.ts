// Transfer speed over a sliding window: steadier than per-event deltas (XHR progress fires in bursts) and it drops to
// zero when nothing moves. Pure; the clock is passed in.

const WINDOW_MS = 5000;

export class SpeedMeter {
  private samples: { t: number; bytes: number }[] = [];

  /** Record the running byte count at time `t` (ms). */
  sample(t: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && bytes < last.bytes) this.samples = []; // restarted (retry of a form upload)
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && this.samples[1].t <= t - WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second at time `now`. */
  speed(now: number): number {
    if (this.samples.length === 0) return 0;
    const last = this.samples[this.samples.length - 1];
    // Nothing arrived for a whole window: stalled.
    if (now - last.t > WINDOW_MS) return 0;
    const first = this.samples[0];
    const span = Math.max(now, last.t) - first.t;
    if (span < 250) return 0;
    return ((last.bytes - first.bytes) * 1000) / span;
  }

  reset(): void {
    this.samples = [];
  }
}

/** Seconds to send `remaining` bytes at `speed` bytes/s, or null when unknown. */
export function etaSeconds(remaining: number, speed: number): number | null {
  if (remaining <= 0) return 0;
  if (speed <= 0) return null;
  return Math.ceil(remaining / speed);
}
