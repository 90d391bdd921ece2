import { guarded } from '../../services/guarded-handler';
import type { CtiSocket } from '../../services/cti-client';
import { agentSkillsChangedSchema } from '../../services/protocol';
import { skillsApi } from './skills-api';
import { mySkillsStore, skillsChangedStore } from './skills-store';

/** Reads this user's skills once connected, and follows every change a supervisor or admin makes. */
export function wireSkills(socket: CtiSocket): void {
  socket.on('connect', () => {
    void skillsApi.mine().then((res) => {
      if (res.ok) mySkillsStore.set(res.data);
    });
  });
  socket.on(
    'agent:skills-changed',
    guarded('agent:skills-changed', agentSkillsChangedSchema, (fact) => {
      mySkillsStore.set(fact.profile);
      skillsChangedStore.set(fact);
    }),
  );
}
