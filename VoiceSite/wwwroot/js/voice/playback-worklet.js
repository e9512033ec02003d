// Assistant playback: 24 kHz PCM16 chunks -> the context's rate, through a small jitter buffer.
// Starts once PREBUFFER is queued (or no more audio has come for a moment), waits to refill on underrun
// instead of crackling, fades at the edges, and flushes at once on barge-in.
// Reports positions in 24 kHz samples: played (really heard) and the current turn's share, and the output level.
const SOURCE_RATE = 24000;
const PREBUFFER = 2400;   // 100 ms
const IDLE_START = 0.08;  // s without new audio after which a short tail plays anyway
const FADE = 48;          // output samples

class PcmPlaybackProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = SOURCE_RATE / sampleRate; // source samples per output sample
    this.queue = [];         // Float32Array chunks at 24 kHz
    this.offset = 0;         // fractional read position in queue[0]
    this.queued = 0;         // source samples waiting (including the unread part of queue[0])
    this.played = 0;         // source samples really played
    this.discarded = 0;      // source samples flushed unplayed
    this.turnStart = 0;      // stream position where the current assistant turn begins
    this.streamEnd = 0;      // stream position after the last queued sample
    this.playing = false;
    this.idle = 0;           // seconds since audio last arrived
    this.gain = 0;
    this.ticks = 0;
    this.wasActive = false;
    this.sumSquares = 0;     // output energy since the last report, for the speaking indicator
    this.outSamples = 0;
    this.port.onmessage = (e) => this.onMessage(e.data);
  }

  position() { return this.played + this.discarded + Math.floor(this.offset); }

  onMessage(m) {
    if (m.type === 'audio') {
      const pcm = new Int16Array(m.pcm);
      const f = new Float32Array(pcm.length);
      for (let i = 0; i < pcm.length; i++) f[i] = pcm[i] / 32768;
      this.queue.push(f);
      this.queued += f.length;
      this.streamEnd += f.length;
      this.idle = 0;
    } else if (m.type === 'turn') {
      this.turnStart = this.streamEnd;
    } else if (m.type === 'flush') {
      const turnPlayed = Math.max(0, this.position() - this.turnStart);
      const heard = Math.floor(this.offset);
      this.played += heard;
      this.discarded += this.streamEnd - this.played - this.discarded;
      this.queue = []; this.offset = 0; this.queued = 0;
      this.turnStart = this.streamEnd;
      this.playing = false; this.gain = 0;
      this.port.postMessage({ type: 'flushed', id: m.id, turnPlayed, played: this.played });
      this.report(true);
    }
  }

  process(_, outputs) {
    const out = outputs[0][0];
    this.idle += out.length / sampleRate;
    if (!this.playing && this.queued > 0 && (this.queued >= PREBUFFER || this.idle >= IDLE_START)) this.playing = true;
    let i = 0;
    if (this.playing) {
      for (; i < out.length && this.queue.length > 0; i++) {
        const chunk = this.queue[0];
        const k = Math.floor(this.offset);
        const t = this.offset - k;
        const a = chunk[k];
        const b = k + 1 < chunk.length ? chunk[k + 1] : (this.queue.length > 1 ? this.queue[1][0] : a);
        const target = this.queued - this.offset > FADE * this.step ? 1 : 0;
        this.gain += (target - this.gain) / FADE;
        out[i] = (a + (b - a) * t) * this.gain;
        this.offset += this.step;
        if (this.offset >= chunk.length) {
          this.queue.shift();
          this.offset -= chunk.length;
          this.queued -= chunk.length;
          this.played += chunk.length;
        }
      }
      if (this.queue.length === 0) { this.playing = false; this.gain = 0; }
    }
    for (; i < out.length; i++) out[i] = 0;
    for (let k = 0; k < out.length; k++) this.sumSquares += out[k] * out[k];
    this.outSamples += out.length;
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    if (++this.ticks % 8 === 0) this.report(false);
    return true;
  }

  report(force) {
    const active = this.playing || this.queued > 0;
    if (force || active || this.wasActive) {
      const position = this.position();
      this.port.postMessage({
        type: 'stats',
        played: this.played + Math.floor(this.offset),
        turnPlayed: Math.max(0, position - this.turnStart),
        queued: this.queued - Math.floor(this.offset),
        active,
        rms: this.outSamples > 0 ? Math.sqrt(this.sumSquares / this.outSamples) : 0,
      });
    }
    this.sumSquares = 0;
    this.outSamples = 0;
    this.wasActive = active;
  }
}

registerProcessor('pcm-playback', PcmPlaybackProcessor);
