/**
 * What the console needs to run under the bridge's Content-Security-Policy (cti-bridge/src/server/
 * security-headers.ts: no inline script, no eval, style tags only with the page's nonce). Imported first by
 * main.tsx.
 */
import { setNonce } from 'get-nonce';
import { z } from 'zod';

// zod compiles object parsers with `new Function` when eval is allowed and probes for it on the first parse;
// under the policy the probe fails (zod falls back) but is reported as a violation on every page load.
z.config({ jitless: true });

/**
 * The nonce of the policy this page was served under (the bridge fills it in per response; see
 * cti-bridge/src/server/console-page.ts). Style tags created at run time must carry it, e.g.
 * `<MantineProvider getStyleNonce={cspNonce}>`; without it the browser drops them. Empty in the Vite dev
 * server, which sends no policy.
 */
export function cspNonce(): string {
  // Browsers hide the nonce attribute's value from getAttribute; the property keeps it.
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
}

// Mantine's Modal and Drawer lock the page's scroll with react-remove-scroll, whose scroll-bar rule
// (`.with-scroll-bars-hidden`, `body[data-scroll-locked]`) is one <style> tag made by react-style-singleton when
// the first modal opens. That tag takes its nonce from get-nonce, not from Mantine's getStyleNonce: without
// this, opening a modal is a blocked inline style and the page behind it keeps scrolling. (get-nonce comes with
// @mantine/core through react-remove-scroll; it is imported here, not added to package.json, so that one copy
// is the one react-style-singleton reads.)
setNonce(cspNonce());
