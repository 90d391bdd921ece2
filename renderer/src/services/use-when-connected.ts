import { useEffect } from 'react';
import { connectionStore } from './cti-client';
import { useStore } from './store';

/**
 * Runs `load` each time the CTI socket is (re)connected, and at mount when it already is. A panel that asked over
 * the socket at mount would otherwise get "not connected" when it mounts before the socket is up, and keep an
 * empty list until its next refresh; after a reconnect it would keep a list the bridge may have changed.
 * `load` should be stable (a module-level function): a new one runs again.
 */
export function useWhenConnected(load: () => Promise<unknown>): void {
  const status = useStore(connectionStore);
  useEffect(() => {
    if (status === 'connected') void load();
  }, [status, load]);
}
