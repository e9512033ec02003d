// The replay player beside the transcript: its controls, the turn being heard (highlighted, aria-current), turns and
// feedback quotes that seek. Everything is read from the page's data- attributes (the CSP allows no inline script).
// The transcript and the feedback section may be swapped by htmx, so clicks are delegated and the highlight re-applied.
import { ReplayPlayer } from './replay-player.js';

const root = document.querySelector('[data-role=replay]');
if (root) start(root);

function start(root) {
  const audio = root.querySelector('[data-role=replay-audio]');
  const parts = [...root.querySelectorAll('[data-role=replay-parts] li')].map((li) => ({
    number: Number(li.dataset.number),
    url: li.dataset.url,
    offsetMs: Number(li.dataset.offsetMs),
    durationMs: Number(li.dataset.durationMs),
  }));
  const player = new ReplayPlayer(audio, parts);
  const toggle = root.querySelector('[data-action=replay-toggle]');
  const slider = root.querySelector('[data-role=replay-seek]');
  const time = root.querySelector('[data-role=replay-time]');
  let total = clock(player.totalMs);
  let sliding = false;
  let current = null;

  root.querySelector('[data-role=replay-controls]').hidden = false;
  root.querySelector('[data-role=replay-hint]').hidden = false;
  root.dataset.ready = 'true';

  const report = (error) => {
    root.dataset.error = 'true';
    root.querySelector('[data-role=replay-hint]').textContent = 'The recording could not be played. Try reloading the page.';
    console.warn('replay:', error);
  };
  const seekTo = (number, positionMs) => player.seek(number, positionMs).catch(report);

  // A recording that cannot be loaded (gone, or the network) says so in words.
  audio.addEventListener('error', () => report(audio.error));
  toggle.addEventListener('click', () => player.toggle().catch(report));
  slider.addEventListener('input', () => {
    sliding = true;
    player.seekPlaylist(Number(slider.value), { play: player.playing }).catch(report).finally(() => { sliding = false; });
  });

  player.addEventListener('change', () => {
    if (Number(slider.max) !== player.totalMs) {
      slider.max = String(player.totalMs);
      total = clock(player.totalMs);
    }
    const at = player.positionMs;
    const playing = player.playing;
    toggle.textContent = playing ? 'Pause' : 'Play';
    toggle.setAttribute('aria-label', playing ? 'Pause the recording' : 'Play the recording');
    root.dataset.state = playing ? 'playing' : 'paused';
    if (!sliding) slider.value = String(at);
    slider.setAttribute('aria-valuetext', `${clock(at)} of ${total}`);
    time.textContent = `${clock(at)} / ${total}`;
    highlight(turnAt(at));
  });

  // The turn being heard: the last recorded turn that started at or before the position.
  function turnAt(ms) {
    let found = null;
    for (const turn of document.querySelectorAll('#transcript .turn[data-seek-ms]')) {
      if (Number(turn.dataset.seekMs) <= ms && (!found || Number(turn.dataset.seekMs) >= Number(found.dataset.seekMs))) found = turn;
    }
    return found;
  }

  function highlight(turn) {
    if (turn === current && turn?.isConnected && turn.hasAttribute('aria-current')) return;
    for (const old of document.querySelectorAll('#transcript [aria-current]')) old.removeAttribute('aria-current');
    document.querySelector('#transcript .turn.playing')?.classList.remove('playing');
    current = turn;
    if (!turn) return;
    turn.classList.add('playing');
    turn.setAttribute('aria-current', 'true');
    turn.querySelector('[data-role=seek]')?.setAttribute('aria-current', 'true');
  }

  // A turn's link (or, with a mouse, anywhere on a recorded turn) plays from where the turn is heard.
  document.addEventListener('click', (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest('#transcript [data-role=seek]');
    const turn = link ? null : target?.closest('#transcript .turn[data-seek-ms]');
    if (turn && (target.closest('a, button, input, summary') || !window.getSelection()?.isCollapsed)) return;
    const seekLink = link ?? turn?.querySelector('[data-role=seek]');
    if (!seekLink || !knows(seekLink)) return;
    event.preventDefault();
    seekTo(Number(seekLink.dataset.recording), Number(seekLink.dataset.positionMs));
  });

  // Starting to talk stops the replay: nobody wants to hear both.
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action=connect]')) player.pause();
  });

  // A feedback quote: plays from the quoted words (that share into its turn's audio) and, as before, scrolls the
  // transcript to the turn.
  document.addEventListener('click', (event) => {
    const quote = event.target instanceof Element ? event.target.closest('a[data-role=quote-link]') : null;
    const id = quote?.getAttribute('href')?.startsWith('#') ? quote.getAttribute('href').slice(1) : null;
    const turn = id ? document.getElementById(id) : null;
    const seekLink = turn?.querySelector('[data-role=seek]');
    if (!seekLink || !knows(seekLink)) return;
    const into = Math.round((Number(quote.dataset.quoteAt) || 0) * (Number(turn.dataset.durationMs) || 0));
    seekTo(Number(seekLink.dataset.recording), Number(seekLink.dataset.positionMs) + into);
  });

  function knows(link) { return parts.some((p) => p.number === Number(link.dataset.recording)); }

  // During a live conversation the transcript is refreshed: its links may place turns in a recording begun after this
  // page loaded, and the recordings before it may have grown. Each link says where its recording now starts.
  function learnParts() {
    for (const link of document.querySelectorAll('#transcript [data-role=seek]')) {
      const number = Number(link.dataset.recording);
      const offsetMs = Number(link.dataset.seekMs) - Number(link.dataset.positionMs);
      const part = parts.find((p) => p.number === number);
      if (part) part.offsetMs = offsetMs;
      else parts.push({ number, url: link.getAttribute('href').split('#')[0], offsetMs, durationMs: Number(link.dataset.positionMs) });
    }
    parts.sort((a, b) => a.number - b.number);
    player.partsChanged();
    total = clock(player.totalMs);
    slider.max = String(player.totalMs);
  }

  // Playable quotes say so (the feedback section may arrive later, by htmx).
  function markQuotes() {
    for (const quote of document.querySelectorAll('a[data-role=quote-link]:not([data-playable])')) {
      const id = quote.getAttribute('href')?.slice(1);
      if (!id || !document.getElementById(id)?.querySelector('[data-role=seek]')) continue;
      quote.dataset.playable = 'true';
      const note = document.createElement('span');
      note.className = 'visually-hidden';
      note.textContent = ' (plays the recording from there)';
      quote.append(note);
    }
  }
  markQuotes();
  document.body.addEventListener('htmx:afterSwap', () => {
    learnParts();
    markQuotes();
    if (!current) return; // nothing played yet: nothing to highlight
    current = null;
    highlight(turnAt(player.positionMs));
  });

  // For tests and the curious: the player's state.
  window.voiceReplay = { player, state: () => ({ part: player.part.number, currentTime: audio.currentTime, positionMs: player.positionMs, playing: player.playing }) };
}

function clock(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
