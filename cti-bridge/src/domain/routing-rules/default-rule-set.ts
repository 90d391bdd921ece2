import type { AttachedField, RuleSetDocument } from '../../../protocol/routing-rules.schema';

/** The attached key whose value asks for a queue callback in the caller's place (see services/queueing/queue-flow). */
export const CALLBACK_KEY = 'callback';

/** The headers an IVR or carrier commonly passes; the rule set in force before an admin publishes one. */
export const DEFAULT_ATTACHED_FIELDS: readonly AttachedField[] = [
  {
    header: 'X-Ringside-Business-Type',
    key: 'businessType',
    label: 'Business type (IVR)',
    labelZh: '业务类型 (IVR)',
    maxLength: 40,
    charset: 'token',
    showInPop: false,
  },
  {
    header: 'X-Ringside-Account',
    key: 'account',
    label: 'Account number',
    labelZh: '账号',
    maxLength: 20,
    charset: 'digits',
    showInPop: true,
  },
  {
    header: 'X-Ringside-Language',
    key: 'language',
    label: 'Language',
    labelZh: '语言',
    maxLength: 16,
    charset: 'language',
    showInPop: true,
  },
  {
    // an IVR's "call me back instead of waiting": `caller` (the calling number) or the number to call
    header: 'X-Ringside-Callback',
    key: CALLBACK_KEY,
    label: 'Callback requested (IVR)',
    labelZh: '请求回拨 (IVR)',
    maxLength: 24,
    charset: 'text',
    showInPop: false,
  },
  {
    header: 'User-to-User',
    key: 'uui',
    label: 'User-to-user data',
    labelZh: '用户间信息',
    maxLength: 256,
    charset: 'hex',
    showInPop: true,
  },
];

/**
 * Version 0: the default fields, and for each business type a rule that sends a call whose IVR chose that
 * business type (`X-Ringside-Business-Type`) to it. Everything else goes by the service number table.
 */
export function defaultRuleSet(businessTypes: readonly { code: string; name: string }[]): RuleSetDocument {
  return {
    attachedFields: DEFAULT_ATTACHED_FIELDS.map((field) => ({ ...field })),
    rules: businessTypes.map((type) => ({
      id: `ivr-${type.code}`.slice(0, 40).replace(/_/g, '-'),
      name: `IVR chose ${type.name}`,
      when: { attached: { businessType: type.code } },
      businessType: type.code,
    })),
  };
}
