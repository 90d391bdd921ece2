/** English strings of the skills editor (supervisors, admins) and of the agent's own skills. */
export const skillsEn = {
  title: 'Skills and languages',
  edit: 'Skills…',
  editing: '{{name}} ({{username}})',
  businessType: 'Business type',
  level: 'Level (1–10)',
  levelOf: 'Level for {{type}}',
  none: 'none',
  languages: 'Languages',
  languageRequired: 'At least one language',
  reason: 'Reason (shown to the agent)',
  save: 'Save skills',
  saved: 'Saved: routing uses the new skills now.',
  mine: 'My skills',
  noSkills: 'No skills: no queue calls are routed to you.',
  changedBy: '{{by}} changed your skills:',
  routedBecause: 'Routed because',
};
