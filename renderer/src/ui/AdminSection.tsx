import { Button, Card, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { UiError } from '../services/ui-error';
import { ErrorMessage } from './ErrorMessage';

/** The test ids of one admin screen's frame: the card, its "new" button, its notice and its error. */
export interface AdminSectionIds {
  card: string;
  newButton: string;
  notice: string;
  error: string;
}

/**
 * The frame of an admin table screen: a card with its title and a "new" button (only when `onNew` is given, i.e.
 * for those who may edit), an optional hint, the notice of the last change and the last error, then the table and
 * its dialogs (`children`).
 */
export function AdminSection(props: {
  ids: AdminSectionIds;
  title: string;
  newLabel: string;
  onNew: (() => void) | null;
  hint?: ReactNode;
  notice: string | null;
  error: UiError | null;
  children: ReactNode;
}) {
  const { ids } = props;
  return (
    <Card withBorder data-testid={ids.card}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {props.title}
        </Title>
        {props.onNew && (
          <Button size="xs" data-testid={ids.newButton} onClick={props.onNew}>
            {props.newLabel}
          </Button>
        )}
      </Group>
      {props.hint}
      {props.notice && (
        <Text size="xs" data-testid={ids.notice}>
          {props.notice}
        </Text>
      )}
      <ErrorMessage error={props.error} testId={ids.error} />
      {props.children}
    </Card>
  );
}
