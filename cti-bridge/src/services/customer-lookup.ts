import type { CountryCode } from 'libphonenumber-js';
import type { LookupResult } from '../../protocol/customer.schema';
import { classifyMatch, normalizeCallerId, type NormalizedCallerId } from '../domain/caller-id';
import type { CustomersRepository } from '../repositories/customers.repository';

export interface CallerLookup {
  caller: NormalizedCallerId;
  result: LookupResult;
}

/** Normalise a raw caller id and match it against customer phones: the screen-pop hot path. */
export function createCustomerLookup(customers: CustomersRepository, region: CountryCode) {
  return {
    lookup(raw: string): CallerLookup {
      const caller = normalizeCallerId(raw, region);
      const candidates = caller.kind === 'number' ? customers.findByPhone(caller.e164) : [];
      return { caller, result: classifyMatch(caller, candidates) };
    },
    normalize(raw: string): NormalizedCallerId {
      return normalizeCallerId(raw, region);
    },
  };
}

export type CustomerLookup = ReturnType<typeof createCustomerLookup>;
