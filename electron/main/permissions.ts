/**
 * The session's permission policy: the bridge origin may use the microphone (softphone) and notifications;
 * everything else, and every other origin, is refused. Chromium asks through both a request and a check
 * handler, so both are set.
 */
import type { Session } from 'electron';
import { isSameOrigin } from './origin.js';

/** What the request handler needs from Electron's permission request details. */
export interface PermissionRequestInfo {
  requestingUrl: string;
  mediaTypes?: readonly ('video' | 'audio')[];
}

/** Whether a permission request (a prompt, e.g. getUserMedia) is granted. */
export function isPermissionRequestAllowed(
  permission: string,
  info: PermissionRequestInfo,
  origin: string,
): boolean {
  if (!isSameOrigin(info.requestingUrl, origin)) return false;
  if (permission === 'notifications') return true;
  // The softphone needs audio only; a camera request from the console would be a bug or an injection.
  if (permission === 'media')
    return !!info.mediaTypes?.length && info.mediaTypes.every((type) => type === 'audio');
  return false;
}

/** Whether a permission check (no prompt, e.g. device labels in enumerateDevices) passes. */
export function isPermissionCheckAllowed(
  permission: string,
  requestingOrigin: string,
  mediaType: 'video' | 'audio' | 'unknown' | undefined,
  origin: string,
): boolean {
  if (!isSameOrigin(requestingOrigin, origin)) return false;
  if (permission === 'notifications') return true;
  return permission === 'media' && mediaType !== 'video';
}

export function installPermissionHandlers(session: Session, origin: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(
      isPermissionRequestAllowed(permission, { requestingUrl: details.requestingUrl, mediaTypes }, origin),
    );
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionCheckAllowed(permission, requestingOrigin, details.mediaType, origin),
  );
  // HID, serial and USB pickers: a call-center console has no use for them.
  session.setDevicePermissionHandler(() => false);
}
