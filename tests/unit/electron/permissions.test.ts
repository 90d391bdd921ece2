import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronFake, resetElectronFake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronFake);

const { installPermissionHandlers } = await import('../../../electron/main/permissions');

const origin = 'http://localhost:4780';

beforeEach(() => {
  resetElectronFake();
  installPermissionHandlers(electronFake.session.defaultSession as never, origin);
});

function request(permission: string, details: object): boolean {
  const callback = vi.fn();
  electronFake.session.defaultSession.requestHandler?.({}, permission, callback, details);
  expect(callback).toHaveBeenCalledOnce();
  return callback.mock.calls[0]?.[0] as boolean;
}

function check(
  permission: string,
  requestingOrigin: string,
  details: object = { isMainFrame: true },
): boolean {
  return (
    electronFake.session.defaultSession.checkHandler?.({}, permission, requestingOrigin, details) ?? true
  );
}

describe('permission request handler', () => {
  it.each([
    ['media (microphone) from the bridge', 'media', `${origin}/`, ['audio'], true],
    ['notifications from the bridge', 'notifications', `${origin}/agent`, undefined, true],
    ['media from another origin', 'media', 'https://evil.example/', ['audio'], false],
    ['camera from the bridge', 'media', `${origin}/`, ['video'], false],
    ['camera + microphone from the bridge', 'media', `${origin}/`, ['audio', 'video'], false],
    ['media with no media types', 'media', `${origin}/`, [], false],
    ['notifications from another origin', 'notifications', 'http://localhost:4781/', undefined, false],
    ['geolocation from the bridge', 'geolocation', `${origin}/`, undefined, false],
    ['screen capture from the bridge', 'display-capture', `${origin}/`, undefined, false],
    ['clipboard read from the bridge', 'clipboard-read', `${origin}/`, undefined, false],
    ['openExternal from the bridge', 'openExternal', `${origin}/`, undefined, false],
    ['media from a data: page', 'media', 'data:text/html,x', ['audio'], false],
  ])('%s → %s', (_name, permission, requestingUrl, mediaTypes, granted) => {
    expect(request(permission, { requestingUrl, isMainFrame: true, mediaTypes })).toBe(granted);
  });
});

describe('permission check handler', () => {
  it('passes media (not video) and notifications checks for the bridge origin only', () => {
    expect(check('media', origin, { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(check('media', origin, { isMainFrame: true, mediaType: 'unknown' })).toBe(true);
    expect(check('media', origin, { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(check('notifications', origin)).toBe(true);
    expect(check('media', 'https://evil.example', { isMainFrame: false, mediaType: 'audio' })).toBe(false);
    expect(check('hid', origin)).toBe(false);
    expect(check('clipboard-read', origin)).toBe(false);
  });

  it('refuses every device (HID, serial, USB) permission', () => {
    expect(electronFake.session.defaultSession.deviceHandler?.({ deviceType: 'usb', origin })).toBe(false);
  });
});
