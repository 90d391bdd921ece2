import type { z } from 'zod';
import type { CtiSocket } from '../../services/cti-client';
import { sendCommand } from '../../services/cti-client';
import {
  agentBoardSchema,
  wallboardFiguresSchema,
  type AgentBoard,
  type WallboardFigures,
} from '../../services/protocol';
import { createStore } from '../../services/store';

export interface WallboardState {
  figures: WallboardFigures | null;
  agents: ReadonlyMap<number, AgentBoard>;
}

/** The live wallboard: a snapshot from `wallboard:watch`, kept current by the `wallboard:*-changed` pushes. */
export const wallboardStore = createStore<WallboardState>({ figures: null, agents: new Map() });

function guarded<T>(event: string, schema: z.ZodType<T>, handle: (data: T) => void) {
  return (payload: unknown): void => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      console.error(`[cti] ${event} does not match the contract`, parsed.error.issues);
      return;
    }
    handle(parsed.data);
  };
}

function agentsPushed(rows: AgentBoard[]): void {
  const agents = new Map(wallboardStore.get().agents);
  for (const row of rows) {
    const known = agents.get(row.agentId);
    // a late push never takes an agent's row back to an older state
    if (!known || known.state.version <= row.state.version) agents.set(row.agentId, row);
  }
  wallboardStore.set({ ...wallboardStore.get(), agents });
}

/** Supervisors' and admins' consoles listen to the wallboard pushes (the bridge sends them to no one else). */
export function wireWallboard(socket: CtiSocket): void {
  socket.on(
    'wallboard:figures-changed',
    guarded('wallboard:figures-changed', wallboardFiguresSchema, (figures) =>
      wallboardStore.set({ ...wallboardStore.get(), figures }),
    ),
  );
  socket.on(
    'wallboard:agents-changed',
    guarded('wallboard:agents-changed', agentBoardSchema.array(), agentsPushed),
  );
  socket.on('connect', () => void watchWallboard());
}

/** Loads the whole wallboard (at the start, and after a reconnect, since pushes may have been missed). */
export async function watchWallboard(): Promise<void> {
  const result = await sendCommand('wallboard:watch', {});
  if (!result.ok) return;
  wallboardStore.set({
    figures: result.data.figures,
    agents: new Map(result.data.agents.map((row) => [row.agentId, row])),
  });
}
