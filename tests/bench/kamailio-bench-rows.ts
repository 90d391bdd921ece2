/** The Kamailio section's rows: one block per agent count, each titled with it. */
import { latency, latencyRow, ms, valueRow, type BenchRow } from './bench-stats';

export interface Samples {
  pop: number[];
  routed: number[];
  direct: number[];
  decision: number[];
  lead: number[];
  cards: number;
  popFirst: number;
  routedTo: Set<string>;
}

export const kamailioTitle = (agents: number) =>
  `Kamailio: pop latency with ${agents.toLocaleString('en-US')} registered agents`;

export function kamailioRows(
  s: Samples,
  run: {
    agents: number;
    customers: number;
    warmUp: number;
    setupMs: number;
    loginConcurrency: number;
    bridgeRss: number;
    /** How pbx.sh sized Kamailio, as it says at start. */
    sizing: string;
  },
): BenchRow[] {
  const n = s.pop.length;
  const routed = latency(s.routed);
  const direct = latency(s.direct);
  return [
    latencyRow(
      `${kamailioTitle(run.agents)}: caller INVITE → \`call:offered\``,
      s.pop,
      `from the INVITE leaving the caller's WebSocket (loopback, so ≈ reaching Kamailio); ${run.customers.toLocaleString('en-US')} customers; ` +
        `card for the right customer ${s.cards}/${n}; ${s.routedTo.size} agents took calls; sequential, after ${run.warmUp} warm-up`,
    ),
    latencyRow(
      '  caller INVITE → agent phone INVITE, routed by the bridge',
      s.routed,
      'service number: 180 + suspend → evapi `offer` → bridge → `route` → t_continue → lookup(location) → WS',
    ),
    latencyRow(
      '  baseline: caller INVITE → agent phone INVITE, Kamailio alone',
      s.direct,
      "another agent's phone to `sip:agentN@…` (lookup(location) → relay, no bridge decision; the dialog and a one-way `internal` notice to the bridge; clock from the authenticated INVITE); interleaved",
    ),
    latencyRow(
      '  bridge decision as Kamailio logs it (suspend → t_continue)',
      s.decision,
      "evapi both ways + the bridge's lookup, routing, DB writes and pop; from kamailio.cfg's `CTI: decision after`",
    ),
    valueRow(
      '  routing overhead: routed − baseline',
      ms(routed.p50 - direct.p50),
      'difference of the two p50s above: what routing through the bridge adds per call, end to end',
    ),
    latencyRow(
      '  pop lead: agent phone INVITE − `call:offered`',
      s.lead,
      `per call, each frame stamped as it reached this process; the pop came first in ${s.popFirst}/${n}` +
        (s.popFirst < n
          ? `, at worst ${ms(-Math.min(...s.lead))} after the ring (frames that arrive in one event-loop ` +
            'wakeup are read in socket order, not arrival order)'
          : ''),
    ),
    valueRow(
      `  ${run.agents.toLocaleString('en-US')} agents: login → REGISTER → ready`,
      `${(run.setupMs / 1000).toFixed(1)} s`,
      `${run.loginConcurrency} at a time; bridge RSS after the calls ${(run.bridgeRss / 1024 / 1024).toFixed(1)} MB; ` +
        `Kamailio ${run.sizing}`,
    ),
  ];
}
