// "Play a sample" beside each voice on the start form: plays the chosen voice introducing itself.
// Works after the form is swapped by htmx (one listener on the document).
const audio = new Audio();
window.voiceSample = audio; // for tests and troubleshooting
let playing = null; // the button whose sample is playing

function status(text) {
  const el = document.querySelector('[data-role=sample-status]');
  if (el) el.textContent = text;
}

function reset(button) {
  if (!button) return;
  button.textContent = 'Play a sample';
  button.removeAttribute('aria-busy');
}

audio.addEventListener('ended', () => { reset(playing); playing = null; });

document.addEventListener('click', async (e) => {
  const button = e.target.closest?.('[data-voice-sample]');
  if (!button) return;
  const select = document.getElementById(button.dataset.for);
  if (!select?.value) return;
  audio.pause();
  reset(playing);
  playing = button;
  button.textContent = 'Loading…';
  button.setAttribute('aria-busy', 'true');
  const voice = select.options[select.selectedIndex]?.text ?? select.value;
  audio.src = `/voices/sample?mode=${encodeURIComponent(button.dataset.voiceSample)}&voice=${encodeURIComponent(select.value)}`;
  try {
    await audio.play();
    button.textContent = 'Playing…';
    status(`Playing a sample of ${voice}.`);
  } catch {
    reset(button);
    playing = null;
    button.textContent = 'No sample right now';
    status(`There is no sample of ${voice} right now. You can still choose it.`);
  }
});
