import { z } from 'zod';
import { apiRequest } from '../../services/api-client';
import { sendCommand } from '../../services/cti-client';
import { floorAgentsSchema, type MonitorMode } from '../../services/protocol';

/** The supervisors' commands on other agents (the bridge checks the role and audits each with who and why). */
export const floorCommands = {
  agents: () => apiRequest(floorAgentsSchema, '/api/supervision/agents'),
  forceNotReady: (agentId: number, reason: string) =>
    sendCommand('supervisor:force-state', { agentId, status: 'not-ready', reason }),
  forceLogout: (agentId: number, reason: string) =>
    sendCommand('supervisor:force-state', { agentId, status: 'logged-out', reason }),
  endCall: (agentId: number, reason: string) => sendCommand('supervisor:end-call', { agentId, reason }),
  listen: (agentId: number, mode: MonitorMode, reason: string) =>
    sendCommand('monitor:start', reason ? { agentId, mode, reason } : { agentId, mode }),
  mode: (monitorId: string, mode: MonitorMode) => sendCommand('monitor:mode', { monitorId, mode }),
  stop: (monitorId: string) => sendCommand('monitor:stop', { monitorId }),
};

export const reasonRequired = z.string().trim().min(1).max(200);
