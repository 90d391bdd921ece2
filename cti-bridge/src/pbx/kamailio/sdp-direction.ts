/**
 * The media direction of an SDP (RFC 3264 §6.1, §8.4): how a softphone puts a call on hold and takes it off again
 * in a re-INVITE, and what the other side answers. Pure text functions: rtpengine makes the real SDP.
 */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
const isDirection = (text: string): text is SdpDirection => DIRECTIONS.includes(text);

const lines = (sdp: string) => sdp.split(/\r?\n/).filter((line) => line !== '');
const directionLine = (line: string): SdpDirection | null => {
  const name = /^a=([a-z]+)$/.exec(line.trim())?.[1] ?? '';
  return isDirection(name) ? name : null;
};

/**
 * The direction of the first audio stream: its own attribute, else the session's, else sendrecv (the default). A
 * stream refused with port 0 counts as inactive.
 */
export function directionOf(sdp: string): SdpDirection {
  let session: SdpDirection | null = null;
  let inAudio = false;
  let audioSeen = false;
  for (const line of lines(sdp)) {
    if (line.startsWith('m=')) {
      if (audioSeen) break;
      inAudio = line.startsWith('m=audio ');
      if (inAudio) {
        audioSeen = true;
        if (/^m=audio 0 /.test(line)) return 'inactive';
      }
      continue;
    }
    const direction = directionLine(line);
    if (direction === null) continue;
    if (inAudio) return direction;
    if (!audioSeen) session = direction;
  }
  return session ?? 'sendrecv';
}

/** What an answerer that is happy to send and receive answers to `offered` (RFC 3264 §6.1). */
export function answerTo(offered: SdpDirection): SdpDirection {
  switch (offered) {
    case 'sendonly':
      return 'recvonly';
    case 'recvonly':
      return 'sendonly';
    case 'inactive':
      return 'inactive';
    case 'sendrecv':
      return 'sendrecv';
  }
}

/** The offerer puts the far end on hold: it will not receive (sendonly, inactive), RFC 3264 §8.4. */
export function isHold(offered: SdpDirection): boolean {
  return offered === 'sendonly' || offered === 'inactive';
}

/**
 * `sdp` with every media stream set to `direction`: session-level direction lines are dropped and each m= section
 * gets exactly one direction line (replacing its own, or added at its end). The origin's version goes up by one,
 * as a changed session description must (RFC 3264 §8).
 */
export function withDirection(sdp: string, direction: SdpDirection): string {
  const out: string[] = [];
  let inMedia = false;
  let placed = false;
  const closeMedia = () => {
    if (inMedia && !placed) out.push(`a=${direction}`);
  };
  for (const line of lines(sdp)) {
    if (line.startsWith('m=')) {
      closeMedia();
      inMedia = true;
      placed = false;
      out.push(line);
      continue;
    }
    if (directionLine(line) !== null) {
      if (inMedia && !placed) {
        out.push(`a=${direction}`);
        placed = true;
      }
      continue;
    }
    out.push(line.startsWith('o=') ? bumpedOrigin(line) : line);
  }
  closeMedia();
  return `${out.join('\r\n')}\r\n`;
}

/** o=<user> <sess-id> <sess-version> … with the version one up (kept as text: it may exceed 2^53). */
function bumpedOrigin(line: string): string {
  const parts = line.split(' ');
  const version = parts[2];
  if (version === undefined || !/^[0-9]+$/.test(version)) return line;
  parts[2] = (BigInt(version) + 1n).toString();
  return parts.join(' ');
}
