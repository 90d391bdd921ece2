/** Preload fragment for the remembered login (encrypted by main; the page only sees the result). */
import { desktopChannels, type RingsideDesktopApi } from '../ipc-contract.js';
import type { Invoke } from './invoke.js';

export type CredentialsApi = Pick<
  RingsideDesktopApi,
  'saveCredentials' | 'loadCredentials' | 'clearCredentials'
>;

export function createCredentialsApi(invoke: Invoke): CredentialsApi {
  return {
    saveCredentials: (credentials) => invoke(desktopChannels.credentialsSave, credentials),
    loadCredentials: () => invoke(desktopChannels.credentialsLoad, {}),
    clearCredentials: () => invoke(desktopChannels.credentialsClear, {}),
  };
}
