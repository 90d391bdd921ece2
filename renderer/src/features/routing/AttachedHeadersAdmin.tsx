import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHED_HEADERS_MAX, type RuleSetDocument } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { AttachedFieldRow } from './AttachedFieldRow';
import {
  fieldOf,
  fieldProblemCount,
  fieldRowsOf,
  localProblems,
  newFieldRow,
  placeFieldIssues,
  type FieldProblems,
  type FieldRowDraft,
} from './attached-fields-draft';
import { rulesApi } from './rules-api';

const NO_PROBLEMS: FieldProblems = { rows: {}, general: [] };

/**
 * Which SIP headers attached to an inbound call are read (header, the field it fills, labels, max length, charset,
 * pattern, shown in the pop): part of the routing rule set, so edited in its draft, validated by the bridge and
 * published as a new version with a note (audited). The PBX edge passes the new set from the next call on.
 */
export function AttachedHeadersAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [base, setBase] = useState<RuleSetDocument | null>(null);
  const [inForce, setInForce] = useState<number | null>(null);
  const [rows, setRows] = useState<FieldRowDraft[]>([]);
  const [problems, setProblems] = useState<FieldProblems>(NO_PROBLEMS);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all([rulesApi.inForce(), canEdit ? rulesApi.draft() : Promise.resolve(null)]).then(
      ([current, draft]) => {
        if (!live) return;
        if (current.ok) setInForce(current.data.version);
        // admins edit the draft (a copy of the rules in force until one is saved); supervisors read what is in force
        const shown = draft?.ok ? draft.data.document : current.ok ? current.data.document : null;
        if (shown) {
          setBase(shown);
          setRows(fieldRowsOf(shown.attachedFields));
        }
        setError(!current.ok ? current.error : draft && !draft.ok ? draft.error : null);
      },
    );
    return () => {
      live = false;
    };
  }, [canEdit, version]);

  const documentNow = (): RuleSetDocument => ({
    rules: base?.rules ?? [],
    attachedFields: rows.map(fieldOf),
  });
  const show = (found: FieldProblems) => {
    setProblems(found);
    const count = fieldProblemCount(found);
    setNotice(count === 0 ? null : t('attachedAdmin.invalid', { count }));
    return count === 0;
  };
  const publish = async () => {
    const why = note.trim();
    setNoteMissing(why.length < 3);
    const local = localProblems(rows, (column, detail) => t(`attachedAdmin.problems.${column}`, { detail }));
    if (!show(local) || why.length < 3) return;
    const document = documentNow();
    const checked = await rulesApi.validate(document);
    if (!checked.ok) return setError(checked.error);
    if (!show(placeFieldIssues(checked.data.issues))) return;
    const saved = await rulesApi.saveDraft(document, why);
    if (!saved.ok) return setError(saved.error);
    const res = await rulesApi.publish(why);
    setError(res.ok ? null : res.error);
    if (!res.ok) return;
    setNotice(t('attachedAdmin.published', { version: res.data.version }));
    setNote('');
    setVersion((v) => v + 1);
  };
  const change = (index: number, patch: Partial<FieldRowDraft>) =>
    setRows((old) => old.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <Card withBorder data-testid="attached-headers-admin">
      <Title order={2} size="h5">
        {t('attachedAdmin.title')}
      </Title>
      <Text size="xs" c="dimmed">
        {t('attachedAdmin.hint', { max: ATTACHED_HEADERS_MAX })}
      </Text>
      <Text size="xs" fw={600} data-testid="attached-in-force">
        {inForce ? t('routingAdmin.inForce', { version: inForce }) : t('routingAdmin.inForceDefault')}
      </Text>
      <Stack gap="xs" mt="xs" data-testid="attached-fields">
        {rows.map((row, index) => (
          <AttachedFieldRow
            key={row.key}
            row={row}
            problems={problems.rows[index] ?? {}}
            readOnly={!canEdit}
            change={(patch) => change(index, patch)}
            remove={() => setRows((old) => old.filter((_, i) => i !== index))}
          />
        ))}
      </Stack>
      {problems.general.map((problem) => (
        <p key={problem} className="error" data-testid="attached-problem">
          {problem}
        </p>
      ))}
      {notice && (
        <Text size="xs" data-testid="attached-notice">
          {notice}
        </Text>
      )}
      <ErrorMessage error={error} testId="attached-error" />
      {canEdit && (
        <Stack gap={4} mt="xs">
          <Group gap="xs" align="flex-end">
            <Button
              size="xs"
              variant="default"
              data-testid="btn-add-field"
              disabled={rows.length >= ATTACHED_HEADERS_MAX}
              onClick={() => setRows((old) => [...old, newFieldRow()])}
            >
              {t('attachedAdmin.add')}
            </Button>
            <TextInput
              size="xs"
              w={320}
              label={t('attachedAdmin.note')}
              data-testid="attached-note"
              value={note}
              error={noteMissing ? t('attachedAdmin.noteRequired') : undefined}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Button size="xs" data-testid="btn-publish-fields" onClick={() => void publish()}>
              {t('attachedAdmin.publish')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
