import { type ConfirmTotp, type RegisterPasskey, routes } from '@team-access/contract';
import { callRoute } from '@/lib/api-client.ts';

/** Two-step sign-in: one's own factors, and an administrator's view and reset of another's. */
export const twoStepApi = {
  own: (signal?: AbortSignal) => callRoute(routes.getOwnTwoStep, { signal }),
  ofUser: (userId: string, signal?: AbortSignal) => callRoute(routes.getUserTwoStep, { params: { userId }, signal }),
  newSetup: (signal?: AbortSignal) => callRoute(routes.newTotpSetup, { signal }),
  confirm: (body: ConfirmTotp) => callRoute(routes.confirmTotp, { body }),
  passkeyOptions: () => callRoute(routes.passkeyRegistrationOptions, {}),
  registerPasskey: (body: RegisterPasskey) => callRoute(routes.registerPasskey, { body }),
  remove: (factorId: string) => callRoute(routes.removeOwnFactor, { params: { factorId } }),
  renewRecoveryCodes: () => callRoute(routes.renewRecoveryCodes, {}),
  reset: (userId: string) => callRoute(routes.resetUserTwoStep, { params: { userId } }),
};
