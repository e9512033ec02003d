// Microphone capture: native rate -> 24 kHz PCM16, posted in 40 ms frames with their level (RMS and peak).
// Kept tiny on purpose: convert and post; lifecycle lives in mic-capture.js.
const TARGET_RATE = 24000;
const FRAME_SAMPLES = 960; // 40 ms at 24 kHz

class PcmCaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.pos = 0;                          // fractional read position into the current block
    this.prev = 0;                         // last filtered input sample of the previous block
    // Biquad low-pass at 10 kHz (RBJ cookbook, Q = 0.707) so resampling does not fold highs into speech.
    const w0 = 2 * Math.PI * Math.min(10000, 0.45 * sampleRate) / sampleRate;
    const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w0), a0 = 1 + alpha;
    this.b0 = (1 - cos) / 2 / a0; this.b1 = (1 - cos) / a0; this.b2 = this.b0;
    this.a1 = -2 * cos / a0; this.a2 = (1 - alpha) / a0;
    this.x1 = 0; this.x2 = 0; this.y1 = 0; this.y2 = 0;
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.fill = 0;
    this.sumSquares = 0;
    this.peak = 0;
  }

  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    const filtered = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const x = input[i];
      const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
      this.x2 = this.x1; this.x1 = x; this.y2 = this.y1; this.y1 = y;
      filtered[i] = y;
    }
    // Linear interpolation between filtered samples; pos -1..0 interpolates from the previous block.
    while (this.pos < filtered.length - 1 + 1e-9) {
      const i = Math.floor(this.pos);
      const t = this.pos - i;
      const a = i < 0 ? this.prev : filtered[i];
      const b = filtered[Math.min(i + 1, filtered.length - 1)];
      const s = Math.max(-1, Math.min(1, a + (b - a) * t));
      this.frame[this.fill++] = s < 0 ? s * 32768 : s * 32767;
      this.sumSquares += s * s;
      if (Math.abs(s) > this.peak) this.peak = Math.abs(s);
      if (this.fill === FRAME_SAMPLES) this.flush();
      this.pos += this.step;
    }
    this.pos -= filtered.length;
    this.prev = filtered[filtered.length - 1];
    return true;
  }

  flush() {
    const rms = Math.sqrt(this.sumSquares / FRAME_SAMPLES);
    const buffer = this.frame.buffer;
    this.port.postMessage({ pcm: buffer, rms, peak: this.peak }, [buffer]);
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.fill = 0;
    this.sumSquares = 0;
    this.peak = 0;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
