// Getting back to a live session without a click: after the connection to the site drops (SignalR's own
// reconnect gave up, the server closed it, or told us it is moving), keep trying with backoff for a while,
// and each time the hub answers, start the session again on the same conversation (the server replays it).
const DELAYS_MS = [0, 500, 1000, 2000, 4000, 8000];
const GIVE_UP_AFTER_MS = 120_000;

export class Recovery {
  /** attempt(): resolves when a new connection and session are live; rejects to try again later. */
  constructor(attempt, { onGiveUp = () => {}, delays = DELAYS_MS, giveUpAfterMs = GIVE_UP_AFTER_MS } = {}) {
    this.attempt = attempt;
    this.onGiveUp = onGiveUp;
    this.delays = delays;
    this.giveUpAfterMs = giveUpAfterMs;
    this.running = null;
    this.cancelled = false;
  }

  get active() { return this.running !== null; }

  /** Starts recovering (once; a second call while running joins the first). Resolves true when live again. */
  start() {
    this.cancelled = false;
    this.running ??= this.run().finally(() => { this.running = null; });
    return this.running;
  }

  cancel() { this.cancelled = true; }

  async run() {
    const started = performance.now();
    for (let n = 0; !this.cancelled; n++) {
      await sleep(this.delays[Math.min(n, this.delays.length - 1)]);
      if (this.cancelled) return false;
      try {
        await this.attempt();
        return true;
      } catch {
        if (performance.now() - started > this.giveUpAfterMs) break;
      }
    }
    if (!this.cancelled) this.onGiveUp();
    return false;
  }
}

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
