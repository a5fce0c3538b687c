import { screenQuery } from '@/lib/queries.ts';
import { twoStepApi } from './two-step-api.ts';

export const twoStepQueries = {
  all: () => ['two-step'] as const,
  /** A user's factors: one's own through the own route, another's through the admin one. */
  ofUser: (userId: string, self: boolean) =>
    screenQuery(
      [...twoStepQueries.all(), userId] as const,
      (signal) => (self ? twoStepApi.own(signal) : twoStepApi.ofUser(userId, signal)),
      { staleTime: 0 },
    ),
  /** A fresh secret per dialog: never refetched behind the person's back (the QR would change). */
  setup: (attempt: number) =>
    screenQuery([...twoStepQueries.all(), 'setup', attempt] as const, (signal) => twoStepApi.newSetup(signal), {
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 0,
    }),
};
