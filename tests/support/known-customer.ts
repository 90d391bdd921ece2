import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { count, eq } from 'drizzle-orm';
import type { RingsideDb } from '../../db/open-database';
import { customerPhones, customers } from '../../db/schema';

/** A customer whose first phone belongs to nobody else, and that number written in another format. */
export function knownCustomer(db: RingsideDb, offset = 0) {
  const shared = db
    .select({ e164: customerPhones.e164, n: count() })
    .from(customerPhones)
    .groupBy(customerPhones.e164)
    .all()
    .filter((row) => row.n > 1)
    .map((row) => row.e164);
  const phones = db
    .select({ customerId: customerPhones.customerId, e164: customerPhones.e164, name: customers.name })
    .from(customerPhones)
    .innerJoin(customers, eq(customers.id, customerPhones.customerId))
    .all()
    .filter((row) => !shared.includes(row.e164) && row.e164.startsWith('+1'));
  const phone = phones[offset];
  if (!phone) throw new Error('no known customer');
  const parsed = parsePhoneNumberWithError(phone.e164);
  // The national format with brackets and a dash, e.g. "(212) 555-0123": not how it is stored.
  return { ...phone, otherFormat: parsed.formatNational(), sharedNumbers: shared };
}
