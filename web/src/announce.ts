/** The staff apps' polite status line (`#announce`): what an action just did, said once and shown. */

let announcer: HTMLElement | undefined;
let announcedAt = 0;

/** Says `text` through the page's polite status line (and shows it). */
export function announce(text: string): void {
  announcer ??= document.getElementById('announce') ?? undefined;
  if (!announcer) return;
  announcedAt = Date.now();
  announcer.textContent = '';
  announcer.hidden = false;
  // A fresh text node in a later task: screen readers announce a change, not a node that was there.
  setTimeout(() => {
    if (announcer) announcer.textContent = text;
  }, 50);
}

/** On moving to another view: what an action just said stays (it led here), anything older goes. */
export function onViewChange(): void {
  if (Date.now() - announcedAt > 2000) clearAnnouncement();
}

export function clearAnnouncement(): void {
  if (announcer) {
    announcer.textContent = '';
    announcer.hidden = true;
  }
}
