/**
 * What one simulated inbound run is made of: queues (their routing policy and share of the traffic), agents
 * (skills with levels, languages), the caller mix (tiers, languages, share choosing a callback) and the traffic
 * (Poisson arrivals, exponential handle times). `--rules FILE` reads the queue and agent part from JSON, checked
 * with the schema below, so an admin can see a proposed set's effect before publishing it.
 */
import { z } from 'zod';
import { queuePolicy, type QueuePolicy } from '../../../domain/queueing/queue-policy';

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);

const queueSchema = z
  .object({
    code: z.string().min(1).max(40),
    /** The skill its calls need; defaults to the queue code. */
    skill: z.string().min(1).max(40).optional(),
    /** Share of the arrivals (normalised over all queues). */
    share: z.number().positive().default(1),
    priority: z.number().int().min(-100).max(100).default(0),
    tierOrder: z.array(z.string().max(8)).max(10).default(['A', 'B', 'C']),
    slaTargetSec: z.number().int().min(1).max(3_600).default(20),
    slaTargetPercent: z.number().int().min(1).max(100).default(80),
    overflowAfterSec: z.number().int().min(1).max(86_400).nullable().default(null),
    overflowTo: z.string().nullable().default(null),
    maxWaitSec: z.number().int().min(1).max(86_400).nullable().default(null),
    maxWaitAction: z.enum(['overflow', 'after-hours']).default('after-hours'),
    maxWaitTo: z.string().nullable().default(null),
    afterHoursAction: z.enum(['callback', 'refuse']).default('refuse'),
    timeZone: z.string().max(64).default('UTC'),
    openingHours: z
      .array(z.object({ day: z.number().int().min(0).max(6), from: hhmm, to: hhmm }))
      .max(50)
      .nullable()
      .default(null),
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
      .max(400)
      .default([]),
  })
  .strict();

const agentGroupSchema = z
  .object({
    count: z.number().int().min(1).max(10_000),
    /** Skill → level 1..10. */
    skills: z.record(z.string().max(40), z.number().int().min(1).max(10)),
    languages: z.array(z.string().max(16)).max(10).default(['en']),
  })
  .strict();

export const inboundRulesSchema = z
  .object({
    queues: z.array(queueSchema).min(1).max(200),
    agents: z.array(agentGroupSchema).max(100).optional(),
    /** Share of callers per tier; the rest have no tier (unknown callers). */
    tiers: z.record(z.string().max(8), z.number().min(0).max(1)).default({}),
    /** Share of callers per language; the rest ask for none. */
    languages: z.record(z.string().max(16), z.number().min(0).max(1)).default({}),
    /** Share of callers who would take a callback instead of waiting, when nobody is free. */
    callbackShare: z.number().min(0).max(1).default(0),
  })
  .strict();

export type InboundRules = z.infer<typeof inboundRulesSchema>;

export interface AgentGroup {
  count: number;
  skills: Map<number, number>;
  languages: string[];
}

export interface InboundScenario {
  policies: QueuePolicy[];
  /** Per queue id, its share of arrivals (sums to 1). */
  shares: Map<number, number>;
  agents: AgentGroup[];
  tiers: [string, number][];
  languages: [string, number][];
  callbackShare: number;
  /** Arrivals per hour, all queues together. */
  ratePerHour: number;
  ahtSec: number;
  wrapSec: number;
  /** Mean patience (s) before an unanswered caller hangs up; null: nobody abandons. */
  patienceSec: number | null;
  hours: number;
  slSec: number;
  seed: number;
  /** The simulated clock's start (opening hours are read from here). */
  startAt: number;
}

export interface TrafficOptions {
  agents: number;
  ratePerHour: number;
  ahtSec: number;
  wrapSec: number;
  patienceSec: number | null;
  hours: number;
  slSec: number;
  seed: number;
  startAt: number;
}

/** One queue, `agents` agents of level 5, nobody choosing a callback: the M/M/N case. */
export const singleQueueRules = (): InboundRules =>
  inboundRulesSchema.parse({ queues: [{ code: 'general' }] });

export function inboundScenario(rules: InboundRules, options: TrafficOptions): InboundScenario {
  const { agents: agentCount, ...traffic } = options;
  const queueIds = new Map(rules.queues.map((q, i) => [q.code, i + 1]));
  const skillIds = new Map<string, number>();
  const skillId = (code: string) => {
    if (!skillIds.has(code)) skillIds.set(code, skillIds.size + 1);
    return skillIds.get(code) as number;
  };
  const queueRef = (code: string | null, field: string): number | null => {
    if (code === null) return null;
    const id = queueIds.get(code);
    if (id === undefined) throw new Error(`rules: ${field} names an unknown queue "${code}"`);
    return id;
  };
  const policies = rules.queues.map((q, i) =>
    queuePolicy({
      ...q,
      queueId: i + 1,
      businessTypeId: skillId(q.skill ?? q.code),
      overflowQueueId: queueRef(q.overflowTo, `${q.code}.overflowTo`),
      maxWaitQueueId: queueRef(q.maxWaitTo, `${q.code}.maxWaitTo`),
      holidays: new Set(q.holidays),
      afterHoursReason: null,
      callbacksEnabled: true,
    }),
  );
  const totalShare = rules.queues.reduce((sum, q) => sum + q.share, 0);
  const agents: AgentGroup[] = rules.agents
    ? rules.agents.map((g) => ({
        count: g.count,
        skills: new Map(Object.entries(g.skills).map(([code, level]) => [skillId(code), level])),
        languages: g.languages,
      }))
    : [{ count: agentCount, skills: new Map(policies.map((p) => [p.businessTypeId, 5])), languages: ['en'] }];
  return {
    policies,
    shares: new Map(rules.queues.map((q, i) => [i + 1, q.share / totalShare])),
    agents,
    tiers: Object.entries(rules.tiers),
    languages: Object.entries(rules.languages),
    callbackShare: rules.callbackShare,
    ...traffic,
  };
}
