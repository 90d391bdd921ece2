/**
 * Keeps every web contents on the bridge origin. Links elsewhere open in the OS browser (allow-listed schemes
 * only); new windows and webviews are never created, because an in-app window on a foreign origin would run
 * with our preload and session.
 */
import { shell, type WebContents } from 'electron';
import { isSameOrigin } from './origin.js';

/** Schemes the OS may open for us; file:, javascript:, custom app protocols and the like are dropped. */
export const externalSchemes: readonly string[] = Object.freeze(['https:', 'http:', 'mailto:']);

/** Opens `url` in the OS default handler if its scheme is allow-listed; returns whether it did. */
export function openExternalSafely(url: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (!externalSchemes.includes(protocol)) return false;
  shell.openExternal(url).catch((error: unknown) => {
    console.warn('Could not open an external link:', error instanceof Error ? error.message : error);
  });
  return true;
}

/** Applies the navigation rules to one web contents (the app applies it to every one that is created). */
export function hardenWebContents(contents: WebContents, origin: string): void {
  contents.on('will-navigate', (event) => {
    if (isSameOrigin(event.url, origin)) return;
    event.preventDefault();
    openExternalSafely(event.url);
  });
  // A same-origin page can still be redirected server-side to a foreign origin; that must not load either.
  contents.on('will-redirect', (event) => {
    if (!isSameOrigin(event.url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Same-origin popups are denied too: the bridge serves the console to any browser, so the OS browser is
  // a fine place for them, and the shell keeps exactly one window.
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}
