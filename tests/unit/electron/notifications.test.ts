import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeNotification, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { createCallNotifier } = await import('../../../electron/main/notifications');

let win: FakeBrowserWindow;

beforeEach(() => {
  resetElectronFake();
  win = new FakeBrowserWindow({});
});

const offer = { callerLabel: 'Mr. Zhang', businessType: 'After-sales' };

describe('call-offered notifier', () => {
  it('shows an OS notification naming the caller and the business type', () => {
    createCallNotifier(() => win as never).notifyCallOffered(offer);
    const [notification] = FakeNotification.instances;
    expect(notification?.options).toEqual({ title: 'Mr. Zhang', body: 'Incoming call · After-sales' });
    expect(notification?.show).toHaveBeenCalledOnce();
  });

  it('restores a minimised window, shows it, focuses it and flashes it until focused', () => {
    win.minimized = true;
    createCallNotifier(() => win as never).notifyCallOffered(offer);
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.show).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
    expect(win.flashFrame).toHaveBeenLastCalledWith(true);
    win.emit('focus');
    expect(win.flashFrame).toHaveBeenLastCalledWith(false);
  });

  it('replaces the previous notification and focuses the window when one is clicked', () => {
    const notifier = createCallNotifier(() => win as never);
    notifier.notifyCallOffered(offer);
    notifier.notifyCallOffered({ callerLabel: '•••• 1234', businessType: 'Sales' });
    const [first, second] = FakeNotification.instances;
    expect(first?.close).toHaveBeenCalledOnce();
    win.focus.mockClear();
    second?.emit('click');
    expect(win.focus).toHaveBeenCalledOnce();
  });

  it('still brings the window forward where the OS has no notifications', () => {
    FakeNotification.supported = false;
    createCallNotifier(() => win as never).notifyCallOffered(offer);
    expect(FakeNotification.instances).toHaveLength(0);
    expect(win.focus).toHaveBeenCalledOnce();
  });

  it('does nothing to a window that is gone', () => {
    expect(() => createCallNotifier(() => null).notifyCallOffered(offer)).not.toThrow();
  });
});
