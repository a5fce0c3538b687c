import { z } from 'zod';
import { accessTokenFields, accessTokenFlagSchema } from './access-tokens.ts';
import { twoStepRequiredSchema } from './two-step.ts';
import { emailSchema, userSchema } from './user.ts';

export const signInSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, { message: 'Enter your password' }).max(1024),
});
export type SignIn = z.infer<typeof signInSchema>;

/**
 * The IAM API's sign-in body: the browser's form, and `accessToken: true` for a caller that wants
 * a short-lived access token for its own apps (ADR 049). The BFF never asks for one.
 */
export const iamSignInSchema = signInSchema.extend({ accessToken: accessTokenFlagSchema });
export type IamSignIn = z.infer<typeof iamSignInSchema>;

/** What the IAM API answers to a sign-in: the actor token, for the BFF's server-side session only. */
export const signInResultSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
  ...accessTokenFields,
});
export type SignInResult = z.infer<typeof signInResultSchema>;

/** A sign-in answers a session, or, for a user with a second factor, a pending second step. */
export const signInAnswerSchema = z.union([signInResultSchema, twoStepRequiredSchema]);
export type SignInAnswer = z.infer<typeof signInAnswerSchema>;

/** What the BFF tells the browser about its session: who is signed in, never a token. */
export const browserSessionSchema = z.object({
  user: userSchema,
  expiresAt: z.iso.datetime(),
});
export type BrowserSession = z.infer<typeof browserSessionSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
});
