import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { guarded } from '../../renderer/src/services/guarded-handler';

afterEach(() => vi.restoreAllMocks());

describe("the console's guarded socket listeners", () => {
  const schema = z.object({ callId: z.string() });

  it('hands a payload that matches the contract to the handler', () => {
    const seen: string[] = [];
    guarded('call:ended', schema, (fact) => seen.push(fact.callId))({ callId: 'c-1' });
    expect(seen).toEqual(['c-1']);
  });

  it('drops a payload that does not match, and survives a handler that throws; both are logged', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handle = vi.fn((_fact: { callId: string }) => {
      throw new Error('boom');
    });
    const listener = guarded('call:ended', schema, handle);
    expect(() => listener({ callId: 7 })).not.toThrow();
    expect(handle).not.toHaveBeenCalled();
    expect(() => listener({ callId: 'c-2' })).not.toThrow();
    expect(handle).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls.map((call) => call[0])).toEqual([
      '[cti] call:ended does not match the contract',
      '[cti] call:ended handler failed',
    ]);
  });
});
