/**
 * Reference data every Ringside database needs: business types, one queue per business type, the service
 * numbers (DIDs) and the wrap-up dispositions. `ensureReferenceData` runs on every start, so it only ever
 * inserts missing rows (by code) and never overwrites what an admin has since edited.
 */
import { eq } from 'drizzle-orm';
import type { RingsideDb } from '../open-database';
import { businessTypes, dispositions, queues, serviceNumbers } from '../schema';

/** Business type codes; each also names the queue that serves it. */
export const BusinessTypeCode = {
  sales: 'sales',
  support: 'support',
  complaints: 'complaints',
  billing: 'billing',
} as const;
export type BusinessTypeCode = (typeof BusinessTypeCode)[keyof typeof BusinessTypeCode];
export const BUSINESS_TYPE_CODES: readonly BusinessTypeCode[] = Object.values(BusinessTypeCode);

export const DispositionCode = {
  resolved: 'resolved',
  callbackRequested: 'callback-requested',
  doNotCall: 'do-not-call',
  wrongNumber: 'wrong-number',
  complaintEscalated: 'complaint-escalated',
  saleMade: 'sale-made',
  infoProvided: 'info-provided',
} as const;
export type DispositionCode = (typeof DispositionCode)[keyof typeof DispositionCode];
export const DISPOSITION_CODES: readonly DispositionCode[] = Object.values(DispositionCode);

export interface BusinessTypeSeed {
  code: BusinessTypeCode;
  nameEn: string;
  nameZh: string;
}

export const BUSINESS_TYPES: readonly BusinessTypeSeed[] = [
  { code: 'sales', nameEn: 'Sales', nameZh: '销售' },
  { code: 'support', nameEn: 'Customer service', nameZh: '客户服务' },
  { code: 'complaints', nameEn: 'Complaints', nameZh: '投诉' },
  { code: 'billing', nameEn: 'Billing', nameZh: '账务' },
];

/** Defaults for the queue created per business type (seconds). */
export const QUEUE_DEFAULTS = { ringTimeoutSec: 20, wrapUpSec: 60, slaTargetSec: 20 } as const;

export interface ServiceNumberSeed {
  e164: string;
  businessType: BusinessTypeCode;
  language: 'en' | 'zh-CN';
  label: string;
  labelZh: string;
}

export const SERVICE_NUMBERS: readonly ServiceNumberSeed[] = [
  line('+18005550100', 'sales', 'en', 'Sales hotline (US)', '销售热线 (美国)'),
  line('+18005550101', 'support', 'en', 'Customer service (US)', '客户服务 (美国)'),
  line('+18005550102', 'complaints', 'en', 'Complaints line (US)', '投诉热线 (美国)'),
  line('+18005550103', 'billing', 'en', 'Billing (US)', '账务 (美国)'),
  line('+864008200100', 'sales', 'zh-CN', 'Sales hotline (CN)', '销售热线 (中国)'),
  line('+864008200102', 'complaints', 'zh-CN', 'Complaints line (CN)', '投诉热线 (中国)'),
];

function line(
  e164: string,
  businessType: BusinessTypeCode,
  language: ServiceNumberSeed['language'],
  label: string,
  labelZh: string,
): ServiceNumberSeed {
  return { e164, businessType, language, label, labelZh };
}

/**
 * Every demo queue closes an unsaved wrap-up as "no disposition" when its time is over; an admin may set a queue
 * to `disposition-required` (the agent stays in wrap-up, in overrun, until they save one).
 */
export const WRAP_UP_MODES: Readonly<Record<BusinessTypeCode, 'auto-close' | 'disposition-required'>> = {
  sales: 'auto-close',
  support: 'auto-close',
  complaints: 'auto-close',
  billing: 'auto-close',
};

export interface DispositionSeed {
  code: DispositionCode;
  labelEn: string;
  labelZh: string;
  category: string;
  isFinal: boolean;
  schedulesCallback: boolean;
  addsToDnc: boolean;
}

const disposition = (
  code: DispositionCode,
  labelEn: string,
  labelZh: string,
  category: string,
  flags: Partial<Pick<DispositionSeed, 'isFinal' | 'schedulesCallback' | 'addsToDnc'>> = {},
): DispositionSeed => ({
  code,
  labelEn,
  labelZh,
  category,
  isFinal: flags.isFinal ?? true,
  schedulesCallback: flags.schedulesCallback ?? false,
  addsToDnc: flags.addsToDnc ?? false,
});

export const DISPOSITIONS: readonly DispositionSeed[] = [
  disposition('resolved', 'Resolved', '已解决', 'resolved'),
  // Not final: an outbound lead with a requested callback must stay in the campaign.
  disposition('callback-requested', 'Callback requested', '需回电', 'follow-up', {
    isFinal: false,
    schedulesCallback: true,
  }),
  disposition('do-not-call', 'Do not call', '勿再致电', 'compliance', { addsToDnc: true }),
  disposition('wrong-number', 'Wrong number', '打错电话', 'invalid'),
  disposition('complaint-escalated', 'Complaint escalated', '投诉已升级', 'escalation'),
  disposition('sale-made', 'Sale made', '已成交', 'success'),
  disposition('info-provided', 'Information provided', '已提供信息', 'resolved'),
];

/** Inserts whatever reference rows are missing; safe to call on every start and from several seeds. */
export function ensureReferenceData(db: RingsideDb): void {
  db.transaction((tx) => {
    tx.insert(businessTypes)
      .values([...BUSINESS_TYPES])
      .onConflictDoNothing()
      .run();
    const typeIds = codeToId(
      tx.select({ id: businessTypes.id, code: businessTypes.code }).from(businessTypes).all(),
    );
    tx.insert(queues)
      .values(
        BUSINESS_TYPES.map((type) => ({
          code: type.code,
          name: type.nameEn,
          nameZh: type.nameZh,
          wrapUpMode: WRAP_UP_MODES[type.code],
          businessTypeId: requireId(typeIds, type.code),
          ...QUEUE_DEFAULTS,
        })),
      )
      .onConflictDoNothing()
      .run();
    insertServiceNumbers(tx, typeIds);
    tx.insert(dispositions)
      .values(DISPOSITIONS.map((d, index) => ({ ...d, sortOrder: (index + 1) * 10 })))
      .onConflictDoNothing()
      .run();
  });
}

/** The handle drizzle passes to a `db.transaction` callback. */
export type RingsideTx = Parameters<Parameters<RingsideDb['transaction']>[0]>[0];

function insertServiceNumbers(tx: RingsideTx, typeIds: Map<string, number>): void {
  for (const number of SERVICE_NUMBERS) {
    // A DID is routed to the queue whose code equals its business type, as created above (or by an admin).
    const queue = tx.select({ id: queues.id }).from(queues).where(eq(queues.code, number.businessType)).get();
    if (!queue)
      throw new Error(`Queue "${number.businessType}" is missing for service number ${number.label}`);
    tx.insert(serviceNumbers)
      .values({
        e164: number.e164,
        label: number.label,
        labelZh: number.labelZh,
        businessTypeId: requireId(typeIds, number.businessType),
        queueId: queue.id,
        language: number.language,
      })
      .onConflictDoNothing()
      .run();
  }
}

export function codeToId(rows: readonly { id: number; code: string }[]): Map<string, number> {
  return new Map(rows.map((row) => [row.code, row.id]));
}

export function requireId(ids: ReadonlyMap<string, number>, code: string): number {
  const id = ids.get(code);
  if (id === undefined) throw new Error(`Reference row "${code}" is missing; run ensureReferenceData first`);
  return id;
}
