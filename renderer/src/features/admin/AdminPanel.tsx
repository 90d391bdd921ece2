import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../services/protocol';
import { AuditLogAdmin } from '../audit/AuditLogAdmin';
import { BusinessTypesAdmin } from '../business-types/BusinessTypesAdmin';
import { DncAdmin } from '../dnc/DncAdmin';
import { QueuesAdmin } from '../queues/QueuesAdmin';
import { AttachedHeadersAdmin } from '../routing/AttachedHeadersAdmin';
import { RoutingRulesAdmin } from '../routing/RoutingRulesAdmin';
import { UsersAdmin } from '../users/UsersAdmin';
import { CampaignsAdmin } from './CampaignsAdmin';

/** Admins (and supervisors, read and start/stop): campaigns with their lead lists, the DNC lists, routing, the audit log. */
export function AdminPanel({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="campaigns" keepMounted={false} data-testid="admin-panel">
      <Tabs.List>
        <Tabs.Tab value="campaigns" data-testid="tab-campaigns">
          {t('admin.campaigns')}
        </Tabs.Tab>
        <Tabs.Tab value="dnc" data-testid="tab-dnc">
          {t('dnc.title')}
        </Tabs.Tab>
        <Tabs.Tab value="queues" data-testid="tab-queues">
          {t('queuesAdmin.title')}
        </Tabs.Tab>
        <Tabs.Tab value="routing" data-testid="tab-routing">
          {t('routingAdmin.title')}
        </Tabs.Tab>
        <Tabs.Tab value="business-types" data-testid="tab-business-types">
          {t('businessTypes.title')}
        </Tabs.Tab>
        <Tabs.Tab value="attached" data-testid="tab-attached">
          {t('attachedAdmin.title')}
        </Tabs.Tab>
        {role === 'admin' && (
          <Tabs.Tab value="users" data-testid="tab-users">
            {t('users.title')}
          </Tabs.Tab>
        )}
        <Tabs.Tab value="audit" data-testid="tab-audit">
          {t('audit.title')}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="campaigns" pt="xs">
        <CampaignsAdmin canEdit={role === 'admin'} />
      </Tabs.Panel>
      <Tabs.Panel value="dnc" pt="xs">
        <DncAdmin />
      </Tabs.Panel>
      <Tabs.Panel value="queues" pt="xs">
        <QueuesAdmin canEdit={role === 'admin'} />
      </Tabs.Panel>
      <Tabs.Panel value="routing" pt="xs">
        <RoutingRulesAdmin canEdit={role === 'admin'} />
      </Tabs.Panel>
      <Tabs.Panel value="business-types" pt="xs">
        <BusinessTypesAdmin canEdit={role === 'admin'} />
      </Tabs.Panel>
      <Tabs.Panel value="attached" pt="xs">
        <AttachedHeadersAdmin canEdit={role === 'admin'} />
      </Tabs.Panel>
      {role === 'admin' && (
        <Tabs.Panel value="users" pt="xs">
          <UsersAdmin />
        </Tabs.Panel>
      )}
      <Tabs.Panel value="audit" pt="xs">
        <AuditLogAdmin isAdmin={role === 'admin'} />
      </Tabs.Panel>
    </Tabs>
  );
}
