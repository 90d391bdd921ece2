/**
 * The moment the shell exists for: a call is offered, the agent may be in another application, and the
 * console must be in front before the caller says a word.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { CallOfferedNotice } from '../ipc-contract.js';
import { bringToFront } from './window.js';

/** Reacts to offered calls; one notification at a time, the newest replacing the previous one. */
export interface CallNotifier {
  notifyCallOffered(offer: CallOfferedNotice): void;
}

function attention(win: BrowserWindow): void {
  bringToFront(win);
  // Windows refuses focus to a background app, so the taskbar flash is what the agent actually sees there;
  // it stops once the agent focuses the window.
  win.flashFrame(true);
  win.once('focus', () => {
    if (!win.isDestroyed()) win.flashFrame(false);
  });
}

/** `getWindow` returns the console window, or null once it is gone. */
export function createCallNotifier(getWindow: () => BrowserWindow | null): CallNotifier {
  // Held so the notification is not garbage-collected while shown, which would silently drop its click handler.
  let current: Notification | null = null;
  return {
    notifyCallOffered(offer) {
      if (Notification.isSupported()) {
        current?.close();
        current = new Notification({
          title: offer.callerLabel,
          body: `Incoming call · ${offer.businessType}`,
        });
        current.on('click', () => {
          const win = getWindow();
          if (win) bringToFront(win);
        });
        current.show();
      }
      const win = getWindow();
      if (win) attention(win);
    },
  };
}
