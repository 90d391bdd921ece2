import { sendCommand } from '../../services/cti-client';
import { phone } from '../../services/softphone/softphone';
import { softphoneStore } from '../../services/softphone/softphone-store';
import type { NextCardResult, SkipReasonCode, WorkableCampaign } from '../../services/protocol';
import type { UiResult } from '../../services/ui-error';
import { outboundStore, patchOutbound } from './outbound-store';

function applyNext(res: UiResult<NextCardResult>): UiResult<NextCardResult> {
  if (res.ok) {
    if (res.data.card) patchOutbound({ card: res.data.card, none: null });
    else patchOutbound({ card: null, none: res.data.none });
  }
  return res;
}

export async function loadWorkable(): Promise<void> {
  const res = await sendCommand('campaign:list-workable', {});
  if (res.ok) patchOutbound({ workable: res.data });
}

export async function joinCampaign(campaign: WorkableCampaign) {
  const res = await sendCommand('campaign:join', { campaignId: campaign.id });
  if (res.ok) patchOutbound({ joined: campaign, refused: null, lastEnded: null });
  return applyNext(res);
}

export async function leaveCampaign() {
  const res = await sendCommand('campaign:leave', {});
  if (res.ok) patchOutbound({ joined: null, card: null, none: null, refused: null });
  return res;
}

export async function nextCard() {
  return applyNext(await sendCommand('preview:next', {}));
}

export async function dialCard(leadId: number) {
  const res = await sendCommand('preview:dial', { leadId });
  if (res.ok && !res.data.placed) {
    patchOutbound({ refused: res.data.reasons });
    // the gate closed or postponed this lead: the next card
    void nextCard();
  }
  if (res.ok && res.data.placed) patchOutbound({ refused: null, lastEnded: null });
  return res;
}

export async function skipCard(leadId: number, reason: SkipReasonCode, note: string) {
  return applyNext(await sendCommand('preview:skip', { leadId, reason, note }));
}

/** With a softphone the call is its own SIP dial: hang it up there (the bridge learns it from the PBX). */
export async function hangupOutbound(callId: string) {
  const { kind, lines } = softphoneStore.get();
  const line =
    kind === 'webrtc' ? lines.find((l) => l.direction === 'outbound' && l.consultFor === null) : undefined;
  if (line) return phone().hangup(line.id);
  return sendCommand('outbound:hangup', { callId });
}

/** Click-to-dial a number (a customer's phone): the same gate; a refusal shows its reasons. */
export async function dialNumber(number: string, customerId?: number) {
  const res = await sendCommand('outbound:dial-number', { number, ...(customerId ? { customerId } : {}) });
  if (res.ok) patchOutbound({ refused: res.data.placed ? null : res.data.reasons });
  return res;
}

/** An inbound follow-up of mine: the bridge dials its number (the console sees it masked), through the gate. */
export async function dialFollowUp(followUpId: number) {
  const res = await sendCommand('callbacks:dial', { followUpId });
  if (res.ok) patchOutbound({ refused: res.data.placed ? null : res.data.reasons });
  return res;
}

export async function loadCallbacks(): Promise<void> {
  const res = await sendCommand('callbacks:due', {});
  if (res.ok) patchOutbound({ callbacks: res.data });
}

export async function takeCallback(followUpId: number) {
  const res = applyNext(await sendCommand('callbacks:take', { followUpId }));
  if (res.ok) {
    // taking a callback may have joined its campaign: the list the console has may predate it
    await loadWorkable();
    const joined = outboundStore.get().workable.find((c) => c.id === res.data.card?.campaignId);
    if (joined) patchOutbound({ joined });
    void loadCallbacks();
  }
  return res;
}
