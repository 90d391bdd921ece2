import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentStatuses, errorCatalog } from '../../../cti-bridge/protocol';
import {
  desktopAgentStatuses,
  desktopChannels,
  desktopErrorCodes,
  invokeChannels,
  pushSchemas,
} from '../../../electron/ipc-contract';

describe('IPC contract', () => {
  it('mirrors the protocol agent statuses exactly', () => {
    expect([...desktopAgentStatuses]).toEqual([...agentStatuses]);
  });

  it('uses only error codes from the protocol catalog', () => {
    for (const code of desktopErrorCodes) expect(Object.keys(errorCatalog)).toContain(code);
  });

  it('lists every channel once, as a request or a push, all in the desktop: namespace', () => {
    const all = [...invokeChannels, ...Object.keys(pushSchemas)].sort();
    expect(all).toEqual(Object.values(desktopChannels).sort());
    for (const channel of all) expect(channel).toMatch(/^desktop:[a-z-]+$/);
  });

  it('imports zod and nothing else, so the renderer and the sandboxed preload can bundle it', () => {
    const source = readFileSync(new URL('../../../electron/ipc-contract.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1]);
    expect(imports).toEqual(['zod']);
  });
});
