/**
 * Ringside data model (first cut, DESIGN.md "Data"). Times are epoch milliseconds (integers) so the
 * same columns port to PostgreSQL `bigint` unchanged; money is in minor units (cents / fen).
 */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`);

export const queueMaxWaitActions = ['overflow', 'after-hours'] as const;
export const queueAfterHoursActions = ['callback', 'refuse'] as const;

/** Weekly opening hours: for each open span, the weekday (0 Sunday … 6 Saturday) and `HH:MM` from/to. */
export type QueueOpeningHours = { day: number; from: string; to: string }[];

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['agent', 'supervisor', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** SIP identity for the softphone (the Kamailio adapter checks it as HA1). */
  sipUsername: text('sip_username').unique(),
  locale: text('locale').notNull().default('en'),
  /** Languages the agent takes calls in (BCP 47 primary tags, e.g. `["en","zh"]`); routing prefers a match. */
  languages: text('languages', { mode: 'json' }).$type<string[]>().notNull().default(['en']),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const sessions = sqliteTable('sessions', {
  /** sha-256 of the bearer token: a leaked database does not leak live tokens. */
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer('expires_at').notNull(),
});

export const businessTypes = sqliteTable('business_types', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  nameEn: text('name_en').notNull(),
  nameZh: text('name_zh').notNull(),
  /**
   * Retired by an admin: kept for the calls recorded under it, offered for no new queue, rule, skill or campaign.
   * Null: in service.
   */
  retiredAt: integer('retired_at'),
});

export const userSkills = sqliteTable(
  'user_skills',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    businessTypeId: integer('business_type_id')
      .notNull()
      .references(() => businessTypes.id),
    /** 1 (novice) .. 10 (expert); used by skill-level routing later. */
    level: integer('level').notNull().default(5),
  },
  (t) => [primaryKey({ columns: [t.userId, t.businessTypeId] })],
);

export const queues = sqliteTable('queues', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** The name in Chinese; null falls back to `name`. */
  nameZh: text('name_zh'),
  businessTypeId: integer('business_type_id')
    .notNull()
    .references(() => businessTypes.id),
  slaTargetSec: integer('sla_target_sec').notNull().default(20),
  ringTimeoutSec: integer('ring_timeout_sec').notNull().default(20),
  wrapUpSec: integer('wrap_up_sec').notNull().default(60),
  /**
   * What happens when the wrap-up time is over without a disposition: `auto-close` closes the call as
   * "no disposition" and frees the agent; `disposition-required` keeps the agent in wrap-up (overrun) until
   * they save one.
   */
  wrapUpMode: text('wrap_up_mode', { enum: ['auto-close', 'disposition-required'] })
    .notNull()
    .default('auto-close'),
  maxWaitSec: integer('max_wait_sec').notNull().default(600),
  overflowQueueId: integer('overflow_queue_id'),
  overflowAfterSec: integer('overflow_after_sec'),
  /** Service-level target: `slaTargetPercent` % of offered calls answered within `slaTargetSec`. */
  slaTargetPercent: integer('sla_target_percent').notNull().default(80),
  /** Higher first: a waiting call of a higher-priority queue is served before any of a lower one. */
  priority: integer('priority').notNull().default(0),
  /**
   * What happens at `maxWaitSec`: `overflow` moves the call to `maxWaitQueueId` (keeping its arrival time),
   * `after-hours` applies the queue's after-hours action (callback request or refusal).
   */
  maxWaitAction: text('max_wait_action', { enum: queueMaxWaitActions }).notNull().default('after-hours'),
  maxWaitQueueId: integer('max_wait_queue_id'),
  /** IANA zone the opening hours and holidays are read in. */
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Weekly opening hours in `timeZone`; null is open around the clock. Day 0 is Sunday; `to` is exclusive. */
  openingHours: text('opening_hours', { mode: 'json' }).$type<QueueOpeningHours>(),
  /** Outside opening hours (and at max wait with `after-hours`): offer a callback, or refuse with the reason. */
  afterHoursAction: text('after_hours_action', { enum: queueAfterHoursActions }).notNull().default('refuse'),
  afterHoursReason: text('after_hours_reason'),
  /** Customer tiers served first to last within the queue (e.g. `["A","B","C"]`). */
  tierOrder: text('tier_order', { mode: 'json' }).$type<string[]>().notNull().default(['A', 'B', 'C']),
  /** Whether a waiting caller may take a callback that keeps their place. */
  callbacksEnabled: integer('callbacks_enabled', { mode: 'boolean' }).notNull().default(true),
});

/** Days the queue is closed (its local calendar date, `YYYY-MM-DD`), whatever the weekly hours say. */
export const queueHolidays = sqliteTable(
  'queue_holidays',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    queueId: integer('queue_id')
      .notNull()
      .references(() => queues.id),
    date: text('date').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('queue_holidays_queue_date_idx').on(t.queueId, t.date)],
);

/**
 * The wallboard's cell colours for one queue, set by supervisors and admins (no row: defaults from the queue's
 * service-level target). Service level and abandon rate are fractions 0..1, waits seconds: service level at or
 * above `slGood` is green, below `slWarn` red; longest wait and abandon rate at or below `…Good` green, above
 * `…Warn` red; amber between.
 */
export const queueThresholds = sqliteTable('queue_thresholds', {
  queueId: integer('queue_id')
    .primaryKey()
    .references(() => queues.id),
  slGood: real('sl_good').notNull(),
  slWarn: real('sl_warn').notNull(),
  waitGoodSec: integer('wait_good_sec').notNull(),
  waitWarnSec: integer('wait_warn_sec').notNull(),
  abandonGood: real('abandon_good').notNull(),
  abandonWarn: real('abandon_warn').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
});

export const serviceNumbers = sqliteTable('service_numbers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  e164: text('e164').notNull().unique(),
  label: text('label').notNull(),
  /** The label in Chinese; null falls back to `label`. */
  labelZh: text('label_zh'),
  businessTypeId: integer('business_type_id')
    .notNull()
    .references(() => businessTypes.id),
  queueId: integer('queue_id')
    .notNull()
    .references(() => queues.id),
  language: text('language').notNull().default('en'),
  priority: integer('priority').notNull().default(0),
});

export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    company: text('company'),
    tier: text('tier', { enum: ['A', 'B', 'C'] })
      .notNull()
      .default('C'),
    /** JSON array of segment tags. */
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    ownerUserId: integer('owner_user_id').references(() => users.id),
    birthday: text('birthday'),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [index('customers_name_idx').on(t.name), index('customers_company_idx').on(t.company)],
);

export const customerPhones = sqliteTable(
  'customer_phones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    raw: text('raw').notNull(),
    e164: text('e164').notNull(),
    label: text('label').notNull().default('mobile'),
  },
  (t) => [
    index('customer_phones_e164_idx').on(t.e164),
    index('customer_phones_customer_idx').on(t.customerId),
  ],
);

export const products = sqliteTable('products', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sku: text('sku').notNull().unique(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  priceCents: integer('price_cents').notNull(),
});

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: ['order', 'contract'] }).notNull(),
    number: text('number').notNull().unique(),
    placedAt: integer('placed_at').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['open', 'fulfilled', 'cancelled', 'active', 'expired'] }).notNull(),
    paymentStatus: text('payment_status', { enum: ['unpaid', 'partial', 'paid', 'refunded'] }).notNull(),
    deliveryStatus: text('delivery_status', {
      enum: ['pending', 'shipped', 'delivered', 'returned', 'not-applicable'],
    }).notNull(),
    deliveredAt: integer('delivered_at'),
    /** Contracts only: the end of the term. */
    endsAt: integer('ends_at'),
  },
  (t) => [index('orders_customer_idx').on(t.customerId, t.placedAt)],
);

export const orderItems = sqliteTable(
  'order_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
  },
  (t) => [index('order_items_order_idx').on(t.orderId)],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    amountCents: integer('amount_cents').notNull(),
    paidAt: integer('paid_at').notNull(),
    method: text('method').notNull(),
  },
  (t) => [index('payments_order_idx').on(t.orderId)],
);

export const dispositions = sqliteTable('dispositions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  labelEn: text('label_en').notNull(),
  labelZh: text('label_zh').notNull(),
  category: text('category').notNull(),
  isFinal: integer('is_final', { mode: 'boolean' }).notNull().default(true),
  schedulesCallback: integer('schedules_callback', { mode: 'boolean' }).notNull().default(false),
  addsToDnc: integer('adds_to_dnc', { mode: 'boolean' }).notNull().default(false),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const interactions = sqliteTable(
  'interactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    /** The PBX's call id (sim id or SIP Call-ID); unique so a replayed offer cannot create a second row. */
    pbxCallId: text('pbx_call_id').notNull().unique(),
    businessTypeId: integer('business_type_id').references(() => businessTypes.id),
    queueId: integer('queue_id').references(() => queues.id),
    agentId: integer('agent_id').references(() => users.id),
    customerId: integer('customer_id').references(() => customers.id),
    callerRaw: text('caller_raw').notNull(),
    callerE164: text('caller_e164'),
    serviceNumber: text('service_number').notNull(),
    queuedAt: integer('queued_at').notNull(),
    offeredAt: integer('offered_at'),
    answeredAt: integer('answered_at'),
    endedAt: integer('ended_at'),
    wrappedAt: integer('wrapped_at'),
    waitMs: integer('wait_ms'),
    talkMs: integer('talk_ms'),
    wrapMs: integer('wrap_ms'),
    outcome: text('outcome', {
      enum: ['queued', 'ringing', 'answered', 'abandoned', 'missed', 'completed', 'interrupted'],
    }).notNull(),
    /**
     * The bridge died while this call was up and could not follow it to its end (sim mode, kill -9): it was
     * closed at the next start, its end time the last time that bridge was known to run. Stays set after a
     * later wrap-up, so reports can tell these times apart from measured ones.
     */
    interrupted: integer('interrupted', { mode: 'boolean' }).notNull().default(false),
    /** A leg an agent's transfer started: the caller's previous leg, so history reads as one journey. */
    transferredFromId: integer('transferred_from_id').references((): AnySQLiteColumn => interactions.id),
    transferKind: text('transfer_kind', { enum: ['blind', 'attended'] }),
    dispositionId: integer('disposition_id').references(() => dispositions.id),
    /** How the wrap-up closed: with the agent's disposition, or by its queue's auto-close with none. */
    wrapUpEnd: text('wrap_up_end', { enum: ['disposition', 'no-disposition'] }),
    notes: text('notes'),
    /** The client's key for the wrap-up submission: a resend after a reconnect is a no-op. */
    wrapUpKey: text('wrap_up_key').unique(),
    campaignId: integer('campaign_id'),
    leadId: integer('lead_id'),
    /** Why routing chose this queue and agent, in words ("queue complaints, tier A, agent level 8 of 10, …"). */
    routingRule: text('routing_rule'),
    /** The same decision, structured (queue, tier, position, agent level, language, idle, overflow path). */
    routingDecision: text('routing_decision', { mode: 'json' }).$type<Record<string, unknown>>(),
    /**
     * Data attached upstream (IVR, carrier SIP headers) that passed validation, by field key; what was dropped
     * and why is in `attachedDropped`. Both null for calls without attached data.
     */
    attachedData: text('attached_data', { mode: 'json' }).$type<Record<string, string>>(),
    attachedDropped: text('attached_dropped', { mode: 'json' }).$type<{ header: string; reason: string }[]>(),
    /** The published routing rule set version and the rule in it that chose the queue; null: the DID table did. */
    ruleSetVersion: integer('rule_set_version'),
    ruleId: text('rule_id'),
  },
  (t) => [
    index('interactions_customer_idx').on(t.customerId, t.queuedAt),
    index('interactions_agent_idx').on(t.agentId, t.queuedAt),
  ],
);

export const followUps = sqliteTable(
  'follow_ups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id').references(() => customers.id),
    interactionId: integer('interaction_id').references(() => interactions.id),
    kind: text('kind', { enum: ['callback', 'revisit', 'birthday'] }).notNull(),
    dueAt: integer('due_at').notNull(),
    ownerUserId: integer('owner_user_id').references(() => users.id),
    status: text('status', { enum: ['open', 'done', 'cancelled'] })
      .notNull()
      .default('open'),
    phoneE164: text('phone_e164'),
    notes: text('notes'),
    /** A campaign callback: the lead it calls back (dialled through the compliance gate when due). */
    campaignId: integer('campaign_id'),
    leadId: integer('lead_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('follow_ups_customer_idx').on(t.customerId, t.status),
    index('follow_ups_due_idx').on(t.status, t.dueAt),
  ],
);

export const dncEntries = sqliteTable(
  'dnc_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    e164: text('e164').notNull(),
    /** `registry` rows are never written here: registry files live in the compact store (dnc_registries). */
    scope: text('scope', { enum: ['global', 'campaign', 'registry'] }).notNull(),
    /** 0 for global entries, so the unique index also covers them (NULLs never collide in SQL). */
    campaignId: integer('campaign_id').notNull().default(0),
    source: text('source').notNull(),
    reason: text('reason'),
    addedBy: integer('added_by').references(() => users.id),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [
    uniqueIndex('dnc_entries_number_scope_idx').on(t.e164, t.scope, t.campaignId),
    index('dnc_entries_campaign_idx').on(t.campaignId, t.e164),
  ],
);

/**
 * Registry files (national do-not-call registries): millions of numbers kept outside SQLite as one sorted
 * binary file of E.164 digits (float64, exact below 2^53) that the bridge loads into memory and binary-searches.
 * One row per imported registry; a re-import replaces its file.
 */
export const dncRegistries = sqliteTable('dnc_registries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  /** File name inside the data directory. */
  fileName: text('file_name').notNull(),
  numbers: integer('numbers').notNull(),
  bytes: integer('bytes').notNull(),
  sha256: text('sha256').notNull(),
  importedBy: integer('imported_by').references(() => users.id),
  importedAt: integer('imported_at').notNull(),
});

export const campaignModes = ['preview', 'progressive', 'predictive'] as const;
export const campaignStates = ['draft', 'running', 'paused', 'stopped'] as const;
export const campaignRuleSets = ['US', 'UK', 'none'] as const;

export const campaigns = sqliteTable('campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  businessTypeId: integer('business_type_id').references(() => businessTypes.id),
  mode: text('mode', { enum: campaignModes }).notNull(),
  /** Calling window in the callee's local time, `HH:MM` 24 h; `to` is exclusive. */
  windowFrom: text('window_from').notNull(),
  windowTo: text('window_to').notNull(),
  rules: text('rules', { enum: campaignRuleSets }).notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  maxAttemptsPerDay: integer('max_attempts_per_day').notNull(),
  /** Seconds before a lead may be dialled again, by the last attempt's outcome. */
  retryDelaysSec: text('retry_delays_sec', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  ringTimeSec: integer('ring_time_sec').notNull().default(20),
  callerId: text('caller_id'),
  /** The call script; `{first_name}`, `{company}`… are replaced with the lead's fields. */
  script: text('script').notNull().default(''),
  /** Disposition codes offered for this campaign's calls (empty: all). */
  dispositionCodes: text('disposition_codes', { mode: 'json' }).$type<string[]>().notNull().default([]),
  /** Agents may work it by skill (this business type) as well as by explicit assignment (campaign_agents). */
  skillBusinessTypeId: integer('skill_business_type_id').references(() => businessTypes.id),
  abandonTarget: real('abandon_target').notNull().default(0.03),
  abandonWindowHours: integer('abandon_window_hours').notNull().default(720),
  maxLines: integer('max_lines').notNull().default(1),
  /**
   * Progressive calls placed by the PBX from the server (the bridge as a SIP user agent, customer first) instead of
   * by the agent's softphone; used where the PBX can originate. Predictive calls are always server-placed.
   */
  serverPlaced: integer('server_placed', { mode: 'boolean' }).notNull().default(false),
  /** The message a customer hears when no agent could take their answered call (a WAV file); null: the default. */
  abandonMessage: text('abandon_message'),
  /**
   * An uploaded recording played instead of the spoken text (the file is `messages/uploads/campaign-<id>.wav`, as
   * rtpengine plays it): the upload's SHA-256, its duration, size and file name as sent, who uploaded it and when.
   */
  abandonRecordingSha256: text('abandon_recording_sha256'),
  abandonRecordingMs: integer('abandon_recording_ms'),
  abandonRecordingBytes: integer('abandon_recording_bytes'),
  abandonRecordingName: text('abandon_recording_name'),
  abandonRecordingBy: integer('abandon_recording_by').references(() => users.id),
  abandonRecordingAt: integer('abandon_recording_at'),
  state: text('state', { enum: campaignStates }).notNull().default('draft'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  startedAt: integer('started_at'),
  stoppedAt: integer('stopped_at'),
});

export const campaignAgents = sqliteTable(
  'campaign_agents',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId] }), index('campaign_agents_user_idx').on(t.userId)],
);

export const leadImports = sqliteTable(
  'lead_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    sha256: text('sha256').notNull(),
    rows: integer('rows').notNull(),
    imported: integer('imported').notNull(),
    duplicates: integer('duplicates').notNull(),
    rejected: integer('rejected').notNull(),
    linkedCustomers: integer('linked_customers').notNull(),
    /** The bad rows `[{line, code, reason}]`, for the downloadable report. */
    rejectedRows: text('rejected_rows', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    importedBy: integer('imported_by').references(() => users.id),
    importedAt: integer('imported_at').notNull(),
  },
  (t) => [index('lead_imports_campaign_idx').on(t.campaignId, t.importedAt)],
);

export const leadStatuses = ['new', 'dialing', 'retry', 'callback', 'done', 'exhausted', 'blocked'] as const;

export const leads = sqliteTable(
  'leads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    e164: text('e164').notNull(),
    /** The number as the file had it. */
    raw: text('raw').notNull(),
    /** first_name, last_name, name, company, email, notes and any other column, for the card and the script. */
    fields: text('fields', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** IANA zones the callee may be in, space-separated (an area code may span two); all must allow a call. */
    timeZones: text('time_zones').notNull(),
    timeZoneSource: text('time_zone_source', { enum: ['lead', 'number'] }).notNull(),
    status: text('status', { enum: leadStatuses }).notNull().default('new'),
    priority: integer('priority').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    attemptsToday: integer('attempts_today').notNull().default(0),
    /** The callee's local day (`YYYY-MM-DD`) that attempts_today counts. */
    attemptsDay: text('attempts_day'),
    nextAttemptAt: integer('next_attempt_at'),
    lastAttemptAt: integer('last_attempt_at'),
    lastOutcome: text('last_outcome'),
    customerId: integer('customer_id').references(() => customers.id),
    importId: integer('import_id').references(() => leadImports.id),
    importLine: integer('import_line'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('leads_campaign_number_idx').on(t.campaignId, t.e164),
    index('leads_queue_idx').on(t.campaignId, t.status, t.nextAttemptAt),
    index('leads_e164_idx').on(t.e164),
  ],
);

export const callOutcomes = [
  'answered',
  'no-answer',
  'busy',
  'machine',
  'failed',
  'abandoned',
  'blocked',
] as const;

export const callAttempts = sqliteTable(
  'call_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: integer('lead_id').references(() => leads.id),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    interactionId: integer('interaction_id').references(() => interactions.id),
    agentId: integer('agent_id').references(() => users.id),
    e164: text('e164').notNull(),
    /** Null while the call is in progress. */
    outcome: text('outcome', { enum: callOutcomes }),
    /** The compliance codes of a blocked attempt. */
    blockCodes: text('block_codes', { mode: 'json' }).$type<string[]>(),
    /** An abandoned call: the PBX played the campaign's abandon message to the callee. */
    messagePlayed: integer('message_played', { mode: 'boolean' }).notNull().default(false),
    startedAt: integer('started_at').notNull(),
    answeredAt: integer('answered_at'),
    endedAt: integer('ended_at'),
  },
  (t) => [
    index('call_attempts_lead_idx').on(t.leadId, t.startedAt),
    index('call_attempts_campaign_idx').on(t.campaignId, t.startedAt),
    index('call_attempts_number_idx').on(t.e164, t.startedAt),
  ],
);

export const routingRuleSetStatuses = ['draft', 'published'] as const;

/**
 * Routing rules as data (service number + attached data → business type → queue), versioned: at most one draft
 * (version null) is edited; publishing gives it the next version number and freezes it. Old versions are kept;
 * the one in force is the highest published version. `document` is the zod-validated rule set (protocol).
 */
export const routingRuleSets = sqliteTable(
  'routing_rule_sets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    version: integer('version').unique(),
    status: text('status', { enum: routingRuleSetStatuses }).notNull(),
    document: text('document', { mode: 'json' }).$type<unknown>().notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: integer('published_at'),
  },
  (t) => [index('routing_rule_sets_status_idx').on(t.status, t.version)],
);

export const agentStateLog = sqliteTable(
  'agent_state_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    callId: text('call_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('agent_state_log_user_idx').on(t.userId, t.at)],
);

export const auditLog = sqliteTable('audit_log', {
  // One B-tree page per insert (one per dial decision, committed before the dial): no AUTOINCREMENT (rows
  // are never deleted, so the rowid grows the same, without a sqlite_sequence page) and no index on `at`
  // (nothing reads the log by time; rows are in insertion order by rowid): one WAL page per commit, not three.
  id: integer('id').primaryKey(),
  at: integer('at').notNull(),
  actorUserId: integer('actor_user_id'),
  action: text('action').notNull(),
  subject: text('subject'),
  decision: text('decision', { enum: ['allowed', 'blocked', 'done'] }).notNull(),
  reason: text('reason'),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
});

/**
 * One row per bridge run: when it started, the last time it was known alive (a heartbeat stamp) and when it
 * stopped cleanly. A run never stopped is one that died; its last stamp is when the calls it held were lost.
 */
export const bridgeRuns = sqliteTable('bridge_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: integer('started_at').notNull(),
  aliveAt: integer('alive_at').notNull(),
  stoppedAt: integer('stopped_at'),
  pid: integer('pid').notNull(),
});

export const queueCallbackStates = [
  'waiting',
  'offered',
  'dialling',
  'connected',
  'completed',
  'failed',
  'blocked',
  'cancelled',
] as const;
export const queueCallbackSources = ['caller', 'web', 'sip', 'after-hours'] as const;

/**
 * A caller's request to be called back instead of waiting: it waits in its queue with the caller's original
 * arrival time, and when its turn comes an agent gets it with the pop and it is dialled (through the compliance
 * gate) as an outbound call linked to the original.
 */
export const queueCallbacks = sqliteTable(
  'queue_callbacks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    queueId: integer('queue_id')
      .notNull()
      .references(() => queues.id),
    e164: text('e164').notNull(),
    /** The number as given. */
    raw: text('raw').notNull(),
    source: text('source', { enum: queueCallbackSources }).notNull(),
    /** When the caller first joined the queue (the web request's time for web callbacks): its place. */
    arrivedAt: integer('arrived_at').notNull(),
    requestedAt: integer('requested_at').notNull(),
    state: text('state', { enum: queueCallbackStates }).notNull().default('waiting'),
    customerId: integer('customer_id').references(() => customers.id),
    /** The inbound call the caller left for the callback (none for web requests). */
    originalInteractionId: integer('original_interaction_id').references(() => interactions.id),
    /** The outbound call that returned it, and its attempt. */
    callbackInteractionId: integer('callback_interaction_id').references(() => interactions.id),
    callAttemptId: integer('call_attempt_id').references(() => callAttempts.id),
    agentId: integer('agent_id').references(() => users.id),
    /** Compliance codes or the dial outcome of a callback that did not connect. */
    outcome: text('outcome'),
    /** Dial attempts made so far (an unanswered callback is tried again, up to a limit). */
    attempts: integer('attempts').notNull().default(0),
    /** A callback tried without success waits until then before it is offered again; null: at once. */
    nextAttemptAt: integer('next_attempt_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('queue_callbacks_queue_state_idx').on(t.queueId, t.state, t.arrivedAt),
    index('queue_callbacks_e164_idx').on(t.e164, t.requestedAt),
  ],
);

export const pacingModes = ['predictive', 'progressive', 'paused'] as const;

/**
 * One row per predictive pacing interval that mattered (a launch, a change of reason or mode, else a heartbeat):
 * the decision's inputs exactly as `decidePacing` saw them, so it can be replayed, and what it decided and why.
 */
export const pacingDecisions = sqliteTable(
  'pacing_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    at: integer('at').notNull(),
    /** Calls the decision launched, and how many the dialer could place (leads, the gate, the PBX). */
    launch: integer('launch').notNull(),
    placed: integer('placed').notNull(),
    mode: text('mode', { enum: pacingModes }).notNull(),
    reason: text('reason').notNull(),
    /** `PacingInputs` (policy, estimates, floor, lines, abandon window). */
    inputs: text('inputs', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** `PacingFigures` and `BudgetStatus`, as shown to the supervisor. */
    figures: text('figures', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    budget: text('budget', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('pacing_decisions_campaign_idx').on(t.campaignId, t.at)],
);
