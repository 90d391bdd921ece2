import { parsePhoneNumberWithError } from 'libphonenumber-js';
import type { CallInjector } from '../pbx-adapter';

export interface TrafficOptions {
  callsPerHour: number;
  serviceNumbers: readonly string[];
  /** Known customers' numbers to call from; the generator writes them in varied formats. */
  knownNumbers: () => readonly string[];
  random?: () => number;
  /** The share of callers (0..1) who choose a callback instead of waiting once their patience runs out. */
  callbackShare?: number;
}

const withheld = ['anonymous', 'Anonymous <sip:anonymous@anonymous.invalid>', 'restricted', ''];

/** Rewrites an E.164 number the way different trunks and phones present it. */
export function presentNumber(e164: string, pick: number): string {
  try {
    const parsed = parsePhoneNumberWithError(e164);
    const forms = [
      e164,
      parsed.formatNational(),
      parsed.formatInternational(),
      `sip:${e164}@trunk.example.net;user=phone`,
      `"${parsed.formatNational()}" <sip:${parsed.nationalNumber}@10.0.0.1>`,
      `00${e164.slice(1)}`,
      `tel:${parsed.formatInternational().replace(/\s/g, '-')}`,
    ];
    return forms[pick % forms.length] ?? e164;
  } catch {
    return e164;
  }
}

/**
 * Poisson arrivals of inbound calls spread over the service numbers: mostly existing customers, some new
 * numbers and some withheld ones, each caller with a patience between 20 s and 3 min.
 */
export function startSimTraffic(injector: CallInjector, options: TrafficOptions): () => void {
  const random = options.random ?? Math.random;
  if (options.callsPerHour <= 0 || options.serviceNumbers.length === 0) return () => undefined;
  const meanGapMs = 3_600_000 / options.callsPerHour;
  let timer: NodeJS.Timeout;
  const caller = () => {
    const roll = random();
    if (roll < 0.05) return withheld[Math.floor(random() * withheld.length)] ?? 'anonymous';
    const known = options.knownNumbers();
    if (roll < 0.2 || known.length === 0)
      return `+1202555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
    return presentNumber(known[Math.floor(random() * known.length)] ?? '', Math.floor(random() * 7));
  };
  const schedule = () => {
    timer = setTimeout(
      () => {
        const to = options.serviceNumbers[Math.floor(random() * options.serviceNumbers.length)] ?? '';
        // drawn in the order the seeded tests expect: caller, patience, then (only with a share) the choice
        const from = caller();
        const patienceSec = 20 + Math.floor(random() * 160);
        const share = options.callbackShare ?? 0;
        const callback = share > 0 && random() < share;
        injector.injectCall({
          from,
          to,
          ...(callback ? { callbackAfterSec: patienceSec } : { patienceSec }),
        });
        schedule();
      },
      -Math.log(1 - random()) * meanGapMs,
    );
  };
  schedule();
  return () => clearTimeout(timer);
}
