// The live caption of the assistant's reply, revealed in step with the audio actually played: reply text
// arrives ahead of its audio (realtime sends the transcript first, pipeline a sentence at a time), so showing
// it as it arrives would put words on screen before they are heard. On barge-in the caption is cut to the
// words heard, as the server stores them (Voice/HeardText.cs: same proportional cut at a word boundary).

const TYPICAL_MS_PER_CHAR = 65; // a neural voice speaks about 15 characters a second

/** The words of text that fit in heardMs of totalMs of audio, cut at a word boundary. */
export function cutToHeard(text, heardMs, totalMs) {
  if (!text || totalMs <= 0 || heardMs >= totalMs) return heardMs > 0 || totalMs <= 0 ? text : '';
  if (heardMs <= 0) return '';
  const chars = Math.round(text.length * heardMs / totalMs);
  if (chars >= text.length) return text;
  let end = chars;
  while (end < text.length && end - chars < 3 && !/\s/.test(text[end])) end++;
  if (end < text.length && !/\s/.test(text[end])) {
    const space = text.lastIndexOf(' ', Math.max(0, chars - 1));
    end = space >= 0 ? space : 0;
  }
  return text.slice(0, end).trimEnd();
}

export class AssistantCaption {
  /** element: where the caption shows; onFinished(text, cut): the reply ended (heard to its end, or cut). */
  constructor(element, onFinished = () => {}) {
    this.element = element;
    this.onFinished = onFinished;
    this.msPerChar = TYPICAL_MS_PER_CHAR; // learned from this page's replies that played to their end
    this.reset(null);
  }

  reset(turnId) {
    this.turnId = turnId;
    this.text = '';
    this.receivedMs = 0;
    this.playedMs = 0;
    this.complete = false;   // all of the reply's audio has arrived
    this.frozen = false;     // cut by barge-in, or finished
    this.show('');
  }

  /** Text of a reply arrived (a new turn id starts a new caption). */
  append(turnId, text) {
    if (turnId !== this.turnId) this.reset(turnId);
    if (this.frozen) return;
    this.text += text;
    this.render();
  }

  /** A new reply's first audio is about to be queued. */
  audioStarted() { this.receivedMs = 0; this.playedMs = 0; }

  audioReceived(bytes) { this.receivedMs += bytes / 48; }

  /** The server stored the reply: every byte of its audio has arrived. */
  completed(turnId) {
    if (turnId !== this.turnId) return;
    this.complete = true;
    this.render();
  }

  /** The player's position in the current reply, in ms of audio actually played. */
  played(ms) {
    if (this.frozen || ms <= this.playedMs) return;
    this.playedMs = ms;
    this.render();
  }

  /** Barge-in: playback stopped after playedMs; keep the words heard. */
  cut(playedMs) {
    if (this.frozen || !this.turnId) return;
    this.playedMs = Math.min(playedMs, this.receivedMs);
    this.finish(true);
  }

  render() {
    if (this.frozen) return;
    const total = this.complete ? this.receivedMs : Math.max(this.receivedMs, this.text.length * this.msPerChar);
    if (this.complete && this.receivedMs > 0 && this.playedMs >= this.receivedMs - 1) {
      this.learn();
      this.finish(false);
      return;
    }
    this.show(cutToHeard(this.text, this.playedMs, total));
  }

  finish(cut) {
    const total = this.complete ? this.receivedMs : Math.max(this.receivedMs, this.text.length * this.msPerChar);
    const heard = cut ? cutToHeard(this.text, this.playedMs, total) : this.text;
    this.frozen = true;
    this.show(cut && heard ? `${heard} …` : heard);
    this.onFinished(heard, cut);
  }

  learn() {
    if (this.text.length < 20) return;
    const observed = Math.min(200, Math.max(25, this.receivedMs / this.text.length));
    this.msPerChar = 0.5 * this.msPerChar + 0.5 * observed;
  }

  show(text) {
    if (this.element.textContent === text) return;
    this.element.textContent = text;
    this.element.hidden = !text;
  }
}
