// The Talk section's controller: wires the microphone, playback, captions, state, push-to-talk, mode switching
// and recovery together. Each concern lives in its own module; this file only connects them.
/* global htmx */
import { MicCapture } from './mic-capture.js';
import { AudioPlayer } from './audio-player.js';
import { VoiceConnection, hubMessage, closeReason } from './voice-connection.js';
import { AssistantCaption } from './captions.js';
import { TalkState } from './talk-state.js';
import { LevelMeter, toDb } from './level-meter.js';
import { Recovery } from './recovery.js';
import { PushToTalk } from './push-to-talk.js';

const SILENCE_FRAME = new Uint8Array(1920); // 40 ms of 24 kHz PCM16 zeros
const PTT_RELEASE_FRAMES = 20;              // 800 ms of silence ends the turn after push-to-talk
const FINAL = new Set(['taken_over', 'conversation_deleted']); // this page must not carry on by itself

class TalkController {
  constructor(root) {
    this.root = root;
    this.conversationId = root.dataset.conversationId;
    this.transcriptUrl = root.dataset.transcriptUrl;
    const q = (s) => root.querySelector(s);
    this.el = {
      status: q('[data-role=status]'), orb: q('[data-role=orb]'),
      connect: q('[data-action=connect]'), disconnect: q('[data-action=disconnect]'),
      mic: q('[data-action=mic]'), ptt: q('[data-role=ptt]'), hold: q('[data-action=hold]'),
      meter: q('[data-role=meter]'), level: q('[data-role=level]'), quiet: q('[data-role=quiet-hint]'),
      liveUser: q('[data-role=live-user]'), liveAssistant: q('[data-role=live-assistant]'),
      error: q('[data-role=error]'), announce: q('[data-role=announce]'),
    };
    this.states = [root.dataset.state]; // every visual state shown, in order (for tests and troubleshooting)
    this.state = new TalkState(root, this.el.status, (s) => this.stateChanged(s));
    this.caption = new AssistantCaption(this.el.liveAssistant, (text, cut) => this.replyFinished(text, cut));
    this.meter = new LevelMeter(this.el.meter, this.el.level, this.el.quiet);
    this.recovery = new Recovery(() => this.reconnect(), { onGiveUp: () => this.gaveUp() });
    this.ptt = new PushToTalk(this.el.ptt, this.el.hold, {
      onHolding: (holding) => this.holdingChanged(holding),
      onChanged: (on) => this.state.set({ pushToTalk: on }),
    });
    this.context = null;
    this.player = null;
    this.mic = null;
    this.connection = null;
    this.session = null;       // { Mode, SampleRate } while a session is live
    this.wantLive = false;     // the user pressed Start and not End: recover from drops by ourselves
    this.moving = false;       // the server said it is going away: its session end is recovered from
    this.switching = false;
    this.newTurn = true;       // the next assistant audio starts a new turn
    this.assistantTurnId = null;
    this.refreshAfterPlayback = false;
    this.counters = { sentBytes: 0, sentFrames: 0, speechStarted: 0, interrupts: 0, lastInterruptMs: null, turnsCompleted: 0, errors: [], reconnects: 0 };
    this.bind();
    this.state.set({ mode: this.mode });
  }

  bind() {
    this.el.connect.addEventListener('click', () => this.connect());
    this.el.disconnect.addEventListener('click', () => this.disconnect());
    this.el.mic.addEventListener('click', () => this.setMuted(!this.state.facts.muted));
    document.body.addEventListener('htmx:afterSwap', (e) => {
      if (e.detail.target.id === 'mode-toggle') this.modeChanged();
    });
    window.addEventListener('pagehide', () => { this.wantLive = false; this.connection?.stop(); });
  }

  get mode() { return this.root.querySelector('#mode-toggle [data-mode]')?.dataset.mode ?? 'realtime'; }

  // --- connecting and ending -------------------------------------------------------------------------------

  async connect() {
    this.clearError();
    this.wantLive = true;
    this.state.set({ phase: 'connecting', mode: this.mode, note: '' });
    try {
      await this.ensureAudio();
    } catch (e) {
      this.wantLive = false;
      return this.fail(micProblem(e));
    }
    try {
      await this.open();
    } catch (e) {
      this.wantLive = false;
      this.mic?.stop();
      return this.fail(`${hubMessage(e)} Press Start to try again.`);
    }
    this.el.disconnect.focus();
  }

  /** A new hub connection and a session on it; the previous connection (if any) is dropped first. */
  async open() {
    const old = this.connection;
    this.connection = null;
    await old?.stop().catch(() => {});
    // Events of a connection that was replaced (its own reconnect still winding down) must not touch the new one.
    const connection = new VoiceConnection(this.handlers(() => connection));
    try {
      await connection.start();
      this.connection = connection;
      await this.startSession(this.mode);
    } catch (e) {
      this.connection = null;
      await connection.stop().catch(() => {});
      throw e;
    }
  }

  async startSession(mode) {
    this.switching = this.session !== null;
    try {
      this.session = await this.connection.startSession(this.conversationId, mode);
    } finally {
      this.switching = false;
    }
    this.newTurn = true;
    this.state.set({ phase: 'live', mode: this.session.Mode, userSpeaking: false, thinking: false, note: '' });
  }

  async disconnect() {
    const hadFocus = this.root.contains(document.activeElement);
    this.wantLive = false;
    this.recovery.cancel();
    const connection = this.connection;
    this.connection = null;
    this.session = null;
    try { await connection?.endSession(); } catch { /* already gone */ }
    await connection?.stop().catch(() => {});
    this.stopLocal('ended', 'Conversation paused. Press Start to go on.');
    if (hadFocus) this.el.connect.focus();
  }

  stopLocal(phase, note) {
    this.mic?.stop();
    this.player?.flush();
    this.meter.reset();
    this.state.set({ phase, note, userSpeaking: false, thinking: false, aiSpeaking: false });
  }

  async ensureAudio() {
    if (!this.context) {
      this.context = new AudioContext(); // native rate: the worklets resample (forcing 24 kHz breaks Firefox)
      await this.context.audioWorklet.addModule('/js/voice/capture-worklet.js');
      await this.context.audioWorklet.addModule('/js/voice/playback-worklet.js');
      this.player = new AudioPlayer(this.context);
      this.player.onActivity = (active) => this.assistantSpeaking(active);
      this.player.onProgress = (ms, rms) => {
        this.caption.played(ms);
        if (this.state.state === 'speaking') this.showLevel(rms);
      };
    }
    await this.context.resume();
    if (!this.mic?.running) {
      this.mic = new MicCapture(this.context);
      this.mic.onFrame = (pcm, rms, peak) => this.onMicFrame(pcm, rms, peak);
      await this.mic.start();
    }
  }

  // --- recovery ----------------------------------------------------------------------------------------------

  /** The connection or the session was lost without the user asking: get back by ourselves. */
  lost() {
    if (!this.wantLive) return;
    this.session = null;
    this.state.set({ phase: 'reconnecting', userSpeaking: false, thinking: false });
    this.recovery.start();
  }

  async reconnect() {
    if (!this.wantLive) return;
    this.counters.reconnects++;
    await this.open();
    this.clearError();
  }

  /** The server closed the connection over a message it could not take: coming back would only repeat it. */
  refused(error) {
    this.wantLive = false;
    const connection = this.connection;
    this.connection = null;
    this.session = null;
    connection?.stop().catch(() => {});
    this.stopLocal('error', 'Not connected.');
    this.showError(closeReason(error));
  }

  gaveUp() {
    this.wantLive = false;
    this.stopLocal('error', 'Not connected.');
    this.showError('We could not reach VoiceSite for a while. Check your internet connection, then press Start.');
  }

  // --- hub events ----------------------------------------------------------------------------------------------

  /** Hub event handlers for one connection; mine() is that connection. */
  handlers(mine) {
    const current = () => mine() === this.connection;
    return {
      audio: (bytes) => {
        if (this.newTurn) { this.player.startTurn(); this.caption.audioStarted(); this.newTurn = false; }
        this.caption.audioReceived(bytes.byteLength);
        this.player.enqueue(bytes);
      },
      speechStarted: () => this.onSpeechStarted(),
      speechStopped: () => {
        this.newTurn = true;
        this.state.set({ userSpeaking: false, thinking: true });
      },
      userTranscript: (turnId, text) => {
        this.showLive(this.el.liveUser, text);
        this.announce(`You said: ${text}`);
      },
      assistantTranscriptDelta: (turnId, text) => {
        this.assistantTurnId = turnId;
        this.caption.append(turnId, text); // shown as its audio plays, not as the text arrives
      },
      turnCompleted: (turnId) => {
        this.counters.turnsCompleted++;
        if (turnId === this.assistantTurnId) {
          this.newTurn = true;
          this.caption.completed(turnId);
          this.state.set({ thinking: false });
        }
        // The transcript below shows a reply once it has been heard, not while its audio still plays.
        if (this.player?.busy) this.refreshAfterPlayback = true;
        else this.refreshTranscript();
      },
      error: (code, message) => {
        this.counters.errors.push(code);
        if (FINAL.has(code)) this.wantLive = false;
        if (code === 'server_moving') { this.moving = true; return; } // the session end that follows is recovered from
        if (code === 'no_session' && (this.moving || !this.session)) return; // audio sent while the session was ending
        // Nothing heard in what was said is not a failure: say so gently and keep listening.
        if (code === 'no_match') { this.state.set({ thinking: false }); this.showError(message, 'gentle'); return; }
        this.state.set({ thinking: false });
        this.showError(message);
      },
      sessionEnded: (reason) => {
        if (!current() || this.switching) return; // a replaced connection, or the old mode's session ending while the new one starts
        this.session = null;
        if (this.wantLive && this.moving) { this.moving = false; this.lost(); return; }
        document.dispatchEvent(new CustomEvent('voice:session-ended', { detail: { reason } })); // the finish control refreshes
        this.wantLive = false;
        const connection = this.connection;
        this.connection = null;
        connection?.stop().catch(() => {});
        this.stopLocal('ended', `${reason} Press Start to go on.`);
      },
      reconnecting: (error) => {
        if (!current()) return;
        if (refusedMessage(error)) { this.refused(error); return; }
        if (!this.wantLive) return;
        this.session = null;
        this.state.set({ phase: 'reconnecting', userSpeaking: false, thinking: false });
      },
      reconnected: async () => {
        if (!current() || !this.wantLive) return;
        try {
          this.counters.reconnects++;
          await this.startSession(this.mode);
          this.clearError();
        } catch {
          await this.connection?.stop().catch(() => {}); // closed -> recovery
        }
      },
      closed: (error) => {
        if (!current()) return; // replaced or stopped on purpose
        if (refusedMessage(error)) { this.refused(error); return; }
        this.connection = null;
        if (this.wantLive) { this.lost(); return; }
        this.stopLocal('idle', '');
        if (error) this.showError(closeReason(error));
      },
    };
  }

  async onSpeechStarted() {
    this.counters.speechStarted++;
    this.clearError(true); // a turn's problem ("say it again") is answered by speaking again
    this.state.set({ userSpeaking: true, thinking: false });
    // The live lines show the latest exchange until a new one begins (the transcript below keeps them all).
    this.showLive(this.el.liveUser, '');
    if (this.player?.busy) {
      // Barge-in: stop the assistant at once and tell the server how much was heard.
      const playedMs = await this.player.flush();
      this.counters.interrupts++;
      this.counters.lastInterruptMs = playedMs;
      this.caption.cut(playedMs);
      this.connection?.interrupt(playedMs);
      // The stored reply is cut to the words heard as well; show it once that is saved.
      this.refreshAfterPlayback = false;
      clearTimeout(this.cutRefreshTimer);
      this.cutRefreshTimer = setTimeout(() => this.refreshTranscript(), 600);
    }
    this.newTurn = true;
  }

  // --- microphone, push-to-talk, mute ----------------------------------------------------------------------------

  onMicFrame(pcm, rms, peak) {
    const live = this.state.facts.phase === 'live';
    const sending = live && !this.state.facts.muted && !this.switching && (!this.ptt.on || this.ptt.holding);
    this.meter.update(rms, peak, sending);
    if (this.state.state !== 'speaking') this.showLevel(sending ? rms : 0);
    if (sending) this.send(pcm);
  }

  showLevel(rms) {
    const level = Math.max(0, Math.min(1, (toDb(rms) + 60) / 50));
    this.el.orb.style.setProperty('--level', level.toFixed(2));
  }

  send(pcm) {
    if (!this.connection?.connected || !this.session) return;
    this.connection.sendAudio(pcm).catch(() => { /* the close handler reports it */ });
    this.counters.sentBytes += pcm.byteLength;
    this.counters.sentFrames++;
  }

  setMuted(muted) {
    this.el.mic.setAttribute('aria-pressed', String(muted));
    this.el.mic.textContent = muted ? 'Unmute' : 'Mute';
    this.state.set({ muted });
  }

  holdingChanged(holding) {
    // Releasing sends a moment of silence so the server hears the end of the turn at once.
    if (!holding && this.session) for (let i = 0; i < PTT_RELEASE_FRAMES; i++) this.send(SILENCE_FRAME);
  }

  // --- playback, captions, transcript ----------------------------------------------------------------------------

  /** The player started or stopped sounding. A gap of a few hundred ms (jitter) is not the end of the reply. */
  assistantSpeaking(active) {
    clearTimeout(this.quietTimer);
    if (active) {
      this.state.set({ aiSpeaking: true, thinking: false });
      return;
    }
    const stopped = () => {
      this.state.set({ aiSpeaking: false });
      if (this.refreshAfterPlayback) { this.refreshAfterPlayback = false; this.refreshTranscript(); }
    };
    // Flushed for barge-in (nothing queued): at once; run dry mid-reply: only if no audio follows soon.
    if (this.state.facts.userSpeaking) stopped();
    else this.quietTimer = setTimeout(stopped, 400);
  }

  /** A reply was heard to its end or cut: screen readers hear it once, whole, not word by word. */
  replyFinished(text, cut) {
    if (text) this.announce(cut ? `AI said, before you cut in: ${text}` : `AI said: ${text}`);
  }

  announce(text) { this.el.announce.textContent = text; }

  showLive(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  refreshTranscript() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => htmx.ajax('GET', this.transcriptUrl, { target: '#transcript', swap: 'innerHTML' }), 120);
  }

  // --- modes -----------------------------------------------------------------------------------------------------

  async modeChanged() {
    const mode = this.mode;
    this.root.querySelector('#mode-toggle input:checked')?.focus();
    this.state.set({ mode: this.session?.Mode ?? mode });
    if (!this.session || !this.connection || this.session.Mode === mode) return;
    this.clearError();
    try {
      // A reply still playing is cut here: the server stores what was actually heard before the switch.
      if (this.player?.busy) {
        const playedMs = await this.player.flush();
        this.caption.cut(playedMs);
        await this.connection.interrupt(playedMs);
      }
      this.state.set({ phase: 'connecting', mode });
      await this.startSession(mode);
    } catch (e) {
      this.session = null;
      this.wantLive = false;
      this.fail(`${hubMessage(e)} Press Start to try again.`);
    }
  }

  // --- states and messages ---------------------------------------------------------------------------------------

  stateChanged(state) {
    this.states.push(state);
    const live = ['connecting', 'listening', 'user', 'thinking', 'speaking', 'reconnecting'].includes(state);
    this.el.connect.hidden = live;
    this.el.disconnect.hidden = !live;
    this.el.mic.disabled = !live;
    if (!live) this.el.orb.style.setProperty('--level', '0');
    // State changes are announced by the status line (a polite live region); captions are not.
  }

  fail(message) {
    this.stopLocal('error', 'Not connected.');
    this.showError(message);
  }

  showError(message, kind = 'error') {
    this.el.error.textContent = message;
    this.el.error.dataset.kind = kind;
    this.el.error.hidden = false;
  }

  /** turnOnly: clear only while live (a turn's problem, answered by speaking again), never a connection problem. */
  clearError(turnOnly = false) {
    if (turnOnly && this.state.facts.phase !== 'live') return;
    this.el.error.hidden = true;
    this.el.error.textContent = '';
  }

  /** For tests and troubleshooting: what has flowed through the page. */
  stats() {
    return {
      ...this.counters,
      mode: this.session?.Mode ?? null,
      state: this.state.state,
      states: [...this.states],
      receivedBytes: this.player?.receivedBytes ?? 0,
      playedSamples: this.player?.stats.played ?? 0,
      playing: this.player?.busy ?? false,
      contextRate: this.context?.sampleRate ?? null,
      caption: this.el.liveAssistant.textContent,
      captionSource: this.caption.text,
      turnPlayedMs: this.caption.playedMs,
    };
  }
}

/** SignalR's words when the server closed over a message it could not take (too large, unreadable). */
function refusedMessage(error) { return String(error?.message ?? '').includes('Connection closed with an error'); }

function micProblem(error) {
  if (error?.name === 'NotAllowedError' || error?.name === 'SecurityError')
    return 'The microphone is blocked. Allow microphone access for this site in your browser, then press Start again.';
  if (error?.name === 'NotFoundError')
    return 'No microphone was found. Plug one in, then press Start again.';
  if (!window.isSecureContext)
    return 'The microphone needs a secure (https) page. Open the site over https, then press Start again.';
  return 'The microphone could not start. Check that no other app is using it, then press Start again.';
}

const root = document.getElementById('talk');
if (root) window.voiceTalk = new TalkController(root);
