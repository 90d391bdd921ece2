import { Button, Card, Group, Select, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TryRuleSetResult } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { RoutingReferences } from '../queues/queues-api';

interface Props {
  refs: RoutingReferences;
  run: (
    serviceNumber: string,
    attached: Record<string, string>,
  ) => Promise<{ ok: true; data: TryRuleSetResult } | { ok: false; error: UiError }>;
}

/** `Name: value` lines as the headers a PBX would pass. */
function headersOf(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

/** "Try it": where a sample call would go under the draft being edited, before anything is published. */
export function RuleTry({ refs, run }: Props) {
  const { t } = useTranslation();
  const [number, setNumber] = useState<string | null>(refs.serviceNumbers[0]?.e164 ?? null);
  const [headers, setHeaders] = useState('');
  const [result, setResult] = useState<TryRuleSetResult | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const go = async () => {
    if (!number) return;
    const res = await run(number, headersOf(headers));
    setResult(res.ok ? res.data : null);
    setError(res.ok ? null : res.error);
  };
  const outcome = (r: TryRuleSetResult) => {
    if (!r.valid) return t('routingAdmin.tryInvalid');
    const values = { businessType: r.businessType, queue: r.queue };
    if (r.source === 'rule') return t('routingAdmin.tryRule', { name: r.rule?.name, ...values });
    return r.source === 'service-number' ? t('routingAdmin.tryTable', values) : t('routingAdmin.tryNone');
  };
  return (
    <Card withBorder data-testid="rule-try">
      <Title order={3} size="h6">
        {t('routingAdmin.tryTitle')}
      </Title>
      <Group align="flex-end" gap="xs">
        <Select
          size="xs"
          label={t('routingAdmin.tryNumber')}
          data-testid="try-number"
          data={refs.serviceNumbers.map((n) => n.e164)}
          value={number}
          allowDeselect={false}
          onChange={setNumber}
        />
        <Textarea
          size="xs"
          label={t('routingAdmin.tryHeaders')}
          data-testid="try-headers"
          autosize
          minRows={2}
          placeholder="X-Ringside-Account: 555"
          value={headers}
          onChange={(e) => setHeaders(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button size="xs" variant="light" data-testid="btn-try" onClick={() => void go()}>
          {t('routingAdmin.tryRun')}
        </Button>
      </Group>
      <ErrorMessage error={error} />
      {result && (
        <Text size="xs" mt={4} data-testid="try-result" data-queue={result.queue ?? ''}>
          {outcome(result)}
          {result.dropped.length > 0 &&
            ` ${t('routingAdmin.tryDropped', {
              headers: result.dropped.map((d) => `${d.header} (${d.reason})`).join(', '),
            })}`}
        </Text>
      )}
    </Card>
  );
}
