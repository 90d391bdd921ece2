import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { exitOnCrash } from '../../cti-bridge/src/services/crash-exit';
import { createLogger } from '../../cti-bridge/src/logger';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  let exited: () => void = () => undefined;
  const exitedOnce = new Promise<void>((done) => (exited = done));
  return {
    process: {
      on: (event: string, listener: (error: unknown) => void) => emitter.on(event, listener),
      exit: (code: number) => {
        exits.push(code);
        exited();
      },
    },
    emit: (event: string, error: unknown) => emitter.emit(event, error),
    exits,
    exitedOnce,
  };
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  return {
    log: createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    lines,
  };
}

describe('exitOnCrash', () => {
  it.each(['uncaughtException', 'unhandledRejection'])(
    '%s: logs it, closes the database, exits non-zero once',
    async (event) => {
      const fake = fakeProcess();
      const { log, lines } = capture();
      const close = vi.fn(async () => undefined);
      exitOnCrash({ process: fake.process, log, close });
      fake.emit(event, new Error('state is corrupt'));
      fake.emit(event, new Error('a second one while closing'));
      await fake.exitedOnce;
      expect(close).toHaveBeenCalledTimes(1);
      expect(fake.exits).toEqual([1]);
      expect(lines[0]).toMatchObject({ level: 'error', message: 'fatal: the bridge stops', kind: event });
      expect(lines[0]?.['error']).toBe('state is corrupt');
    },
  );

  it('exits even when closing fails or hangs', async () => {
    for (const close of [
      () => Promise.reject(new Error('close failed')),
      () => new Promise<void>(() => undefined),
    ]) {
      const fake = fakeProcess();
      exitOnCrash({ process: fake.process, log: capture().log, close, closeTimeoutMs: 20 });
      fake.emit('uncaughtException', new Error('boom'));
      await fake.exitedOnce;
      expect(fake.exits).toEqual([1]);
    }
  });
});
