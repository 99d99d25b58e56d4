// One open form at a time: opening a form closes the one open before, so a page never shows two "Save"
// buttons and the user always knows which form they are filling in.

let closeCurrent: (() => void) | undefined;

/** openExclusive closes the previously open form and remembers how to close this one. */
export function openExclusive(close: () => void): void {
  const previous = closeCurrent;
  closeCurrent = close;
  if (previous && previous !== close) previous();
}

/** closedExclusive forgets a form that closed itself. */
export function closedExclusive(close: () => void): void {
  if (closeCurrent === close) closeCurrent = undefined;
}

/** resetExclusive forgets any open form (on navigation). */
export function resetExclusive(): void {
  closeCurrent = undefined;
}
