import { agentStateStore } from '../features/agent-state/agent-state-store';
import { answerCall, hangupCall } from '../features/call/call-commands';
import { callStore } from '../features/call/call-store';
import { desktopBridge } from '../services/desktop-bridge';
import { maskNumber } from '../services/format';
import { i18n } from '../services/i18n';
import type { CallOffer } from '../services/protocol';

/** What an OS notification may show: the customer's name, else a masked number (never the full number). */
function callerLabel(offer: CallOffer): string {
  return offer.card?.name ?? (maskNumber(offer.callerRaw) || i18n.t('call.withheld'));
}

/**
 * Connects the console to the Electron shell (a no-op in a browser): the tray follows the agent state, an
 * offered call raises an OS notification, and the global hotkeys answer or hang up the current call.
 */
export function startDesktopIntegration(): () => void {
  if (!desktopBridge.isDesktop) return () => undefined;
  let lastTray: string | null = null;
  let lastOffered: string | null = null;
  const updateTray = () => {
    const state = agentStateStore.get();
    const label = state ? i18n.t(`status.${state.status}`) : null;
    if (!state || !label || `${state.status}|${label}` === lastTray) return;
    lastTray = `${state.status}|${label}`;
    void desktopBridge.setAgentState({ status: state.status, label });
  };
  i18n.on('languageChanged', updateTray);
  const stops = [
    agentStateStore.subscribe(updateTray),
    () => i18n.off('languageChanged', updateTray),
    callStore.subscribe(() => {
      const call = callStore.get().call;
      if (call?.phase !== 'ringing' || call.offer.callId === lastOffered) return;
      lastOffered = call.offer.callId;
      void desktopBridge.notifyCallOffered({
        callerLabel: callerLabel(call.offer),
        businessType: call.offer.businessType.name,
      });
    }),
    desktopBridge.onHotkey(({ action }) => {
      const call = callStore.get().call;
      if (!call) return;
      if (action === 'answer' && call.phase === 'ringing') void answerCall(call.offer.callId);
      if (action === 'hangup' && call.phase === 'live') void hangupCall(call.offer.callId);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
