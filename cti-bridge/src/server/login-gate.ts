import { availableParallelism } from 'node:os';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Result } from '../../protocol/errors';
import { ApiError } from './http-errors';

export interface LoginGateOptions {
  /** Failed logins allowed per account, and per source address, within `windowMs`; the next is refused (429). */
  failuresPerAccount: number;
  failuresPerAddress: number;
  windowMs: number;
  /** Logins verified at the same time; the rest wait their turn (keeps a core for rings, pops and health). */
  concurrency?: number;
  /** A login refused for too many failures, or one that failed: for the audit trail. */
  onRefused: (attempt: { username: string; address: string; retryAfterSec: number }) => void;
  onFailed: (attempt: { username: string; address: string }) => void;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** One budget per account however the name is typed; a name is capped so no key grows without bound. */
const accountKey = (username: string) => `account:${username.trim().toLowerCase().slice(0, 100)}`;
const usernameOf = (request: FastifyRequest) => {
  const name = (request.body as { username?: unknown } | undefined)?.username;
  return typeof name === 'string' ? name : '';
};

/**
 * Throttles failed logins per account and per source address (@fastify/rate-limit counters, counting failures
 * only: a floor of agents behind one NAT signing in at shift start is not refused) and runs at most
 * `concurrency` password checks at once. The budgets are read inside a slot, so parallel guesses cannot
 * overshoot them by more than the slots.
 */
export function createLoginGate(options: LoginGateOptions) {
  const limit = Math.max(1, options.concurrency ?? availableParallelism() - 1);
  let limiters: { account: Limiter; address: Limiter } | null = null;
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = () =>
    running < limit ? (running++, Promise.resolve()) : new Promise<void>((go) => waiting.push(go));
  const release = () => {
    const nextInLine = waiting.shift();
    if (nextInLine) nextInLine();
    else running--;
  };

  return {
    /** Registers the rate-limit plugin (not globally: only logins are limited) and makes the two budgets. */
    async register(app: FastifyInstance): Promise<void> {
      await app.register(rateLimit, { global: false });
      const common = { max: 0, timeWindow: options.windowMs };
      limiters = {
        account: app.createRateLimit({
          ...common,
          max: options.failuresPerAccount,
          keyGenerator: (request) => accountKey(usernameOf(request)),
        }),
        address: app.createRateLimit({ ...common, max: options.failuresPerAddress }),
      };
    },
    /**
     * Runs `login` for this request unless the account or the address is out of failed attempts (then a
     * RATE_LIMITED ApiError with Retry-After); an UNAUTHENTICATED result counts against both.
     */
    async attempt<T>(request: FastifyRequest, login: () => Promise<Result<T>>): Promise<Result<T>> {
      if (!limiters) throw new Error('login gate used before register()');
      const { account, address } = limiters;
      const username = usernameOf(request);
      await acquire();
      try {
        const [byAccount, byAddress] = await Promise.all([
          account(request, { increment: false }),
          address(request, { increment: false }),
        ]);
        // A peek reports the failures so far: none left means this attempt would be one too many.
        const refusals = [byAccount, byAddress].filter(
          (status) => !status.isAllowed && status.remaining === 0,
        );
        if (refusals.length > 0) {
          const retryAfterSec = Math.max(
            1,
            ...refusals.map((status) => (status.isAllowed ? 0 : status.ttlInSeconds)),
          );
          options.onRefused({ username, address: request.ip, retryAfterSec });
          throw new ApiError('RATE_LIMITED', 'too many failed logins; try again later', {
            'retry-after': String(retryAfterSec),
          });
        }
        const result = await login();
        if (!result.ok && result.error.code === 'UNAUTHENTICATED') {
          await Promise.all([account(request), address(request)]);
          options.onFailed({ username, address: request.ip });
        }
        return result;
      } finally {
        release();
      }
    },
  };
}

export type LoginGate = ReturnType<typeof createLoginGate>;
