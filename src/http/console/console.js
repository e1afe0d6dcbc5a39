// The console's only script, served from its own origin: with it, "Copy" buttons copy what they
// name (a link or a secret shown once) to the clipboard. Every page works without it — the text
// stays selectable, and the buttons stay hidden.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      button.textContent = button.dataset.copied;
    } catch {
      source.select();
    }
  });
}
