/** English strings of the supervisors' floor controls, what agents are told, and the users admin. */
export const supervisionEn = {
  title: 'Floor control',
  agent: 'Agent',
  reason: 'Reason (shown to the agent)',
  forceNotReady: 'Force not ready',
  forceLogout: 'Sign out',
  endCall: 'End call',
  stop: 'Stop listening',
  dismiss: 'OK',
  monitoring: 'You are on the call: {{mode}}',
  mode: { listen: 'Listen', whisper: 'Whisper', barge: 'Barge in' },
  ended: {
    stopped: 'Listening stopped.',
    'call-ended': 'The call ended.',
    'supervisor-left': 'Listening ended.',
    'media-failed': 'The audio could not be connected.',
  },
  told: {
    'force-not-ready': '{{by}} set you not ready:',
    'force-logout': '{{by}} signed you out:',
    'end-call': '{{by}} ended your call:',
    pending: '(after this call)',
  },
  monitored: {
    listen: '{{by}} is listening to this call.',
    whisper: '{{by}} is on this call and can talk to you (the customer does not hear).',
    barge: '{{by}} has joined this call: the customer hears them too.',
  },
};

export const usersEn = {
  title: 'Users',
  username: 'Username',
  displayName: 'Name',
  role: 'Role',
  password: 'Password',
  newPassword: 'New password',
  create: 'Create user',
  save: 'Save',
  disable: 'Disable',
  enable: 'Enable',
  resetPassword: 'Reset password',
  disabled: 'disabled',
  sip: 'SIP',
  skills: 'Skills',
  passwordRules:
    'At least 12 characters, three of: lower case, upper case, digits, symbols; not the username.',
  problems: {
    'too-short': 'too short',
    'too-long': 'too long',
    'too-simple': 'needs three kinds of characters',
    'contains-username': 'contains the username',
  },
  created: 'User {{username}} created.',
  done: 'Saved.',
};
