// One <audio> element playing a conversation's recordings one after the other as if they were one:
// positions are "playlist" milliseconds (recording n starts at its offset), and seeking may change recordings.

/** @typedef {{ number: number, url: string, offsetMs: number, durationMs: number }} Part */

export class ReplayPlayer extends EventTarget {
  /** @param {HTMLAudioElement} audio @param {Part[]} parts in playlist order */
  constructor(audio, parts) {
    super();
    this.audio = audio;
    this.parts = parts;
    this.index = 0;
    this.seekToken = 0;
    this.partsChanged();
    audio.addEventListener('ended', () => this.#next());
    // The file knows its length best (a recording still being made has grown since the page was written).
    audio.addEventListener('loadedmetadata', () => {
      if (!Number.isFinite(audio.duration) || !this.part) return;
      this.part.durationMs = Math.max(this.part.durationMs, Math.round(audio.duration * 1000));
      this.partsChanged();
    });
    for (const type of ['play', 'pause', 'timeupdate', 'seeked']) audio.addEventListener(type, () => this.#changed());
  }

  /** Call after changing <parts> (sorted by number, offsets set): each lasts at least until the next one starts. */
  partsChanged() {
    this.parts.forEach((p, i) => {
      const next = this.parts[i + 1];
      if (next) p.durationMs = Math.max(p.durationMs, next.offsetMs - p.offsetMs);
    });
    const last = this.parts.at(-1);
    this.totalMs = last ? last.offsetMs + last.durationMs : 0;
  }

  get part() { return this.parts[this.index]; }
  get playing() { return !this.audio.paused && !this.audio.ended; }

  /** Where the player is, in the whole playlist (ms). */
  get positionMs() {
    return Math.min(this.part.offsetMs + Math.round(this.audio.currentTime * 1000), this.totalMs);
  }

  /** Plays recording <number> from <positionMs> within it (loading that recording first when needed). */
  async seek(number, positionMs, { play = true } = {}) {
    const index = this.parts.findIndex((p) => p.number === number);
    if (index < 0) return false;
    const token = ++this.seekToken;
    if (index !== this.index || !this.audio.currentSrc) {
      this.index = index;
      this.audio.src = this.part.url;
      await this.#metadata();
      if (token !== this.seekToken) return false; // a later seek took over
    }
    this.audio.currentTime = Math.max(0, positionMs) / 1000;
    this.#changed();
    if (play) await this.play();
    return true;
  }

  /** Seeks to <ms> of the whole playlist. */
  seekPlaylist(ms, options) {
    const clamped = Math.max(0, Math.min(ms, this.totalMs));
    const part = this.parts.findLast((p) => p.offsetMs <= clamped) ?? this.parts[0];
    return this.seek(part.number, clamped - part.offsetMs, options);
  }

  async play() {
    if (this.audio.ended && this.index === this.parts.length - 1) await this.seek(this.parts[0].number, 0, { play: false });
    try {
      await this.audio.play();
    } catch (error) {
      // Interrupted by a newer load or pause: not an error the listener needs to see.
      if (error?.name !== 'AbortError') throw error;
    }
  }

  pause() { this.audio.pause(); }

  toggle() { return this.playing ? (this.pause(), Promise.resolve()) : this.play(); }

  async #next() {
    if (this.index + 1 >= this.parts.length) return this.#changed();
    await this.seek(this.parts[this.index + 1].number, 0);
  }

  #metadata() {
    if (this.audio.readyState >= HTMLMediaElement.HAVE_METADATA) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => { this.audio.removeEventListener('loadedmetadata', done); this.audio.removeEventListener('error', fail); resolve(); };
      const fail = () => { this.audio.removeEventListener('loadedmetadata', done); this.audio.removeEventListener('error', fail); reject(this.audio.error); };
      this.audio.addEventListener('loadedmetadata', done);
      this.audio.addEventListener('error', fail);
    });
  }

  #changed() { this.dispatchEvent(new Event('change')); }
}
