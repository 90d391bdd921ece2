import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { reasonLabel } from '../../services/i18n';
import type { AgentBoard, AgentCall, AgentStatus } from '../../services/protocol';
import { agentActions } from './agent-actions';
import { duration } from './format';

const statusColor: Record<AgentStatus, string> = {
  'logged-out': 'gray',
  'not-ready': 'orange',
  ready: 'green',
  ringing: 'cyan',
  'on-call': 'blue',
  'wrap-up': 'grape',
};

/** What the call is about: its campaign, or its business type's name in the console's language. */
function callTopic(call: AgentCall, zh: boolean): string {
  if (call.campaign) return call.campaign;
  return (zh ? call.businessTypeNameZh : null) ?? call.businessTypeName ?? call.businessType ?? '';
}

/** One row per agent: state and reason, time in state (wrap-up overrun in red), the call, handled, AHT. */
export function AgentsTable({
  agents,
  now,
  withActions = true,
}: {
  agents: AgentBoard[];
  now: number;
  withActions?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  return (
    <Table striped withTableBorder data-testid="wb-agents">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('wallboard.agent')}</Table.Th>
          <Table.Th>{t('wallboard.state')}</Table.Th>
          <Table.Th>{t('wallboard.timeInState')}</Table.Th>
          <Table.Th>{t('wallboard.call')}</Table.Th>
          <Table.Th>{t('wallboard.handled')}</Table.Th>
          <Table.Th>{t('wallboard.aht')}</Table.Th>
          {withActions && <Table.Th>{t('wallboard.actions')}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {agents.map((row) => {
          const { state, call } = row;
          const overrun =
            state.status === 'wrap-up' && state.wrapUpEndsAt !== null && now > state.wrapUpEndsAt;
          return (
            <Table.Tr key={row.agentId} data-agent={row.agentId} data-status={state.status}>
              <Table.Td fw={600}>{row.name}</Table.Td>
              <Table.Td>
                <Badge color={statusColor[state.status]} data-testid="wb-agent-status">
                  {t(`wallboard.status.${state.status}`)}
                </Badge>
                {state.reason && state.status === 'not-ready' && (
                  <Text span size="sm" ml={6} c="dimmed" data-testid="wb-agent-reason">
                    {reasonLabel(state.reason)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td
                data-overrun={overrun}
                style={overrun ? { background: 'var(--mantine-color-red-light)' } : undefined}
              >
                {duration(now - state.since)}
                {overrun && ` (${t('wallboard.overrun')} ${duration(now - (state.wrapUpEndsAt ?? now))})`}
              </Table.Td>
              <Table.Td data-testid="wb-agent-call">
                {call &&
                  [
                    t(`wallboard.${call.direction}`),
                    callTopic(call, zh),
                    duration(now - call.since),
                    call.customer ?? call.number,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
              </Table.Td>
              <Table.Td>{row.handledToday}</Table.Td>
              <Table.Td>{duration(row.ahtMs)}</Table.Td>
              {withActions && <Table.Td data-testid="wb-agent-actions">{agentActions(row)}</Table.Td>}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
