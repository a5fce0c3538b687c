import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';

/**
 * A mutation whose dialog or screen shows its own errors (`meta.silent`: no toast); on success
 * it updates the cache through the query client and says what happened.
 */
export function useSilentMutation<TData, TVariables>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  onSuccess: (queryClient: QueryClient, data: TData, variables: TVariables) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { silent: true },
    onSuccess: (data, variables) => onSuccess(queryClient, data, variables),
  });
}
