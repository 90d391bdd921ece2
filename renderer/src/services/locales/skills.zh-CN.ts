import type { skillsEn } from './skills.en';

/** 技能编辑器（主管、管理员）与坐席自己的技能。 */
export const skillsZh: typeof skillsEn = {
  title: '技能与语言',
  edit: '技能…',
  editing: '{{name}}（{{username}}）',
  businessType: '业务类型',
  level: '等级（1–10）',
  levelOf: '{{type}}的等级',
  none: '无',
  languages: '语言',
  languageRequired: '至少选择一种语言',
  reason: '原因（坐席可见）',
  save: '保存技能',
  saved: '已保存：路由立即使用新技能。',
  mine: '我的技能',
  noSkills: '没有技能：不会向您分配队列来电。',
  changedBy: '{{by}} 修改了您的技能：',
  routedBecause: '分配原因',
};
