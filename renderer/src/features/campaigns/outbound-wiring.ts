import { guarded } from '../../services/guarded-handler';
import type { CtiSocket } from '../../services/cti-client';
import {
  campaignStatsSchema,
  importProgressSchema,
  dialRequestedSchema,
  outboundCardSchema,
  outboundEndedSchema,
  outboundProgressedSchema,
  pacingViewSchema,
  type OutboundCard,
  type OutboundSession,
} from '../../services/protocol';
import { phone } from '../../services/softphone/softphone';
import { importProgressStore } from '../admin/admin-api';
import { setDraftExtras } from '../wrap-up/draft-extras';
import { statsPushed } from './CampaignStatsPanel';
import { pacingPushed } from './pacing-store';
import { nextCard } from './outbound-actions';
import { callProgressed, callWorkDone, cardArrived, outboundStore, patchOutbound } from './outbound-store';

/** A campaign call's wrap-up offers the campaign's dispositions, its callback time in the callee's zone. */
function extrasFor(card: OutboundCard): void {
  if (card.call)
    setDraftExtras(card.call.interactionId, {
      allowedCodes: card.dispositionCodes,
      zone: card.localTimes[0]?.zone ?? null,
      callbackFor: 'me',
    });
}

/**
 * After a (re)connect or a reload: the bridge's view of the agent's outbound work wins — the campaign joined, the
 * card in hand and the call on it (dialling, connected, or in wrap-up with its disposition due).
 */
export function outboundRestored(session: OutboundSession): void {
  const { joined, card } = session;
  if (card) extrasFor(card);
  const noCard = joined && !card;
  const call = card?.call;
  patchOutbound({
    joined,
    card,
    // the hold and its timer as the bridge knows them (the bridge's clock, like the agent state's `since`)
    held:
      call?.heldSince != null && call.phase === 'connected'
        ? { callId: call.callId, since: call.heldSince }
        : null,
    none: noCard ? { reason: 'busy', nextAt: null } : null,
    ...(joined ? {} : { refused: null, lastEnded: null }),
  });
  // a preview agent without a card in hand asks for the next one, as after any call
  if (noCard && joined.mode === 'preview') void nextCard();
}

/** The outbound pushes: cards, the progress and end of placed calls, and (real PBX) dials for the softphone. */
export function wireOutbound(socket: CtiSocket): void {
  socket.on(
    'outbound:card',
    guarded('outbound:card', outboundCardSchema, (card) => {
      cardArrived(card);
      extrasFor(card);
    }),
  );
  socket.on(
    'outbound:progressed',
    guarded('outbound:progressed', outboundProgressedSchema, (fact) => {
      if (fact.progress === 'ringing') callProgressed(fact.callId, 'ringing');
      else if (fact.progress === 'answered') callProgressed(fact.callId, 'connected');
    }),
  );
  socket.on(
    'outbound:ended',
    guarded('outbound:ended', outboundEndedSchema, (fact) => {
      callProgressed(fact.callId, 'ended');
      patchOutbound({ lastEnded: fact });
      // nobody answered: the agent is ready again; a preview agent gets the next card at once
      const { joined } = outboundStore.get();
      if (!fact.needsDisposition && joined?.mode === 'preview') void nextCard();
      else if (!fact.needsDisposition) callWorkDone(fact.interactionId);
    }),
  );
  socket.on(
    'campaign:import-progressed',
    guarded('campaign:import-progressed', importProgressSchema, (p) => importProgressStore.set(p)),
  );
  socket.on('campaign:stats-changed', guarded('campaign:stats-changed', campaignStatsSchema, statsPushed));
  socket.on('campaign:pacing-changed', guarded('campaign:pacing-changed', pacingViewSchema, pacingPushed));
  socket.on(
    'outbound:dial-requested',
    guarded('outbound:dial-requested', dialRequestedSchema, (request) => {
      void phone().dial(request.number, request.attemptHeader ? { attempt: request.attemptHeader } : {});
    }),
  );
}
