import { z } from 'zod';
import { apiRequest } from '../../services/api-client';

const campaignListSchema = z.object({
  campaigns: z.array(
    z.object({ id: z.number().int(), name: z.string(), mode: z.string().optional() }).passthrough(),
  ),
});

/** Every campaign (supervisors and admins; the HTTP API enforces the role). */
export async function loadAllCampaigns(): Promise<{ id: number; name: string; mode?: string }[]> {
  const res = await apiRequest(campaignListSchema, '/api/campaigns');
  return res.ok ? res.data.campaigns : [];
}
