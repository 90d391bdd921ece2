/**
 * The Kamailio bench's data directory: a copy of the small bench database with agents 5..N added (the demo has
 * agent1..agent4), each with a SIP username and the support skill, no wrap-up pause, and the callers to dial.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../cti-bridge/src/server/password-hash';
import { openDatabase } from '../../db/open-database';
import { businessTypes, queues, userSkills, users } from '../../db/schema';
import { DEMO_AGENT_USERNAMES, DEMO_PASSWORD } from '../../db/seed/demo-users';
import { callerSamples } from './caller-samples';

export interface SipCaller {
  /** The From user part the caller's INVITE carries: the customer's number, not in its stored format. */
  fromUser: string;
  e164: string;
  customerId: number;
}

/** How a US carrier or trunk may write a +1 number in a SIP user part (none is the stored E.164). */
const SIP_FORMATS: readonly ((e164: string) => string)[] = [
  (e164) => e164.slice(2), // national digits
  (e164) => `1${e164.slice(2)}`, // trunk prefix + national
  (e164) => `011${e164.slice(1)}`, // international prefix dialled from the US
];

export function agentUsernames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `agent${i + 1}`);
}

/** Copies the bench database into `dataDir` and returns the callers to use, `count` of them. */
export function prepareKamailioData(
  benchFile: string,
  dataDir: string,
  agents: number,
  count: number,
): SipCaller[] {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'ringside.sqlite');
  copyFileSync(benchFile, file);
  const db = openDatabase(file);
  try {
    const support = db
      .select({ id: businessTypes.id })
      .from(businessTypes)
      .where(eq(businessTypes.code, 'support'))
      .get();
    if (!support) throw new Error('the bench database has no "support" business type');
    // One scrypt hash for all: each row still verifies with the salt it carries.
    const passwordHash = hashPassword(DEMO_PASSWORD);
    const extra = agentUsernames(agents).slice(DEMO_AGENT_USERNAMES.length);
    db.transaction((tx) => {
      for (const username of extra) {
        const { id } = tx
          .insert(users)
          .values({
            username,
            displayName: `Bench ${username}`,
            role: 'agent',
            passwordHash,
            sipUsername: username,
            locale: 'en',
          })
          .returning({ id: users.id })
          .get();
        tx.insert(userSkills).values({ userId: id, businessTypeId: support.id, level: 5 }).run();
      }
      // An agent is ready for the next call as soon as one ends; the bench measures routing, not wrap-up.
      tx.update(queues).set({ wrapUpSec: 0 }).run();
    });
    const samples = callerSamples(db.$client, count * 3, 23, { uniqueOnly: true, knownOnly: true });
    const callers = samples
      .filter((s) => s.e164?.startsWith('+1') && s.customerId !== null)
      .slice(0, count)
      .map((s, i): SipCaller => {
        const e164 = s.e164 ?? '';
        const format = SIP_FORMATS[i % SIP_FORMATS.length] ?? ((n: string) => n);
        return { fromUser: format(e164), e164, customerId: s.customerId ?? 0 };
      });
    if (callers.length === 0) throw new Error('the bench database has no unique +1 customer numbers');
    return callers;
  } finally {
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.close();
  }
}
