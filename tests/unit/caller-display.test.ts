import { describe, expect, it } from 'vitest';
import { callerDisplay } from '../../renderer/src/services/caller-display';

describe('caller display', () => {
  it.each([
    { raw: '+19109364634', e164: '+19109364634', shown: '+1 910 936 4634' },
    { raw: 'sip:+19109364634@trunk;user=phone', e164: null, shown: '+1 910 936 4634' },
    { raw: '"Zhang" <sip:+8613800138000@pbx.example.cn>', e164: null, shown: '+86 138 0013 8000' },
    { raw: 'tel:+14155550142', e164: null, shown: '+1 415 555 0142' },
    { raw: 'sip:1001@ringside.local', e164: null, shown: '1001' },
    { raw: 'sip:front-desk@pbx.example.com', e164: null, shown: 'front-desk' },
    { raw: 'anonymous', e164: null, shown: null },
    { raw: 'sip:anonymous@anonymous.invalid', e164: null, shown: null },
    { raw: 'Restricted', e164: null, shown: null },
    { raw: '   ', e164: null, shown: null },
  ])('$raw → $shown', ({ raw, e164, shown }) => {
    expect(callerDisplay(raw, e164)).toBe(shown);
  });
});
