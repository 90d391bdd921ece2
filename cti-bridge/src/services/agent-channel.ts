import type { ServerToClientEvents } from '../../protocol/events';

/** How the call center talks to consoles; the socket layer implements it. */
export interface AgentChannel {
  emit<E extends keyof ServerToClientEvents>(
    agentId: number,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * Emits, and resolves once the frame has been handed to the network on every console of the agent (it may
   * wait behind a frame still being written), or after a short cap for a console that does not drain.
   */
  emitWritten<E extends keyof ServerToClientEvents>(
    agentId: number,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): Promise<void>;
}
