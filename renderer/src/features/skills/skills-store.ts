import type { AgentSkillsChanged, AgentSkillsView } from '../../services/protocol';
import { createStore } from '../../services/store';

/** This user's own skills and languages as the bridge last said (null until read). */
export const mySkillsStore = createStore<AgentSkillsView | null>(null);
/** The last change a supervisor or admin made to them, with who and why, until dismissed. */
export const skillsChangedStore = createStore<AgentSkillsChanged | null>(null);

export function resetSkills(): void {
  mySkillsStore.set(null);
  skillsChangedStore.set(null);
}
