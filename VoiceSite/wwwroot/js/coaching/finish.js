// "Finish and get feedback": a live voice session is ended first (its turn in progress stored), then the form posts.
// Delegated, so it also works for a finish control that htmx swapped in.
document.addEventListener('submit', async (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  if (!form?.matches('[data-role=finish-form]') || form.dataset.sessionEnded) return;
  const talk = window.voiceTalk;
  if (!talk?.session) return;
  event.preventDefault();
  form.dataset.sessionEnded = 'true';
  form.querySelector('button[type=submit]')?.setAttribute('disabled', '');
  try {
    await talk.disconnect('Finished.');
  } finally {
    form.submit();
  }
});
