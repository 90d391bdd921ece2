import { guarded } from '../services/guarded-handler';
import {
  applyAgentState,
  clearAgentState,
  resetAgentStateVersion,
} from '../features/agent-state/agent-state-store';
import {
  callAnswered,
  callEnded,
  callHeld,
  callOffered,
  callRestored,
  callStore,
  callWithdrawn,
  callWrappedUp,
  clearCall,
} from '../features/call/call-store';
import { customerChanged, customerUpdates } from '../features/customer/customer-updates';
import { sessionEnded } from '../features/login/session-actions';
import { disconnectAllMonitors, disconnectMonitor } from '../features/supervision/monitor-media';
import { monitorEndedStore } from '../features/supervision/monitor-store';
import { closeSupervisorVoices, supervisorTalk } from '../features/supervision/supervisor-voice-wiring';
import { monitoredStore, supervisedStore } from '../features/supervision/supervision-store';
import {
  agentMonitoredSchema,
  agentMonitorTalkSchema,
  agentSupervisedSchema,
  monitorEndedSchema,
} from '../services/protocol';
import { ensureCard, showCustomer } from '../features/pop/pop-actions';
import { nextCard } from '../features/campaigns/outbound-actions';
import {
  callWorkDone,
  outboundHeld,
  outboundStore,
  resetOutbound,
} from '../features/campaigns/outbound-store';
import { outboundRestored, wireOutbound } from '../features/campaigns/outbound-wiring';
import { wireWallboard } from '../features/wallboard/wallboard-store';
import { wireMyQueues } from '../features/my-queues/my-queues-store';
import { wireSkills } from '../features/skills/skills-wiring';
import { resetSkills } from '../features/skills/skills-store';
import { clearPop, popCleared, popStarted, popStore } from '../features/pop/pop-store';
import { cancelRetries, expireDone, onWrapUpDone, resendPending } from '../features/wrap-up/wrap-up-actions';
import {
  autoClosed,
  clearDone,
  ensureDraft,
  entryOf,
  loadAgentDrafts,
  resetWrapUps,
  setDraftCustomer,
} from '../features/wrap-up/wrap-up-store';
import { closeCtiSocket, openCtiSocket, sendCommand, type CtiSocket } from '../services/cti-client';
import { ringsideApi } from '../services/ringside-api';
import type { AgentState, CallOffer, SessionSnapshot } from '../services/protocol';
import {
  agentStateSchema,
  callAnsweredSchema,
  callEndedSchema,
  callHeldSchema,
  callOfferSchema,
  interactionAutoClosedSchema,
  offerWithdrawnSchema,
  sessionEndedSchema,
  sessionSnapshotSchema,
} from './fact-schemas';

function onState(state: AgentState): void {
  if (!applyAgentState(state)) return;
  if (state.status === 'wrap-up' && state.interactionId !== null) {
    const call = callStore.get().call;
    const caller = call?.offer.interactionId === state.interactionId ? call.offer.callerRaw : '';
    ensureDraft(state.interactionId, caller, null);
  }
}

function onOffered(offer: CallOffer): void {
  // what was said about the previous call is not news during this one
  clearDone();
  callOffered(offer);
  popStarted(offer);
  ensureCard(offer.interactionId, null);
}

/** After every (re)connect: adopt the bridge's view of state and call, then flush queued wrap-ups. */
function reconcile(snapshot: SessionSnapshot): void {
  applyAgentState(snapshot.state);
  const { gone } = callRestored(snapshot.activeCall);
  if (gone !== null) popCleared(gone);
  if (snapshot.activeCall) {
    const id = snapshot.activeCall.interactionId;
    popStarted(snapshot.activeCall);
    ensureCard(id, entryOf(id)?.draft.customerId ?? null);
  }
  if (snapshot.outbound) outboundRestored(snapshot.outbound);
  onState(snapshot.state);
  resendPending();
}

async function sync(socket: CtiSocket): Promise<void> {
  const res = await sendCommand('session:sync', {});
  if (!res.ok) {
    if (socket.connected) window.setTimeout(() => void sync(socket), 2000);
    return;
  }
  const snapshot = sessionSnapshotSchema.safeParse(res.data);
  if (snapshot.success) reconcile(snapshot.data);
  else console.error('[cti] session:sync ack does not match the contract', snapshot.error.issues);
}

/** A refused connect may mean the session is gone: ask `/api/me` (a 401 signs out), else try again. */
async function recheckAndReconnect(socket: CtiSocket): Promise<void> {
  const me = await ringsideApi.me();
  if (me.ok || me.error.code !== 'UNAUTHENTICATED') window.setTimeout(() => socket.connect(), 3000);
}

function wireSocket(socket: CtiSocket): void {
  socket.on('connect', () => {
    resetAgentStateVersion();
    void sync(socket);
  });
  socket.on('connect_error', () => {
    if (!socket.active) void recheckAndReconnect(socket);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') void recheckAndReconnect(socket);
  });
  socket.on(
    'agent:state-changed',
    guarded('agent:state-changed', agentStateSchema, (state) => {
      onState(state);
      // on a call this console was never told of (a restarted bridge took it on after this console synced)
      const known = callStore.get().call;
      if (state.status === 'on-call' && (known?.offer.callId !== state.callId || known.phase === 'ended'))
        void sync(socket);
    }),
  );
  socket.on('call:offered', guarded('call:offered', callOfferSchema, onOffered));
  socket.on(
    'call:offer-withdrawn',
    guarded('call:offer-withdrawn', offerWithdrawnSchema, (f) => {
      const id = callWithdrawn(f.callId, f.reason);
      if (id !== null) popCleared(id);
    }),
  );
  socket.on('call:answered', guarded('call:answered', callAnsweredSchema, callAnswered));
  socket.on(
    'call:held',
    guarded('call:held', callHeldSchema, (f) => {
      callHeld(f.callId, f.held);
      // a server-placed campaign call: the bridge saw the phone's hold itself
      outboundHeld(f.callId, f.held);
    }),
  );
  socket.on('call:ended', guarded('call:ended', callEndedSchema, callEnded));
  socket.on(
    'interaction:auto-closed',
    guarded('interaction:auto-closed', interactionAutoClosedSchema, ({ interactionId }) => {
      const customerId = entryOf(interactionId)?.draft.customerId ?? null;
      autoClosed(interactionId);
      expireDone();
      callWrappedUp(interactionId);
      popCleared(interactionId);
      if (customerId !== null) customerChanged(customerId);
    }),
  );
  // Sent just before the bridge disconnects a console whose session it ended: back to sign-in, told why.
  socket.on(
    'session:ended',
    guarded('session:ended', sessionEndedSchema, (f) => sessionEnded(f.reason)),
  );
  // a supervisor acted on this agent (told who and why), or is on their call (where policy says)
  socket.on('agent:supervised', guarded('agent:supervised', agentSupervisedSchema, supervisedStore.set));
  socket.on(
    'agent:monitored',
    guarded('agent:monitored', agentMonitoredSchema, (f) => monitoredStore.set(f.mode ? f : null)),
  );
  socket.on(
    'monitor:ended',
    guarded('monitor:ended', monitorEndedSchema, (f) => {
      disconnectMonitor(f.monitorId);
      monitorEndedStore.set(f);
    }),
  );
  // a supervisor whispers to this agent or barged in: their voice, mixed in by this page
  socket.on('agent:monitor-talk', guarded('agent:monitor-talk', agentMonitorTalkSchema, supervisorTalk));
  wireOutbound(socket);
  wireWallboard(socket);
  wireMyQueues(socket);
  wireSkills(socket);
}

const popCardSeen = new Map<number, number>();

/** A card on the pop follows its customer's record too (the search card does so by itself). */
function refreshPopCard(): void {
  const pop = popStore.get();
  const id = pop?.card?.id;
  if (!pop || id === undefined || pop.loading) return;
  const changes = customerUpdates.get()[id] ?? 0;
  if (changes === (popCardSeen.get(id) ?? 0)) return;
  popCardSeen.set(id, changes);
  void showCustomer(pop.interactionId, id, false);
}

/** Cross-feature rules: a connected call gets a wrap-up draft; the customer on the pop goes into it. */
function wireStores(): () => void {
  const stops = [
    callStore.subscribe(() => {
      const call = callStore.get().call;
      if (!call || call.phase === 'ringing') return;
      const pop = popStore.get();
      const customerId = pop?.interactionId === call.offer.interactionId ? (pop.card?.id ?? null) : null;
      ensureDraft(call.offer.interactionId, call.offer.callerRaw, customerId);
    }),
    popStore.subscribe(() => {
      const pop = popStore.get();
      if (pop?.card) setDraftCustomer(pop.interactionId, pop.card.id);
    }),
    onWrapUpDone((id, customerId) => {
      callWrappedUp(id);
      popCleared(id);
      if (customerId !== null) customerChanged(customerId);
      // a campaign call's disposition is in: a preview agent goes on with the next card
      const { card, joined } = outboundStore.get();
      if (card?.call?.interactionId === id && joined?.mode === 'preview') void nextCard();
      else callWorkDone(id);
    }),
    customerUpdates.subscribe(refreshPopCard),
  ];
  return () => stops.forEach((stop) => stop());
}

/** Starts the live session for a signed-in agent; the returned function tears it down completely. */
export function startCtiSession(token: string, agentId: number): () => void {
  loadAgentDrafts(agentId);
  const stopStores = wireStores();
  wireSocket(openCtiSocket(token));
  return () => {
    stopStores();
    cancelRetries();
    closeCtiSocket();
    clearAgentState();
    clearCall();
    clearPop();
    resetWrapUps();
    resetOutbound();
    monitoredStore.set(null);
    resetSkills();
    closeSupervisorVoices();
    disconnectAllMonitors();
  };
}
