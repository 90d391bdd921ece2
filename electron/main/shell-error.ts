import type { DesktopErrorCode } from '../ipc-contract.js';

/**
 * Thrown by main-process services for failures the renderer should see with a stable code
 * (for example NOT_AVAILABLE when the OS has no keychain). Any other error reaches the renderer as INTERNAL.
 */
export class ShellError extends Error {
  constructor(
    readonly code: DesktopErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ShellError';
  }
}
