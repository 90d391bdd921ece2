import { ok } from '../../protocol/errors';
import type { Wallboard } from '../services/wallboard/wallboard.service';
import type { CommandTable } from './socket-server';

export type WallboardCommand = 'wallboard:watch';

/** Who sees the floor: an agent's socket is refused (FORBIDDEN) and never joins the supervisors' room. */
export const floorWatchers = ['supervisor', 'admin'] as const;

export function wallboardCommands(deps: { wallboard: Wallboard }): Pick<CommandTable, WallboardCommand> {
  return {
    'wallboard:watch': { roles: floorWatchers, handle: () => ok(deps.wallboard.snapshot()) },
  };
}
