// One visual state at a time for the Talk section, derived from what is true now, so the status text
// can never contradict the look (toggling mute while the AI speaks does not turn "AI speaking" into "listening").
//   idle · connecting · listening · user · thinking · speaking · reconnecting · ended · error

export const STATES = ['idle', 'connecting', 'listening', 'user', 'thinking', 'speaking', 'reconnecting', 'ended', 'error'];

export class TalkState {
  /** root: the #talk element (gets data-state); statusEl: the status line; onChange(state): after each change. */
  constructor(root, statusEl, onChange = () => {}) {
    this.root = root;
    this.statusEl = statusEl;
    this.onChange = onChange;
    this.facts = {
      phase: 'idle',        // idle | connecting | live | reconnecting | ended | error
      mode: 'realtime',
      userSpeaking: false,
      thinking: false,
      aiSpeaking: false,
      muted: false,
      pushToTalk: false,
      note: '',             // a reason to show with idle/ended/error (e.g. why the session ended)
    };
    this.render();
  }

  set(changes) {
    Object.assign(this.facts, changes);
    this.render();
  }

  get state() {
    const f = this.facts;
    if (f.phase !== 'live') return f.phase;
    if (f.aiSpeaking) return 'speaking';
    if (f.userSpeaking) return 'user';
    if (f.thinking) return 'thinking';
    return 'listening';
  }

  text() {
    const f = this.facts;
    const mode = f.mode === 'pipeline' ? 'Classic' : 'Natural';
    switch (this.state) {
      case 'idle': return f.note || 'Not connected. Press Start to talk.';
      case 'connecting': return `Connecting (${mode} mode)…`;
      case 'reconnecting': return 'Reconnecting… keep talking in a moment, nothing is lost.';
      case 'ended': return f.note || 'Conversation paused. Press Start to go on.';
      case 'error': return f.note || 'Not connected.';
      case 'speaking': return 'AI speaking. Talk any time to interrupt.';
      case 'user': return 'You are speaking…';
      case 'thinking': return 'Thinking…';
      default:
        if (f.muted) return 'Listening is paused: your microphone is muted.';
        if (f.pushToTalk) return 'Hold the Talk button or Space while you speak.';
        return 'Listening. Speak any time.';
    }
  }

  render() {
    const state = this.state;
    const text = this.text();
    const changed = this.root.dataset.state !== state;
    this.root.dataset.state = state;
    this.root.dataset.muted = String(this.facts.muted);
    if (this.statusEl.textContent !== text) this.statusEl.textContent = text;
    if (changed) this.onChange(state);
  }
}
