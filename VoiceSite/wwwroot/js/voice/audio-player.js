// Assistant audio -> playback worklet. Knows how much of the current turn was heard, for barge-in.
export class AudioPlayer {
  constructor(context) {
    this.node = new AudioWorkletNode(context, 'pcm-playback', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
    this.node.connect(context.destination);
    this.stats = { played: 0, turnPlayed: 0, queued: 0, active: false };
    this.receivedBytes = 0;
    this.lastEnqueueAt = -Infinity;
    this.pendingFlushes = new Map();
    this.nextFlushId = 1;
    this.onActivity = () => {};  // (active) speaking indicator
    this.onProgress = () => {};  // (ms of the current turn played, output rms) captions and the speaking indicator
    this.node.port.onmessage = (e) => this.onMessage(e.data);
  }

  onMessage(m) {
    if (m.type === 'stats') {
      const was = this.stats.active;
      this.stats = m;
      this.onProgress(m.turnPlayed / 24, m.rms ?? 0);
      if (was !== m.active) this.onActivity(m.active);
    } else if (m.type === 'flushed') {
      this.pendingFlushes.get(m.id)?.(m);
      this.pendingFlushes.delete(m.id);
    }
  }

  /** Marks the start of a new assistant turn at the end of what is queued now. */
  startTurn() { this.node.port.postMessage({ type: 'turn' }); }

  /** Queues PCM16 24 kHz bytes (copied: views from the hub may be unaligned). */
  enqueue(bytes) {
    const copy = bytes.slice();
    this.receivedBytes += copy.byteLength;
    this.lastEnqueueAt = performance.now();
    this.node.port.postMessage({ type: 'audio', pcm: copy.buffer }, [copy.buffer]);
  }

  /** Drops everything queued; resolves with the milliseconds of the current turn that were heard. */
  flush() {
    const id = this.nextFlushId++;
    return new Promise((resolve) => {
      this.pendingFlushes.set(id, (m) => {
        this.stats = { ...this.stats, played: m.played, turnPlayed: 0, queued: 0, active: false };
        this.lastEnqueueAt = -Infinity;
        this.onActivity(false);
        resolve(Math.round(m.turnPlayed / 24));
      });
      this.node.port.postMessage({ type: 'flush', id });
    });
  }

  /** True while assistant audio is queued or sounding. */
  get busy() { return this.stats.active || this.stats.queued > 0 || performance.now() - this.lastEnqueueAt < 250; }

  disconnect() { this.node.disconnect(); this.node.port.close(); }
}
