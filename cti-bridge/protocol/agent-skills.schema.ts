import { z } from 'zod';
import { roleSchema } from './http.schema';

/** Skill levels run from 1 (novice) to 10 (expert); routing prefers the higher level for a call. */
export const SKILL_LEVEL_MIN = 1;
export const SKILL_LEVEL_MAX = 10;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/** A BCP 47 tag as agents' languages are kept (`en`, `zh`, `zh-CN`); routing compares the primary subtag. */
export const languageTagSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, 'use a language tag such as "en", "zh" or "zh-CN"');

export const skillLevelSchema = z.number().int().min(SKILL_LEVEL_MIN).max(SKILL_LEVEL_MAX);

/** One skill as written: the business type's code and the level. */
export const skillInputSchema = z.object({
  businessType: z.string().trim().min(1).max(64),
  level: skillLevelSchema,
});

/**
 * Supervisors and admins replace an agent's skills and languages. The reason is required: the agent is shown it
 * and the audit log keeps it with who made the change.
 */
export const setAgentSkillsSchema = z
  .object({
    skills: z.array(skillInputSchema).max(100),
    languages: z.array(languageTagSchema).min(1).max(20),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((text) => !controlCharacter.test(text), { message: 'must not contain control characters' }),
  })
  .refine((input) => new Set(input.skills.map((s) => s.businessType)).size === input.skills.length, {
    message: 'each business type once',
    path: ['skills'],
  })
  .refine((input) => new Set(input.languages.map((l) => l.toLowerCase())).size === input.languages.length, {
    message: 'each language once',
    path: ['languages'],
  });
export type SetAgentSkills = z.infer<typeof setAgentSkillsSchema>;

export const agentSkillSchema = z.object({
  businessTypeId: z.number().int(),
  businessType: z.string(),
  name: z.string(),
  nameZh: z.string(),
  level: skillLevelSchema,
});
export type AgentSkill = z.infer<typeof agentSkillSchema>;

/** An agent's (or a supervisor's) routing profile: skills with levels by business type, and languages. */
export const agentSkillsViewSchema = z.object({
  agentId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  skills: z.array(agentSkillSchema),
  languages: z.array(z.string()),
});
export type AgentSkillsView = z.infer<typeof agentSkillsViewSchema>;

/** What the editor offers: every business type, and the languages known to this call center. */
export const skillOptionsSchema = z.object({
  businessTypes: z.array(
    z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameZh: z.string() }),
  ),
  languages: z.array(z.string()),
});
export type SkillOptions = z.infer<typeof skillOptionsSchema>;

/** Told to the agent's consoles when a supervisor or admin changed their skills: the new profile, who and why. */
export const agentSkillsChangedSchema = z.object({
  profile: agentSkillsViewSchema,
  by: z.string(),
  reason: z.string(),
  at: z.number().int(),
});
export type AgentSkillsChanged = z.infer<typeof agentSkillsChangedSchema>;
