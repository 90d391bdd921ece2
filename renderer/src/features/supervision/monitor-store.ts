import type { MonitorEnded } from '../../services/protocol';
import { createStore } from '../../services/store';

/** The last monitoring session of this supervisor that ended (its call ended, or it was stopped). */
export const monitorEndedStore = createStore<MonitorEnded | null>(null);
