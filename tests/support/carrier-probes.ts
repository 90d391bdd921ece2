/**
 * What the carrier tests look at: SIPp's message trace (-trace_msg) of the carrier, rtpengine's view of a
 * server-placed call (packets per side, its port toward the customer), the RTP an agent's browser received.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import type { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';

/** SIPp's message traces in the lab's data dir (one per SIPp run), in full. */
export function carrierTrace(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('_messages.log'))
    .map((name) => readFileSync(join(dataDir, name), 'utf8'))
    .join('\n');
}

/** The trace split into its messages. */
export const carrierMessages = (dataDir: string): string[] => carrierTrace(dataDir).split(/\n(?=-{5,})/);

type QueryTags = Record<
  string,
  {
    medias?: {
      streams?: { 'local port'?: number; flags?: string[]; SSRC?: number; stats?: { packets?: number } }[];
    }[];
  }
>;

async function queryTags(pbx: KamailioPbx | undefined, ng: RtpengineNg, callId: string) {
  const media = pbx?.serverCallMedia(callId);
  if (!media) return undefined;
  const reply = await ng.command({ command: 'query', 'call-id': media.callId });
  return { media, tags: (reply['tags'] ?? {}) as QueryTags };
}

/** Packets rtpengine received from the customer's side and from everyone else (the agent). */
export async function rtpengineCounts(
  pbx: KamailioPbx | undefined,
  ng: RtpengineNg,
  callId: string,
): Promise<{ customer: number; agent: number }> {
  const found = await queryTags(pbx, ng, callId);
  if (!found) return { customer: 0, agent: 0 };
  const { media, tags } = found;
  const count = (tag: string) =>
    (tags[tag]?.medias ?? [])
      .flatMap((m) => m.streams ?? [])
      .reduce((n, s) => n + (s.stats?.packets ?? 0), 0);
  const others = Object.keys(tags).filter((tag) => tag !== media.customerTag);
  return { customer: count(media.customerTag), agent: others.reduce((n, tag) => n + count(tag), 0) };
}

/** rtpengine's port facing the customer of a call (where the customer's RTP goes). */
export async function customerPortOf(
  pbx: KamailioPbx | undefined,
  ng: RtpengineNg,
  callId: string,
): Promise<number> {
  const found = await queryTags(pbx, ng, callId);
  if (!found) throw new Error(`no media for ${callId}`);
  const streams = found.tags[found.media.customerTag]?.medias?.[0]?.streams ?? [];
  const port = streams.find((s) => s.flags?.includes('RTP'))?.['local port'];
  if (!port) throw new Error('no customer stream');
  return port;
}

/** The SSRC rtpengine receives from the connected agent's browser. */
export async function agentSsrcOf(
  pbx: KamailioPbx | undefined,
  ng: RtpengineNg,
  callId: string,
): Promise<number | undefined> {
  const found = await queryTags(pbx, ng, callId);
  const agentTag = found?.media.agentTag;
  if (!found || !agentTag) return undefined;
  return found.tags[agentTag]?.medias?.[0]?.streams?.find((s) => s.SSRC !== undefined)?.SSRC;
}

/** RTP packets an agent's browser received on a call (getStats). */
export const agentReceived = async (page: Page, callId: string): Promise<number> =>
  (await page.evaluate((id) => window.agent.packets(id), callId)).received;
