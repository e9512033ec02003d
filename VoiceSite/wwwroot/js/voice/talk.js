// The Talk section: connect, microphone, level meter, speaking indicator, live transcript, barge-in,
// push-to-talk and mode switching. Audio classes: mic-capture.js, audio-player.js; hub: voice-connection.js.
/* global htmx */
import { MicCapture } from './mic-capture.js';
import { AudioPlayer } from './audio-player.js';
import { VoiceConnection, hubMessage } from './voice-connection.js';

const SILENCE_FRAME = new Uint8Array(1920); // 40 ms of 24 kHz PCM16 zeros
const PTT_RELEASE_FRAMES = 20;              // 800 ms of silence ends the turn after push-to-talk

class TalkController {
  constructor(root) {
    this.root = root;
    this.conversationId = root.dataset.conversationId;
    this.transcriptUrl = root.dataset.transcriptUrl;
    const q = (s) => root.querySelector(s);
    this.el = {
      status: q('[data-role=status]'), dot: q('[data-role=status-dot]'),
      connect: q('[data-action=connect]'), disconnect: q('[data-action=disconnect]'),
      mic: q('[data-action=mic]'), ptt: q('[data-role=ptt]'), hold: q('[data-action=hold]'),
      level: q('[data-role=level]'), speaking: q('[data-role=speaking]'),
      liveUser: q('[data-role=live-user]'), liveAssistant: q('[data-role=live-assistant]'),
      error: q('[data-role=error]'),
    };
    this.context = null;
    this.player = null;
    this.mic = null;
    this.connection = null;
    this.session = null;       // { Mode, SampleRate } while a session is live
    this.switching = false;
    this.muted = false;
    this.holding = false;
    this.newTurn = true;       // the next assistant audio starts a new turn
    this.assistantTurnId = null;
    this.userTurnId = null;
    this.refreshTimer = null;
    this.counters = { sentBytes: 0, sentFrames: 0, speechStarted: 0, interrupts: 0, lastInterruptMs: null, turnsCompleted: 0, errors: [] };
    this.bind();
  }

  bind() {
    this.el.connect.addEventListener('click', () => this.connect());
    this.el.disconnect.addEventListener('click', () => this.disconnect('Disconnected.'));
    this.el.mic.addEventListener('click', () => this.setMuted(!this.muted));
    this.el.ptt.addEventListener('change', () => this.setPushToTalk(this.el.ptt.checked));
    const press = (e) => { e.preventDefault(); this.setHolding(true); };
    const release = () => this.setHolding(false);
    this.el.hold.addEventListener('pointerdown', press);
    this.el.hold.addEventListener('pointerup', release);
    this.el.hold.addEventListener('pointerleave', release);
    document.addEventListener('keydown', (e) => {
      if (e.code === 'Space' && this.el.ptt.checked && !e.repeat && !isTyping(e.target)) { e.preventDefault(); this.setHolding(true); }
    });
    document.addEventListener('keyup', (e) => {
      if (e.code !== 'Space' || !this.el.ptt.checked) return;
      // Space is the talk key here: it must not also press the focused button or tick the focused checkbox.
      if (!isTyping(e.target)) e.preventDefault();
      this.setHolding(false);
    });
    document.body.addEventListener('htmx:afterSwap', (e) => {
      if (e.detail.target.id === 'mode-toggle') this.modeChanged();
    });
    window.addEventListener('pagehide', () => this.connection?.stop());
  }

  get mode() { return this.root.querySelector('[data-mode]')?.dataset.mode ?? 'realtime'; }

  async connect() {
    this.clearError();
    this.setButtons('connecting');
    this.setStatus('connecting', 'Connecting…');
    try {
      await this.ensureAudio();
    } catch (e) {
      this.setButtons('idle');
      return this.fail(micProblem(e));
    }
    try {
      this.connection = new VoiceConnection(this.handlers());
      await this.connection.start();
      await this.startSession(this.mode);
    } catch (e) {
      this.mic?.stop();
      await this.connection?.stop();
      this.connection = null;
      this.setButtons('idle');
      return this.fail(`${hubMessage(e)} Press Connect to try again.`);
    }
  }

  async startSession(mode) {
    this.setStatus('connecting', `Starting ${mode} mode…`);
    this.switching = this.session !== null;
    try {
      this.session = await this.connection.startSession(this.conversationId, mode);
    } finally {
      this.switching = false;
    }
    this.newTurn = true;
    this.setButtons('live');
    this.setStatus('listening', this.listeningText());
  }

  async ensureAudio() {
    if (!this.context) {
      this.context = new AudioContext(); // native rate: the worklets resample (forcing 24 kHz breaks Firefox)
      await this.context.audioWorklet.addModule('/js/voice/capture-worklet.js');
      await this.context.audioWorklet.addModule('/js/voice/playback-worklet.js');
      this.player = new AudioPlayer(this.context);
      this.player.onActivity = (active) => this.assistantSpeaking(active);
    }
    await this.context.resume();
    if (!this.mic?.running) {
      this.mic = new MicCapture(this.context);
      this.mic.onFrame = (pcm, rms) => this.onMicFrame(pcm, rms);
      await this.mic.start();
    }
  }

  async disconnect(reason) {
    const connection = this.connection;
    this.connection = null;
    this.session = null;
    try { await connection?.endSession(); } catch { /* already gone */ }
    await connection?.stop();
    this.stopLocal(reason);
  }

  stopLocal(reason) {
    this.mic?.stop();
    this.player?.flush();
    this.el.level.style.width = '0%';
    this.setButtons('idle');
    this.setStatus('idle', `${reason} Press Connect to talk again.`);
  }

  async modeChanged() {
    const mode = this.mode;
    if (!this.session || !this.connection || this.session.Mode === mode) return;
    this.clearError();
    try {
      // A reply still playing is cut here: the server stores what was actually heard before the switch.
      if (this.player?.busy) await this.connection.interrupt(await this.player.flush());
      await this.startSession(mode);
    } catch (e) {
      this.session = null;
      this.setButtons('idle');
      this.fail(`${hubMessage(e)} Press Connect to try again.`);
    }
  }

  handlers() {
    return {
      audio: (bytes) => {
        if (this.newTurn) { this.player.startTurn(); this.newTurn = false; }
        this.player.enqueue(bytes);
      },
      speechStarted: () => this.onSpeechStarted(),
      speechStopped: () => {
        this.newTurn = true;
        this.setStatus('thinking', 'Thinking…');
      },
      userTranscript: (turnId, text) => {
        this.userTurnId = turnId;
        this.showLive(this.el.liveUser, text);
      },
      assistantTranscriptDelta: (turnId, text) => {
        if (turnId !== this.assistantTurnId) {
          this.assistantTurnId = turnId;
          this.el.liveAssistant.textContent = '';
        }
        this.showLive(this.el.liveAssistant, this.el.liveAssistant.textContent + text);
      },
      turnCompleted: (turnId) => {
        this.counters.turnsCompleted++;
        if (turnId === this.assistantTurnId) this.newTurn = true;
        this.refreshTranscript();
      },
      error: (code, message) => {
        this.counters.errors.push(code);
        // Nothing heard in what was said is not a failure: say so in the status line and keep listening.
        if (code === 'no_match') this.setStatus('listening', message);
        else this.showError(message);
      },
      sessionEnded: (reason) => {
        if (this.switching) return; // the old mode's session ending while the new one starts
        document.dispatchEvent(new CustomEvent('voice:session-ended', { detail: { reason } })); // coaching: the finish control refreshes
        this.session = null;
        this.connection?.stop();
        this.connection = null;
        this.stopLocal(`Session ended: ${reason}`);
      },
      closed: (error) => {
        if (!this.connection) return;
        this.connection = null;
        this.session = null;
        this.stopLocal('The connection to the site was lost.');
        if (error) this.showError('The connection to the site was lost. Check your network, then press Connect.');
      },
    };
  }

  async onSpeechStarted() {
    this.counters.speechStarted++;
    this.setStatus('user', 'You are speaking…');
    this.clearError(); // a turn's error ("say it again") is answered by speaking again
    // The live lines show the latest exchange until a new one begins (the transcript below keeps them all).
    this.showLive(this.el.liveUser, '');
    if (this.player?.busy) {
      // Barge-in: stop the assistant at once and tell the server how much was heard.
      const playedMs = await this.player.flush();
      this.counters.interrupts++;
      this.counters.lastInterruptMs = playedMs;
      this.connection?.interrupt(playedMs);
    }
    this.newTurn = true;
  }

  onMicFrame(pcm, rms) {
    const db = 20 * Math.log10(Math.max(rms, 1e-6));
    this.el.level.style.width = `${Math.max(0, Math.min(100, (db + 60) / 60 * 100))}%`;
    if (!this.session || this.muted || this.switching) return;
    if (this.el.ptt.checked && !this.holding) return;
    this.send(pcm);
  }

  send(pcm) {
    if (!this.connection?.connected) return;
    this.connection.sendAudio(pcm).catch(() => { /* the close handler reports it */ });
    this.counters.sentBytes += pcm.byteLength;
    this.counters.sentFrames++;
  }

  setMuted(muted) {
    this.muted = muted;
    this.el.mic.setAttribute('aria-pressed', String(!muted));
    this.el.mic.textContent = muted ? 'Unmute mic' : 'Mute mic';
    if (this.session) this.setStatus(muted ? 'muted' : 'listening', muted ? 'Microphone muted.' : this.listeningText());
  }

  setPushToTalk(on) {
    this.el.hold.hidden = !on;
    if (this.session) this.setStatus('listening', this.listeningText());
  }

  setHolding(holding) {
    if (this.holding === holding) return;
    this.holding = holding;
    this.el.hold.classList.toggle('active', holding);
    // Releasing sends a moment of silence so the server hears the end of the turn at once.
    if (!holding && this.session) for (let i = 0; i < PTT_RELEASE_FRAMES; i++) this.send(SILENCE_FRAME);
  }

  assistantSpeaking(active) {
    this.el.speaking.hidden = !active;
    if (active) this.setStatus('speaking', 'Speaking… talk any time to interrupt.');
    else if (this.session && this.el.dot.dataset.state === 'speaking') this.setStatus('listening', this.listeningText());
  }

  listeningText() {
    const mode = this.session?.Mode === 'pipeline' ? 'Pipeline' : 'Realtime';
    return this.el.ptt.checked ? `${mode}: hold the button or Space to talk.` : `${mode}: listening, speak any time.`;
  }

  showLive(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  refreshTranscript() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => htmx.ajax('GET', this.transcriptUrl, { target: '#transcript', swap: 'innerHTML' }), 120);
  }

  setButtons(state) {
    this.el.connect.hidden = state === 'live';
    this.el.connect.disabled = state === 'connecting';
    this.el.disconnect.hidden = state !== 'live';
    this.el.mic.disabled = state !== 'live';
  }

  setStatus(state, text) {
    this.el.dot.dataset.state = state;
    this.el.status.textContent = text;
  }

  fail(message) {
    this.setStatus('error', 'Not connected.');
    this.showError(message);
  }

  showError(message) {
    this.el.error.textContent = message;
    this.el.error.hidden = false;
  }

  clearError() { this.el.error.hidden = true; this.el.error.textContent = ''; }

  /** For tests and troubleshooting: what has flowed through the page. */
  stats() {
    return {
      ...this.counters,
      mode: this.session?.Mode ?? null,
      state: this.el.dot.dataset.state,
      receivedBytes: this.player?.receivedBytes ?? 0,
      playedSamples: this.player?.stats.played ?? 0,
      playing: this.player?.busy ?? false,
      contextRate: this.context?.sampleRate ?? null,
    };
  }
}

/** Whether the key goes into a field that takes text (Space on a button or checkbox is the talk key instead). */
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
}

function micProblem(error) {
  if (error?.name === 'NotAllowedError' || error?.name === 'SecurityError')
    return 'The microphone is blocked. Allow microphone access for this site in your browser, then press Connect again.';
  if (error?.name === 'NotFoundError')
    return 'No microphone was found. Plug one in, then press Connect again.';
  if (!window.isSecureContext)
    return 'The microphone needs a secure (https) page. Open the site over https, then press Connect again.';
  return `The microphone could not start (${error?.message ?? error}). Press Connect to try again.`;
}

const root = document.getElementById('talk');
if (root) window.voiceTalk = new TalkController(root);
