import { Button, Modal } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SkillsEditor } from './SkillsEditor';

/** "Skills…" on a user's row or a picked agent: the editor in a dialog. */
export function SkillsButton({ agentId, onSaved }: { agentId: number; onSaved?: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="compact-xs"
        variant="default"
        data-testid={`edit-skills-${agentId}`}
        onClick={() => setOpen(true)}
      >
        {t('skills.edit')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('skills.title')} size="md">
        {open && <SkillsEditor agentId={agentId} {...(onSaved ? { onSaved } : {})} />}
      </Modal>
    </>
  );
}
