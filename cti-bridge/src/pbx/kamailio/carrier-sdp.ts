/**
 * SDP sent toward carriers and trunks: plain RTP/AVP as rtpengine produces it from a browser's answer, minus what
 * only WebRTC endpoints understand (media stream ids, SSRC announcements, bundling, header extensions, RTCP
 * feedback, ICE and DTLS leftovers). Many SBCs reject or mishandle these lines; none needs them.
 */
const BROWSER_ONLY = [
  'msid',
  'msid-semantic',
  'ssrc',
  'ssrc-group',
  'mid',
  'group',
  'extmap',
  'extmap-allow-mixed',
  'rtcp-fb',
  'rtcp-rsize',
  'ice-ufrag',
  'ice-pwd',
  'ice-options',
  'ice-lite',
  'candidate',
  'end-of-candidates',
  'fingerprint',
  'setup',
  'tls-id',
];

const attributeName = (line: string): string | null => /^a=([A-Za-z0-9-]+)/.exec(line)?.[1] ?? null;

export function carrierSdp(sdp: string): string {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '');
  const kept = lines.filter((line) => {
    const name = attributeName(line);
    return name === null || !BROWSER_ONLY.includes(name.toLowerCase());
  });
  return `${kept.join('\r\n')}\r\n`;
}

/** True when nothing browser-only is left (the tests assert it on what the carrier received). */
export function isCarrierClean(sdp: string): boolean {
  return (
    carrierSdp(sdp) ===
    `${sdp
      .split(/\r?\n/)
      .filter((line) => line !== '')
      .join('\r\n')}\r\n`
  );
}
