import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTray, electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { createAgentTray, statusColors, trayTooltip } = await import('../../../electron/main/tray');

beforeEach(() => resetElectronFake());

function setUp() {
  const actions = { showWindow: vi.fn(), quit: vi.fn() };
  const agentTray = createAgentTray(actions);
  const [tray] = FakeTray.instances;
  if (!tray) throw new Error('no tray');
  return { actions, agentTray, tray };
}

describe('agent tray', () => {
  it('starts with a neutral tooltip before the renderer reports a state', () => {
    expect(setUp().tray.tooltip).toBe('Ringside');
  });

  it.each([
    [{ status: 'ready' as const }, 'Ringside — Ready'],
    [{ status: 'not-ready' as const }, 'Ringside — Not ready'],
    [{ status: 'on-call' as const }, 'Ringside — On a call'],
    [{ status: 'wrap-up' as const, label: '话后处理' }, 'Ringside — 话后处理'],
  ])('follows the agent state %o → "%s" in tooltip and menu', (state, text) => {
    const { agentTray, tray } = setUp();
    agentTray.setAgentState(state);
    expect(tray.tooltip).toBe(text);
    expect(tray.menu[0]).toMatchObject({ label: text, enabled: false });
  });

  it('recolours the icon for the state', () => {
    const { agentTray, tray } = setUp();
    agentTray.setAgentState({ status: 'ringing' });
    const { buffer } = tray.image as { buffer: Buffer };
    const centre = (8 * 16 + 8) * 4;
    const [red, green, blue] = statusColors.ringing;
    expect([...buffer.subarray(centre, centre + 4)]).toEqual([blue, green, red, 255]);
    expect([...buffer.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });

  it('menu and click show the window; the menu quits', () => {
    const { actions, tray } = setUp();
    tray.emit('click');
    tray.menu.find((item) => item.label === 'Show Ringside')?.click?.();
    tray.menu.find((item) => item.label === 'Quit Ringside')?.click?.();
    expect(actions.showWindow).toHaveBeenCalledTimes(2);
    expect(actions.quit).toHaveBeenCalledOnce();
    expect(electronFake.Menu.buildFromTemplate).toHaveBeenCalled();
  });

  it('falls back to the English label for a blank translated label', () => {
    expect(trayTooltip({ status: 'ready', label: '   ' })).toBe('Ringside — Ready');
  });
});
