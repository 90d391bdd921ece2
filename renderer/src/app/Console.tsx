import { SegmentedControl } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionBanner } from '../features/agent-state/ConnectionIndicator';
import { agentStateStore } from '../features/agent-state/agent-state-store';
import { AdminPanel } from '../features/admin/AdminPanel';
import { CallPanel } from '../features/call/CallPanel';
import { CallbacksDue } from '../features/campaigns/CallbacksDue';
import { MyQueuesPanel } from '../features/my-queues/MyQueuesPanel';
import { CampaignPanel } from '../features/campaigns/CampaignPanel';
import { CampaignStatsPanel } from '../features/campaigns/CampaignStatsPanel';
import { PacingPanel } from '../features/campaigns/PacingPanel';
import { callStore } from '../features/call/call-store';
import { linkFoundCustomer } from '../features/pop/pop-actions';
import { PopPanel } from '../features/pop/PopPanel';
import { popStore } from '../features/pop/pop-store';
import { CustomerSearch } from '../features/search/CustomerSearch';
import { SimCallPanel } from '../features/sim/SimCallPanel';
import { SipBanner } from '../features/softphone/PhoneStatus';
import { SoftphonePanel } from '../features/softphone/SoftphonePanel';
import { FloorControlPanel } from '../features/supervision/FloorControlPanel';
import { SupervisedNotice } from '../features/supervision/SupervisedNotice';
import { MySkills } from '../features/skills/MySkills';
import { mountFloorActions } from '../features/supervision/wallboard-floor-actions';
import { WrapUpPanel } from '../features/wrap-up/WrapUpPanel';
import { ReportsView } from '../features/wallboard/ReportsView';
import { WallboardView } from '../features/wallboard/WallboardView';
import { useStore } from '../services/store';
import type { CustomerCard, UserView } from '../services/protocol';
import { startCtiSession } from './cti-wiring';
import { startDesktopIntegration } from './desktop-wiring';
import { Header } from './Header';
import { useRingingTitle } from './use-ringing-title';

/** The agent console: state bar on top, call and pop on the left, tools on the right. */
export function Console({ token, user }: { token: string; user: UserView }) {
  const agentId = user.id;
  useEffect(() => startCtiSession(token, agentId), [token, agentId]);
  useEffect(() => startDesktopIntegration(), []);
  useEffect(() => mountFloorActions(agentId), [agentId]);
  const state = useStore(agentStateStore);
  const { call } = useStore(callStore);
  const pop = useStore(popStore);
  useRingingTitle(call?.phase === 'ringing');

  const interactionId = call?.offer.interactionId ?? null;
  const onLink =
    interactionId === null ? null : (card: CustomerCard) => linkFoundCustomer(interactionId, card);
  const showSim = user.role === 'supervisor' || user.role === 'admin';
  const onFloor = user.role === 'agent' || user.role === 'supervisor';
  const { t } = useTranslation();
  // supervisors and admins switch between their console and the floor views; agents never see them
  const [view, setView] = useState<'console' | 'wallboard' | 'reports'>('console');

  return (
    <div className="console">
      <Header user={user} state={state} />
      <ConnectionBanner />
      <SupervisedNotice />
      <SipBanner />
      {showSim && (
        <SegmentedControl
          className="view-switch"
          data-testid="view-switch"
          value={view}
          onChange={(v) => setView(v as typeof view)}
          data={(['console', 'wallboard', 'reports'] as const).map((v) => ({
            value: v,
            label: t(`wallboard.nav.${v}`),
          }))}
        />
      )}
      {view === 'wallboard' && <WallboardView />}
      {view === 'reports' && <ReportsView token={token} />}
      <main className="columns" hidden={view !== 'console'}>
        <div className="col col-left">
          <CallPanel status={state?.status ?? null} />
          <PopPanel />
          {onFloor && <CampaignPanel />}
          {showSim && <AdminPanel role={user.role} />}
        </div>
        <aside className="col col-right">
          <SoftphonePanel />
          {showSim && <FloorControlPanel />}
          {showSim && <SimCallPanel />}
          {showSim && <CampaignStatsPanel />}
          {showSim && <PacingPanel />}
          {onFloor && <MySkills />}
          {onFloor && <MyQueuesPanel />}
          {onFloor && <CallbacksDue />}
          <WrapUpPanel liveInteractionId={call?.phase === 'live' ? interactionId : null} />
          <CustomerSearch
            onLink={onLink}
            linkedCustomerId={pop?.card?.id ?? null}
            currentInteractionId={interactionId}
          />
        </aside>
      </main>
    </div>
  );
}
