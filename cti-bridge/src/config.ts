import { resolve } from 'node:path';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

const countries = new Set<string>(getCountries());
const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => ['1', 'true', 'yes'].includes(value));

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const origin = z
  .string()
  .regex(/^https?:\/\/[^\s/]+$/, 'must be origins such as https://console.example.com, comma-separated')
  .transform((value) => new URL(value).origin);

/** Every setting, its environment variable and its default; README.md documents the same table. */
const envSchema = z.object({
  RINGSIDE_PORT: z.coerce.number().int().min(0).max(65535).default(4780),
  RINGSIDE_HOST: z.string().min(1).default('0.0.0.0'),
  RINGSIDE_DATA_DIR: z.string().min(1).default('./data'),
  RINGSIDE_PBX: z.enum(['sim', 'kamailio']).default('sim'),
  RINGSIDE_REGION: z
    .string()
    .toUpperCase()
    .refine((code) => countries.has(code), 'must be an ISO 3166 country code such as US or CN')
    .default('US'),
  RINGSIDE_DEMO: flag.default(true),
  RINGSIDE_DEMO_CUSTOMERS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  RINGSIDE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  RINGSIDE_SIM_CALLS_PER_HOUR: z.coerce.number().min(0).max(100_000).default(0),
  RINGSIDE_SESSION_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(12),
  RINGSIDE_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(10),
  RINGSIDE_LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(100),
  RINGSIDE_LOGIN_THROTTLE_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  RINGSIDE_SHORT_ABANDON_SEC: z.coerce.number().min(0).max(600).default(5),
  RINGSIDE_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
    .default(Intl.DateTimeFormat().resolvedOptions().timeZone),
  RINGSIDE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  RINGSIDE_RENDERER_DIR: z.string().optional(),
  RINGSIDE_SIP_WS_URI: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'must be a ws:// or wss:// URL')
    .default('ws://127.0.0.1:8188'),
  RINGSIDE_SIP_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name')
    .default('ringside.local'),
  RINGSIDE_KAMAILIO_EVAPI: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port')
    .default('127.0.0.1:8448'),
  RINGSIDE_KAMAILIO_AUTH_DB: z.string().optional(),
  RINGSIDE_DIALER: flag.default(false),
  RINGSIDE_DIALER_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  RINGSIDE_RTPENGINE_NG: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port')
    .default('127.0.0.1:2223'),
  RINGSIDE_ABANDON_MESSAGE: z.string().optional(),
  /** How the dialer's INVITE reaches the carrier: without SDP (`delayed`) or with rtpengine's offer (`early`). */
  RINGSIDE_TRUNK_OFFER: z.enum(['delayed', 'early']).default('delayed'),
  /** The hold music of server-placed calls (a WAV; generated when missing); `off`: held customers hear silence. */
  RINGSIDE_HOLD_MUSIC: z.string().optional(),
  /**
   * How often a connected server-placed call's agent leg is checked with an in-dialog INFO (ms), and how long that
   * waits for the softphone's reply: an agent machine gone without a BYE is found within about their sum.
   */
  RINGSIDE_AGENT_KEEPALIVE_MS: z.coerce.number().int().min(1000).max(600_000).default(5_000),
  RINGSIDE_AGENT_KEEPALIVE_REPLY_MS: z.coerce.number().int().min(500).max(60_000).default(4_000),
  /** How often a connected server-placed customer leg is checked with an in-dialog INFO (ms); 0: not checked. */
  RINGSIDE_CUSTOMER_KEEPALIVE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** How long that check waits for the carrier's reply before the customer counts as gone (ms). */
  RINGSIDE_KEEPALIVE_REPLY_MS: z.coerce.number().int().min(500).max(60_000).default(8_000),
  RINGSIDE_ALLOWED_ORIGINS: z
    .string()
    .transform((value) => value.split(',').flatMap((origin) => origin.trim() || []))
    .pipe(z.array(origin))
    .optional(),
  RINGSIDE_MONITOR_NOTICE: z.enum(['always', 'talk-only']).default('always'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  pbx: 'sim' | 'kamailio';
  region: CountryCode;
  demo: boolean;
  demoCustomers: number;
  adminPassword: string | undefined;
  simCallsPerHour: number;
  sessionHours: number;
  /** Failed logins allowed per account and per source address within the window (then 429 until it ends). */
  loginThrottle: { failuresPerAccount: number; failuresPerAddress: number; windowMs: number };
  /** A caller who hangs up within this wait is a short abandon (kept apart in the supervisors' figures). */
  shortAbandonMs: number;
  /** The call center's zone: where "today" starts on the wallboard. */
  timeZone: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  rendererDir: string;
  sipWsUri: string;
  sipDomain: string;
  kamailioEvapi: { host: string; port: number };
  /** SQLite file with Kamailio's subscriber table (HA1 per agent). */
  kamailioAuthDb: string;
  /**
   * Server-placed calls (Kamailio): the bridge's own SIP user agent, its digest secret (random per start when not
   * set: the bridge stores its HA1 for Kamailio), rtpengine's ng socket, the default abandon message (WAV; the
   * campaigns' own are synthesised beside it) and the shape of the INVITE toward the carrier (`trunkOffer`).
   */
  dialer: {
    enabled: boolean;
    secret: string | undefined;
    rtpengineNg: { host: string; port: number };
    abandonMessage: string;
    trunkOffer: 'delayed' | 'early';
    /** The hold music of server-placed calls; null: silence. */
    holdMusic: string | null;
    /** A connected agent leg's keepalive period and how long it waits for the softphone's reply, in ms. */
    agentKeepaliveMs: number;
    agentKeepaliveReplyMs: number;
    /** A connected customer leg's keepalive period (0: none) and how long it waits for the reply, in ms. */
    customerKeepaliveMs: number;
    keepaliveReplyMs: number;
  };
  /**
   * Origins, besides the bridge's own, whose pages may open a console socket (browsers send Origin on the
   * WebSocket handshake; a page elsewhere must not ride an agent's token).
   */
  allowedOrigins: readonly string[];
  /**
   * When an agent is told a supervisor is on their call: `always` (listen, whisper and barge) or `talk-only`
   * (whisper and barge, when the agent hears the supervisor anyway). Every monitoring is audited either way.
   */
  monitorNotice: 'always' | 'talk-only';
}

export class ConfigError extends Error {}

/** Parses the environment once; a bad value fails fast with a message that names the setting. */
export function loadConfig(env: NodeJS.ProcessEnv, rootDir: string): Readonly<Config> {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('RINGSIDE_') && (value ?? '').trim() !== ''),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(rootDir, e.RINGSIDE_DATA_DIR);
  return Object.freeze({
    port: e.RINGSIDE_PORT,
    host: e.RINGSIDE_HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'ringside.sqlite'),
    pbx: e.RINGSIDE_PBX,
    region: e.RINGSIDE_REGION as CountryCode,
    demo: e.RINGSIDE_DEMO,
    demoCustomers: e.RINGSIDE_DEMO_CUSTOMERS,
    adminPassword: e.RINGSIDE_ADMIN_PASSWORD,
    simCallsPerHour: e.RINGSIDE_SIM_CALLS_PER_HOUR,
    sessionHours: e.RINGSIDE_SESSION_HOURS,
    loginThrottle: Object.freeze({
      failuresPerAccount: e.RINGSIDE_LOGIN_FAILURES_PER_ACCOUNT,
      failuresPerAddress: e.RINGSIDE_LOGIN_FAILURES_PER_ADDRESS,
      windowMs: e.RINGSIDE_LOGIN_THROTTLE_MINUTES * 60_000,
    }),
    shortAbandonMs: e.RINGSIDE_SHORT_ABANDON_SEC * 1000,
    timeZone: e.RINGSIDE_TIME_ZONE,
    logLevel: e.RINGSIDE_LOG_LEVEL,
    rendererDir: resolve(rootDir, e.RINGSIDE_RENDERER_DIR ?? 'renderer/dist'),
    sipWsUri: e.RINGSIDE_SIP_WS_URI,
    sipDomain: e.RINGSIDE_SIP_DOMAIN,
    kamailioEvapi: hostPort(e.RINGSIDE_KAMAILIO_EVAPI),
    kamailioAuthDb: resolve(dataDir, e.RINGSIDE_KAMAILIO_AUTH_DB ?? 'kamailio-auth.sqlite'),
    dialer: Object.freeze({
      enabled: e.RINGSIDE_DIALER,
      secret: e.RINGSIDE_DIALER_SECRET,
      rtpengineNg: hostPort(e.RINGSIDE_RTPENGINE_NG),
      abandonMessage: resolve(dataDir, e.RINGSIDE_ABANDON_MESSAGE ?? 'messages/abandon.wav'),
      trunkOffer: e.RINGSIDE_TRUNK_OFFER,
      holdMusic:
        e.RINGSIDE_HOLD_MUSIC === 'off'
          ? null
          : resolve(dataDir, e.RINGSIDE_HOLD_MUSIC ?? 'messages/hold.wav'),
      agentKeepaliveMs: e.RINGSIDE_AGENT_KEEPALIVE_MS,
      agentKeepaliveReplyMs: e.RINGSIDE_AGENT_KEEPALIVE_REPLY_MS,
      customerKeepaliveMs: e.RINGSIDE_CUSTOMER_KEEPALIVE_MS,
      keepaliveReplyMs: e.RINGSIDE_KEEPALIVE_REPLY_MS,
    }),
    allowedOrigins: Object.freeze(e.RINGSIDE_ALLOWED_ORIGINS ?? []),
    monitorNotice: e.RINGSIDE_MONITOR_NOTICE,
  });
}

function hostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
}
