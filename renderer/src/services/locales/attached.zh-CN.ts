import type { attachedAdminEn } from './attached.en';

/** 来电附带数据（SIP 头）管理界面的中文文本。 */
export const attachedAdminZh: typeof attachedAdminEn = {
  title: '来电附带数据',
  hint: 'IVR 或运营商随来电附带、由 Ringside 读取的 SIP 头（最多 {{max}} 个）：每个头填入的字段（供路由规则和弹屏使用），以及值的长度和格式。以路由规则新版本发布；PBX 边缘从下一通来电起按新设置传递。',
  header: 'SIP 头',
  field: '字段',
  label: '名称',
  labelZh: '名称（中文）',
  maxLength: '最大长度',
  charset: '字符',
  charsets: {
    token: '标记',
    digits: '数字',
    language: '语言标签',
    hex: '十六进制 (UUI)',
    text: '任意文本',
  },
  pattern: '格式（可选）',
  showInPop: '弹屏显示',
  remove: '移除',
  add: '添加头',
  note: '原因（作为版本说明发布并审计）',
  noteRequired: '请说明原因（至少 3 个字符）',
  publish: '发布',
  published: '版本 {{version}} 已发布：下一通来电按这些头读取。',
  invalid_one: '有 {{count}} 个问题需要修正。',
  invalid_other: '有 {{count}} 个问题需要修正。',
  problems: {
    header: "SIP 头名称（字母、数字及 - . ! % * _ + ` ' ~），且不能是认证头",
    field: '字母开头，后接字母、数字或 _（最多 32 个）',
    label: '必填，最多 60 个字符',
    labelZh: '最多 60 个字符',
    maxLength: '1 到 256 的整数',
    charset: '请选择',
    pattern: '不允许：{{detail}}',
  },
};
