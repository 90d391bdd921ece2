import type { supervisionEn, usersEn } from './supervision.en';

/** 班长现场控制、坐席收到的提示和用户管理（简体中文）。 */
export const supervisionZh: typeof supervisionEn = {
  title: '现场控制',
  agent: '坐席',
  reason: '原因（坐席可见）',
  forceNotReady: '强制未就绪',
  forceLogout: '签出',
  endCall: '结束通话',
  stop: '停止监听',
  dismiss: '知道了',
  monitoring: '您在通话中：{{mode}}',
  mode: { listen: '监听', whisper: '耳语', barge: '强插' },
  ended: {
    stopped: '已停止监听。',
    'call-ended': '通话已结束。',
    'supervisor-left': '监听已结束。',
    'media-failed': '无法接通音频。',
  },
  told: {
    'force-not-ready': '{{by}} 已将您设为未就绪：',
    'force-logout': '{{by}} 已将您签出：',
    'end-call': '{{by}} 结束了您的通话：',
    pending: '（本通话结束后）',
  },
  monitored: {
    listen: '{{by}} 正在监听此通话。',
    whisper: '{{by}} 在此通话中，可以对您说话（客户听不到）。',
    barge: '{{by}} 已加入此通话，客户也能听到。',
  },
};

export const usersZh: typeof usersEn = {
  title: '用户',
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  password: '密码',
  newPassword: '新密码',
  create: '创建用户',
  save: '保存',
  disable: '停用',
  enable: '启用',
  resetPassword: '重置密码',
  disabled: '已停用',
  sip: 'SIP',
  skills: '技能',
  passwordRules: '至少 12 个字符，包含小写字母、大写字母、数字、符号中的三类，且不能包含用户名。',
  problems: {
    'too-short': '太短',
    'too-long': '太长',
    'too-simple': '需要三类字符',
    'contains-username': '包含用户名',
  },
  created: '已创建用户 {{username}}。',
  done: '已保存。',
};
