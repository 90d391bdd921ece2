import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  businessTypeCodeSchema,
  businessTypeNamesSchema,
  changeReasonSchema,
  type BusinessType,
} from '../../services/protocol';
import { uiError, type UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { businessTypesApi } from './business-types-api';

type Field = 'code' | 'name' | 'nameZh' | 'reason';

/** Add a business type or rename one (English and Chinese names; the code is fixed once created). */
export function BusinessTypeForm({
  type,
  onSaved,
}: {
  type: BusinessType | null;
  onSaved: (saved: BusinessType) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(type?.code ?? '');
  const [name, setName] = useState(type?.name ?? '');
  const [nameZh, setNameZh] = useState(type?.nameZh ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<UiError | null>(null);

  /** The bridge's own schemas, so a problem shows on its field before anything is sent. */
  const check = () => {
    const found: Partial<Record<Field, string>> = {};
    if (!type && !businessTypeCodeSchema.safeParse(code).success) found.code = t('businessTypes.badCode');
    const names = businessTypeNamesSchema.safeParse({ name, nameZh });
    if (!names.success)
      for (const issue of names.error.issues) found[issue.path[0] as Field] = t('businessTypes.badName');
    if (!changeReasonSchema.safeParse(reason).success) found.reason = t('businessTypes.reasonRequired');
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  const save = async () => {
    if (!check()) {
      setError(uiError('VALIDATION_FAILED'));
      return;
    }
    const names = { name: name.trim(), nameZh: nameZh.trim() };
    const res = type
      ? await businessTypesApi.rename(type.id, names, reason.trim())
      : await businessTypesApi.create({ code, ...names }, reason.trim());
    if (res.ok) onSaved(res.data);
    else setError(res.error);
  };
  return (
    <Stack gap="xs" data-testid="business-type-form">
      <TextInput
        size="xs"
        label={t('businessTypes.code')}
        description={type ? t('businessTypes.codeFixed') : t('businessTypes.codeHint')}
        data-testid="btf-code"
        value={code}
        disabled={type !== null}
        error={errors.code}
        onChange={(e) => setCode(e.currentTarget.value)}
      />
      <TextInput
        size="xs"
        label={t('businessTypes.name')}
        data-testid="btf-name"
        value={name}
        error={errors.name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <TextInput
        size="xs"
        label={t('businessTypes.nameZh')}
        data-testid="btf-name-zh"
        value={nameZh}
        error={errors.nameZh}
        onChange={(e) => setNameZh(e.currentTarget.value)}
      />
      <TextInput
        size="xs"
        label={t('businessTypes.reason')}
        data-testid="btf-reason"
        value={reason}
        error={errors.reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <ErrorMessage error={error} testId="btf-error" />
      <Group justify="flex-end">
        <Button size="xs" data-testid="btf-save" onClick={() => void save()}>
          {t('businessTypes.save')}
        </Button>
      </Group>
    </Stack>
  );
}
