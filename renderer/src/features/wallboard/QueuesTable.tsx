import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueBoard } from '../../services/protocol';
import { duration, levelAbove, levelBelow, levelColor, pct, type Level } from './format';

function Cell({ level, children, testId }: { level?: Level; children: React.ReactNode; testId?: string }) {
  return (
    <Table.Td
      style={{ background: levelColor[level ?? 'none'] }}
      data-level={level ?? 'none'}
      data-testid={testId}
    >
      {children}
    </Table.Td>
  );
}

/** One row per queue: waiting, longest wait, service level today and over 30 minutes, ASA, abandon, agents. */
export function QueuesTable({ queues, now }: { queues: QueueBoard[]; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Table striped withTableBorder data-testid="wb-queues">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('wallboard.queue')}</Table.Th>
          <Table.Th>{t('wallboard.waiting')}</Table.Th>
          <Table.Th>{t('wallboard.longestWait')}</Table.Th>
          <Table.Th>{t('wallboard.slToday')}</Table.Th>
          <Table.Th>{t('wallboard.sl30')}</Table.Th>
          <Table.Th>{t('wallboard.asa')}</Table.Th>
          <Table.Th>{t('wallboard.offered')}</Table.Th>
          <Table.Th>{t('wallboard.answered')}</Table.Th>
          <Table.Th>{t('wallboard.abandonRate')}</Table.Th>
          <Table.Th>{t('wallboard.abandonExShort')}</Table.Th>
          <Table.Th>{t('wallboard.ready')}</Table.Th>
          <Table.Th>{t('wallboard.onCall')}</Table.Th>
          <Table.Th>{t('wallboard.wrapUp')}</Table.Th>
          <Table.Th>{t('wallboard.notReady')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {queues.map((q) => {
          const longest = q.oldestQueuedAt === null ? null : now - q.oldestQueuedAt;
          const th = q.thresholds;
          return (
            <Table.Tr key={q.queueId} data-queue={q.code}>
              <Table.Td fw={600}>{i18n.language === 'zh-CN' ? (q.nameZh ?? q.name) : q.name}</Table.Td>
              <Cell testId="wb-waiting">{q.waiting}</Cell>
              <Cell
                level={longest === null ? 'none' : levelBelow(longest / 1000, th.longestWaitSec)}
                testId="wb-longest-wait"
              >
                {duration(longest)}
              </Cell>
              <Cell level={levelAbove(q.today.serviceLevel, th.serviceLevel)} testId="wb-sl-today">
                {pct(q.today.serviceLevel)}
              </Cell>
              <Cell level={levelAbove(q.last30Min.serviceLevel, th.serviceLevel)}>
                {pct(q.last30Min.serviceLevel)}
              </Cell>
              <Cell>{duration(q.today.asaMs)}</Cell>
              <Cell testId="wb-offered">{q.today.offered}</Cell>
              <Cell testId="wb-answered">{q.today.answered}</Cell>
              <Cell level={levelBelow(q.today.abandonRate, th.abandonRate)}>{pct(q.today.abandonRate)}</Cell>
              <Cell level={levelBelow(q.today.abandonRateExShort, th.abandonRate)}>
                {pct(q.today.abandonRateExShort)}
              </Cell>
              <Cell>{q.agents.ready}</Cell>
              <Cell>{q.agents.onCall + q.agents.ringing}</Cell>
              <Cell>{q.agents.wrapUp}</Cell>
              <Cell>{q.agents.notReady}</Cell>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
