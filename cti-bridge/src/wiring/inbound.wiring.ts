import type { InteractionsRepository } from '../repositories/interactions.repository';
import { socketChannel, type RingsideServer } from '../server/socket-server';
import { CallCenter, type CallCenterDeps } from '../services/call-center';
import { guardWrites } from '../services/faults';

export interface InboundWiringDeps extends Omit<CallCenterDeps, 'interactions' | 'channel'> {
  interactions: InteractionsRepository;
  io: RingsideServer;
}

/**
 * The inbound ACD on the floor: what the phone already did (offered, answered, ended) goes on when its record
 * cannot be written now (the write's failure is recorded as a fault), and the agents' consoles get its facts.
 */
export function createCallCenter({ interactions, io, ...deps }: InboundWiringDeps): CallCenter {
  return new CallCenter({
    ...deps,
    interactions: guardWrites(deps.faults, 'interactions', interactions, [
      'offered',
      'requeued',
      'answered',
      'ended',
      'missed',
      'abandoned',
    ]),
    channel: socketChannel(io),
  });
}
