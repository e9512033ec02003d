// The microphone level on a fixed scale (-60..0 dBFS): green for normal speech, amber when loud, red only near
// clipping (a peak close to full scale). While listening, a hint appears when the microphone has been
// near-silent for several seconds.
const FLOOR_DB = -60;
const LOUD_DB = -12;        // speech RMS above this is loud
const CLIP_PEAK = 0.95;     // a sample this close to full scale is clipping
const SILENT_DB = -55;      // quieter than a quiet room through a working microphone
const SILENT_FOR_MS = 6000;

export function toDb(rms) { return 20 * Math.log10(Math.max(rms, 1e-6)); }

export class LevelMeter {
  constructor(meter, fill, hint) {
    this.meter = meter;
    this.fill = fill;
    this.hint = hint;
    this.silentSince = null;
  }

  /** A frame's level; listening: whether silence now means "we can't hear you". */
  update(rms, peak, listening, now = performance.now()) {
    const db = toDb(rms);
    const width = Math.max(0, Math.min(100, (db - FLOOR_DB) / -FLOOR_DB * 100));
    this.fill.style.width = `${width.toFixed(1)}%`;
    const level = peak >= CLIP_PEAK ? 'clip' : db >= LOUD_DB ? 'loud' : 'ok';
    if (this.meter.dataset.level !== level) this.meter.dataset.level = level;
    if (!listening || db > SILENT_DB) this.silentSince = null;
    else this.silentSince ??= now;
    this.hint.hidden = !(listening && this.silentSince !== null && now - this.silentSince >= SILENT_FOR_MS);
  }

  reset() {
    this.fill.style.width = '0%';
    this.meter.dataset.level = 'ok';
    this.silentSince = null;
    this.hint.hidden = true;
  }
}
