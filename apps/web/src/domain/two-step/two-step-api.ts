import type { ConfirmTotp, RegisterPasskey } from '@team-access/contract';
import { twoStepRoutes } from '@team-access/contract/routes/two-step';
import { callRoute } from '@/lib/api-client.ts';

/** Two-step sign-in: one's own factors, and an administrator's view and reset of another's. */
export const twoStepApi = {
  own: (signal?: AbortSignal) => callRoute(twoStepRoutes.getOwnTwoStep, { signal }),
  ofUser: (userId: string, signal?: AbortSignal) =>
    callRoute(twoStepRoutes.getUserTwoStep, { params: { userId }, signal }),
  newSetup: (signal?: AbortSignal) => callRoute(twoStepRoutes.newTotpSetup, { signal }),
  confirm: (body: ConfirmTotp) => callRoute(twoStepRoutes.confirmTotp, { body }),
  passkeyOptions: () => callRoute(twoStepRoutes.passkeyRegistrationOptions, {}),
  registerPasskey: (body: RegisterPasskey) => callRoute(twoStepRoutes.registerPasskey, { body }),
  remove: (factorId: string) => callRoute(twoStepRoutes.removeOwnFactor, { params: { factorId } }),
  renewRecoveryCodes: () => callRoute(twoStepRoutes.renewRecoveryCodes, {}),
  reset: (userId: string) => callRoute(twoStepRoutes.resetUserTwoStep, { params: { userId } }),
};
