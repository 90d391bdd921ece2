/**
 * The tray icon mirrors the agent state the renderer pushes: a coloured dot, a tooltip ("Ringside — Ready")
 * and the same text as the first menu line, because some Linux trays never show tooltips.
 */
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import type { AgentStateNotice, DesktopAgentStatus } from '../ipc-contract.js';

const ICON_SIZE = 16;

/** English fallbacks; the renderer normally sends its translated label with the state. */
export const statusLabels: Readonly<Record<DesktopAgentStatus, string>> = Object.freeze({
  'logged-out': 'Logged out',
  'not-ready': 'Not ready',
  ready: 'Ready',
  ringing: 'Ringing',
  'on-call': 'On a call',
  'wrap-up': 'Wrap-up',
});

/** RGB per status, chosen to read at a glance: green available, amber ringing, red busy, grey away. */
export const statusColors: Readonly<Record<DesktopAgentStatus, readonly [number, number, number]>> =
  Object.freeze({
    'logged-out': [128, 128, 128],
    'not-ready': [230, 126, 34],
    ready: [46, 204, 113],
    ringing: [241, 196, 15],
    'on-call': [231, 76, 60],
    'wrap-up': [52, 152, 219],
  });

/** The tray the shell owns; `setAgentState` may be called any number of times. */
export interface AgentTray {
  setAgentState(state: AgentStateNotice): void;
  destroy(): void;
}

/** What the tray menu can do; the shell decides how. */
export interface TrayActions {
  showWindow(): void;
  quit(): void;
}

export function trayTooltip(state: AgentStateNotice | null): string {
  if (!state) return 'Ringside';
  return `Ringside — ${state.label?.trim() || statusLabels[state.status]}`;
}

/** A filled circle drawn into a BGRA bitmap, so the shell ships no icon files. */
export function statusIcon(status: DesktopAgentStatus): NativeImage {
  const [red, green, blue] = statusColors[status];
  const pixels = Buffer.alloc(ICON_SIZE * ICON_SIZE * 4);
  const centre = (ICON_SIZE - 1) / 2;
  for (let y = 0; y < ICON_SIZE; y += 1) {
    for (let x = 0; x < ICON_SIZE; x += 1) {
      if (Math.hypot(x - centre, y - centre) > ICON_SIZE / 2 - 1) continue;
      pixels.set([blue, green, red, 255], (y * ICON_SIZE + x) * 4);
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: ICON_SIZE, height: ICON_SIZE });
}

function buildMenu(state: AgentStateNotice | null, actions: TrayActions): Menu {
  return Menu.buildFromTemplate([
    { label: trayTooltip(state), enabled: false },
    { type: 'separator' },
    { label: 'Show Ringside', click: () => actions.showWindow() },
    { label: 'Quit Ringside', click: () => actions.quit() },
  ]);
}

export function createAgentTray(actions: TrayActions): AgentTray {
  const tray = new Tray(statusIcon('logged-out'));
  const render = (state: AgentStateNotice | null): void => {
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(buildMenu(state, actions));
    if (state) tray.setImage(statusIcon(state.status));
  };
  tray.on('click', () => actions.showWindow());
  render(null);
  return {
    setAgentState: (state) => render(state),
    destroy: () => tray.destroy(),
  };
}
