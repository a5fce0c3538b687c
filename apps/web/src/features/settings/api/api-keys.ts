import type { ApiKey, CreateApiKey } from '@team-access/contract';
import { apiKeyRoutes } from '@team-access/contract/routes/api-keys';
import { callRoute } from '@/lib/api-client.ts';
import { useSilentMutation } from '@/lib/mutations.ts';
import { notify } from '@/lib/notifications.ts';
import { screenQuery } from '@/lib/queries.ts';

/** The tenant's API keys (ADR 048): an OWNER's list, and its create and revoke. */
export const apiKeyQueries = {
  all: () => ['api-keys'] as const,
  list: () =>
    screenQuery([...apiKeyQueries.all(), 'list'] as const, (signal) => callRoute(apiKeyRoutes.listApiKeys, { signal })),
};

/** Creates a key; the dialog shows its field errors and then the secret, once. */
export function useCreateApiKey() {
  return useSilentMutation(
    (body: CreateApiKey) => callRoute(apiKeyRoutes.createApiKey, { body }),
    (queryClient) => void queryClient.invalidateQueries({ queryKey: apiKeyQueries.all() }),
  );
}

export function useRevokeApiKey() {
  return useSilentMutation(
    (key: ApiKey) => callRoute(apiKeyRoutes.revokeApiKey, { params: { apiKeyId: key.id } }),
    (queryClient, _answer, key) => {
      void queryClient.invalidateQueries({ queryKey: apiKeyQueries.all() });
      notify(`API key ${key.name} was revoked`, 'success');
    },
  );
}
