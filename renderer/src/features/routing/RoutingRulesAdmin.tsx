import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDocument, RuleSetVersion } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { queuesApi, type RoutingReferences } from '../queues/queues-api';
import { RuleRow } from './RuleRow';
import { RuleTry } from './RuleTry';
import { RuleVersions } from './RuleVersions';
import { rulesApi } from './rules-api';
import {
  documentOf,
  newRow,
  placeIssues,
  problemCount,
  rowsOf,
  type RuleProblems,
  type RuleRowDraft,
} from './rules-draft';

const NO_PROBLEMS: RuleProblems = { rows: {}, general: [] };

/**
 * Routing rules: the version in force and its history; admins edit the draft (service number and attached data
 * → business type → queue), see each problem on its row, try a sample call against it, and publish it.
 */
export function RoutingRulesAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [versions, setVersions] = useState<RuleSetVersion[]>([]);
  const [refs, setRefs] = useState<RoutingReferences | null>(null);
  const [base, setBase] = useState<RuleSetDocument | null>(null);
  const [rows, setRows] = useState<RuleRowDraft[]>([]);
  const [problems, setProblems] = useState<RuleProblems>(NO_PROBLEMS);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [note, setNote] = useState('');

  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all([
      rulesApi.versions(),
      queuesApi.references(),
      canEdit ? rulesApi.draft() : Promise.resolve(null),
    ]).then(([list, references, draft]) => {
      if (!live) return;
      if (list.ok) setVersions(list.data);
      if (references.ok) setRefs(references.data);
      const shown = draft?.ok ? draft.data : list.ok ? list.data.find((v) => v.inForce) : undefined;
      if (shown) {
        setBase(shown.document);
        setRows(rowsOf(shown.document));
      }
      setError(!list.ok ? list.error : !references.ok ? references.error : null);
    });
    return () => {
      live = false;
    };
  }, [canEdit, version]);

  const current = () =>
    documentOf(rows, base ?? { attachedFields: [], rules: [] }, t('routingAdmin.badCondition'));
  const show = (found: RuleProblems) => {
    setProblems(found);
    const count = problemCount(found);
    setNotice(count === 0 ? t('routingAdmin.valid') : t('routingAdmin.invalid', { count }));
    return count === 0;
  };
  /** Local text problems first, then the bridge's check (shape and names). */
  const check = async (): Promise<RuleSetDocument | null> => {
    const { document, problems: local } = current();
    if (problemCount(local) > 0) return show(local) ? document : null;
    const res = await rulesApi.validate(document);
    if (!res.ok) {
      setError(res.error);
      return null;
    }
    return show(placeIssues(res.data.issues)) ? document : null;
  };
  const save = async (): Promise<boolean> => {
    const document = await check();
    if (!document) return false;
    const res = await rulesApi.saveDraft(document, note.trim() || undefined);
    setError(res.ok ? null : res.error);
    if (res.ok) setNotice(t('routingAdmin.saved'));
    return res.ok;
  };
  const publish = async () => {
    if (!(await save())) return;
    const res = await rulesApi.publish(note.trim() || undefined);
    setError(res.ok ? null : res.error);
    if (!res.ok) return;
    setNotice(t('routingAdmin.published', { version: res.data.version }));
    setNote('');
    setVersion((v) => v + 1);
  };
  const change = (index: number, patch: Partial<RuleRowDraft>) =>
    setRows((old) => old.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) =>
    setRows((old) => {
      const next = [...old];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });

  if (!refs) return <ErrorMessage error={error} testId="rules-error" />;
  return (
    <Stack gap="xs" data-testid="routing-rules-admin">
      <Card withBorder>
        <Title order={2} size="h5">
          {t('routingAdmin.title')}
        </Title>
        <RuleVersions versions={versions} />
      </Card>
      <Card withBorder data-testid="rules-editor">
        <Title order={3} size="h6">
          {canEdit ? t('routingAdmin.draft') : t('routingAdmin.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('routingAdmin.draftHint')}
        </Text>
        <Text size="xs" c="dimmed" data-testid="rules-fields">
          {t('routingAdmin.fields')}:{' '}
          {(base?.attachedFields ?? []).map((field) => `${field.header} → ${field.key}`).join(', ')}
        </Text>
        <Stack gap="xs" mt="xs">
          {rows.map((row, index) => (
            <RuleRow
              key={row.key}
              row={row}
              index={index}
              last={index === rows.length - 1}
              refs={refs}
              problems={problems.rows[index] ?? {}}
              readOnly={!canEdit}
              change={(patch) => change(index, patch)}
              move={(by) => move(index, by)}
              remove={() => setRows((old) => old.filter((_, i) => i !== index))}
            />
          ))}
        </Stack>
        {problems.general.map((problem) => (
          <p key={problem} className="error" data-testid="rules-problem">
            {problem}
          </p>
        ))}
        {notice && (
          <Text size="xs" data-testid="rules-notice">
            {notice}
          </Text>
        )}
        <ErrorMessage error={error} testId="rules-error" />
        {canEdit && (
          <Group gap="xs" align="flex-end" mt="xs">
            <Button
              size="xs"
              variant="default"
              data-testid="btn-add-rule"
              onClick={() => setRows((old) => [newRow(old.length), ...old])}
            >
              {t('routingAdmin.addRule')}
            </Button>
            <Button size="xs" variant="default" data-testid="btn-validate-rules" onClick={() => void check()}>
              {t('routingAdmin.validate')}
            </Button>
            <Button size="xs" variant="light" data-testid="btn-save-rules" onClick={() => void save()}>
              {t('routingAdmin.saveDraft')}
            </Button>
            <TextInput
              size="xs"
              label={t('routingAdmin.publishNote')}
              data-testid="rules-note"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Button size="xs" data-testid="btn-publish-rules" onClick={() => void publish()}>
              {t('routingAdmin.publish')}
            </Button>
          </Group>
        )}
      </Card>
      {canEdit && (
        <RuleTry
          refs={refs}
          run={(number, attached) => rulesApi.tryCall(current().document, number, attached)}
        />
      )}
    </Stack>
  );
}
