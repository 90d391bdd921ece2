import type { myQueuesEn } from './my-queues.en';

export const myQueuesZh: typeof myQueuesEn = {
  title: '我的队列',
  empty: '您没有服务的队列。',
  queue: '队列',
  waiting: '等待中',
  longest: '最长等待',
  serviceLevel: '今日服务水平',
  callbacks: '待回电',
  estimate: '下一位来电约等待 {{sec}} 秒',
  callbackTitle: '队列回电',
  callbackNumber: '回电号码',
  callbackWaited: '自 {{time}} 起等待（{{wait}}）',
  callbackAttempts: '此前已拨打 {{count}} 次；上次结果：{{outcome}}',
  callbackSource: {
    caller: '来电者选择了回电',
    web: '网站请求',
    sip: 'IVR 请求',
    'after-hours': '非工作时间请求',
  },
  accept: '立即回电',
  decline: '拒绝',
  refused: '未拨打：{{reasons}}',
  dialled: '正在拨打回电…',
  waited: '已等待',
  overflowedFrom: '溢出自',
};
