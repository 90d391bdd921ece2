import type {
  CustomerCard,
  CreateCustomerInput,
  CustomerSummary,
  LookupResult,
} from '../../protocol/customer.schema';
import { fail, ok, type Result } from '../../protocol/errors';
import type { CustomerCardRepository } from '../repositories/customer-card.repository';
import type { CustomersRepository } from '../repositories/customers.repository';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import type { CustomerLookup } from './customer-lookup';

export interface CustomersServiceDeps {
  customers: CustomersRepository;
  cards: CustomerCardRepository;
  interactions: InteractionsRepository;
  lookup: CustomerLookup;
}

export function createCustomersService(deps: CustomersServiceDeps) {
  return {
    lookup(raw: string): LookupResult {
      return deps.lookup.lookup(raw).result;
    },
    search(text: string, limit: number): CustomerSummary[] {
      const caller = /\d{3,}/.test(text) ? deps.lookup.normalize(text) : null;
      return deps.customers.search(text, caller?.kind === 'number' ? caller.e164 : null, limit);
    },
    /** Every phone must normalise; the error names the first one that does not, so the form can point at it. */
    create(input: CreateCustomerInput): Result<CustomerCard> {
      const phones = [];
      for (const [index, phone] of input.phones.entries()) {
        const normalized = deps.lookup.normalize(phone.number);
        if (normalized.kind !== 'number')
          return fail(
            'VALIDATION_FAILED',
            `phones.${index}.number: "${phone.number}" is not a valid phone number`,
          );
        phones.push({ e164: normalized.e164, raw: phone.number, label: phone.label ?? 'mobile' });
      }
      const id = deps.customers.create({
        name: input.name,
        company: input.company ?? null,
        tier: input.tier ?? 'C',
        tags: input.tags ?? [],
        notes: input.notes ?? null,
        phones,
      });
      const card = deps.cards.card(id);
      return card ? ok(card) : fail('INTERNAL', 'customer was not stored');
    },
    card(id: number): Result<CustomerCard> {
      const card = deps.cards.card(id);
      return card ? ok(card) : fail('NOT_FOUND', `customer ${id} does not exist`);
    },
    history(id: number) {
      if (!deps.customers.exists(id)) return fail('NOT_FOUND', `customer ${id} does not exist`);
      return ok(deps.cards.history(id));
    },
    /** Attaches a customer picked or created during the call to the agent's own interaction. */
    linkToInteraction(agentId: number, interactionId: number, customerId: number): Result<null> {
      const interaction = deps.interactions.find(interactionId);
      if (!interaction || interaction.agentId !== agentId)
        return fail('NOT_FOUND', `interaction ${interactionId} is not one of your calls`);
      if (!deps.customers.exists(customerId))
        return fail('NOT_FOUND', `customer ${customerId} does not exist`);
      deps.interactions.linkCustomer(interactionId, customerId);
      return ok(null);
    },
  };
}

export type CustomersService = ReturnType<typeof createCustomersService>;
