// Push to talk: hold the Talk button or Space to send audio. Space never presses the focused button or
// ticks the focused checkbox while it is the talk key; Escape leaves push-to-talk.
export class PushToTalk {
  /** toggle: the checkbox; hold: the button; onHolding(bool); onChanged(on). */
  constructor(toggle, hold, { onHolding, onChanged }) {
    this.toggle = toggle;
    this.hold = hold;
    this.onHolding = onHolding;
    this.onChanged = onChanged;
    this.holding = false;
    toggle.addEventListener('change', () => this.changed());
    const press = (e) => { e.preventDefault(); this.setHolding(true); };
    const release = () => this.setHolding(false);
    hold.addEventListener('pointerdown', press);
    hold.addEventListener('pointerup', release);
    hold.addEventListener('pointerleave', release);
    hold.addEventListener('pointercancel', release);
    document.addEventListener('keydown', (e) => this.keyDown(e));
    document.addEventListener('keyup', (e) => this.keyUp(e));
    window.addEventListener('blur', release);
  }

  get on() { return this.toggle.checked; }

  keyDown(e) {
    if (!this.on) return;
    if (e.key === 'Escape') { this.leave(); return; }
    if (e.code === 'Space' && !isTyping(e.target)) {
      e.preventDefault();
      if (!e.repeat) this.setHolding(true);
    }
  }

  keyUp(e) {
    if (e.code !== 'Space' || !this.on) return;
    if (!isTyping(e.target)) e.preventDefault();
    this.setHolding(false);
  }

  /** Escape, or unticking the box: talking without holding anything again. */
  leave() {
    this.toggle.checked = false;
    this.changed();
    this.toggle.focus();
  }

  changed() {
    this.hold.hidden = !this.on;
    if (!this.on) this.setHolding(false);
    this.onChanged(this.on);
  }

  setHolding(holding) {
    if (this.holding === holding) return;
    this.holding = holding;
    this.hold.classList.toggle('active', holding);
    this.hold.setAttribute('aria-pressed', String(holding));
    this.onHolding(holding);
  }
}

/** Whether the key goes into a field that takes text (Space on a button or checkbox is the talk key instead). */
export function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
}
