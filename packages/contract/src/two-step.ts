import { z } from 'zod';
import { accessTokenFlagSchema } from './access-tokens.ts';

/**
 * Two-step sign-in (issue 17, ADR 029): an authenticator app (TOTP, RFC 6238) and single-use
 * recovery codes. A factor's secret is shown once, when it is set up, and never again.
 */

export const twoStepFactorTypes = ['totp', 'passkey'] as const;
export const twoStepFactorTypeSchema = z.enum(twoStepFactorTypes);
export type TwoStepFactorType = z.infer<typeof twoStepFactorTypeSchema>;

/**
 * The tenant's two-step policy (ADR 031): who must have a factor. `admins` means OWNER and ADMIN.
 * A user who must and has none can only set one up (403 `two_step_setup_required` elsewhere).
 */
export const twoStepPolicies = ['off', 'admins', 'everyone'] as const;
export const twoStepPolicySchema = z.enum(twoStepPolicies, { error: 'Use off, admins or everyone' });
export type TwoStepPolicy = z.infer<typeof twoStepPolicySchema>;

/**
 * The tenant's settings as the console shows them: who must use two-step sign-in, and whether a
 * passkey alone signs in (a passkey that verifies its user counts as both factors, ADR 039).
 */
export const tenantSettingsSchema = z.object({ twoStepPolicy: twoStepPolicySchema, passkeySignIn: z.boolean() });
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** An OWNER's change of the tenant's settings (server to server: the tenant's credentials); what is left out stays. */
export const updateTenantSettingsSchema = z
  .strictObject({
    twoStepPolicy: twoStepPolicySchema.optional(),
    passkeySignIn: z.boolean({ error: 'Use true or false' }).optional(),
  })
  .refine((value) => value.twoStepPolicy !== undefined || value.passkeySignIn !== undefined, {
    message: 'Send twoStepPolicy, passkeySignIn or both',
    path: ['twoStepPolicy'],
  });
export type UpdateTenantSettings = z.infer<typeof updateTenantSettingsSchema>;

/** How a person may sign in here, for the sign-in page (public: it names no one). */
export const signInMethodsSchema = z.object({
  /** The tenant allows a passkey alone (`passkeySignIn`). */
  passkey: z.boolean(),
});
export type SignInMethods = z.infer<typeof signInMethodsSchema>;

/** How many recovery codes a set holds. */
export const RECOVERY_CODE_COUNT = 10;
/** How long the second step of a sign-in may wait after the password, in seconds. */
export const TWO_STEP_CHALLENGE_SECONDS = 300;
/** Wrong codes one pending sign-in takes before it ends (the BFF's brute-force limits count too). */
export const TWO_STEP_MAX_ATTEMPTS = 5;

/** A six-digit authenticator code; spaces (as apps group them) are dropped. */
export const totpCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { message: 'Enter the 6-digit code from your app' }));

/** A recovery code as shown (`abcde-fghij`); case, spaces and the dash do not matter. */
export const recoveryCodeSchema = z
  .string()
  .transform((value) => value.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z2-7]{10}$/, { message: 'Enter a recovery code like abcde-fghij' }));

/** An enrolled factor as the screens show it: never its secret. */
export const twoStepFactorSchema = z.object({
  id: z.uuid(),
  type: twoStepFactorTypeSchema,
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type TwoStepFactor = z.infer<typeof twoStepFactorSchema>;

export const twoStepStatusSchema = z.object({
  factors: z.array(twoStepFactorSchema),
  /** Unused recovery codes left (0 when the user has no factor). */
  recoveryCodesLeft: z.number().int().nonnegative(),
});
export type TwoStepStatus = z.infer<typeof twoStepStatusSchema>;

/** A new authenticator secret to set up: shown once, kept nowhere until confirmed with a code. */
export const totpSetupSchema = z.object({
  /** Base32, as apps accept it when typed. */
  secret: z.string(),
  /** `otpauth://totp/...`, what the QR code holds. */
  uri: z.string(),
  /** The QR code of `uri` as an SVG document. */
  qrSvg: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetupSchema>;

export const confirmTotpSchema = z.strictObject({
  /** The secret from the setup answer. */
  secret: z.string().regex(/^[A-Z2-7]{32}$/, { message: 'Use the secret from the setup step' }),
  code: totpCodeSchema,
  name: z.string().trim().min(1, { message: 'Give the authenticator a name' }).max(60).default('Authenticator app'),
});
export type ConfirmTotp = z.input<typeof confirmTotpSchema>;

/** New recovery codes, shown once: the only answer that ever holds them. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** A factor turned on (an authenticator app, a passkey): the first one also answers recovery codes. */
export const totpEnrolledSchema = z.object({
  factor: twoStepFactorSchema,
  /** A first set when the user had none; null when they had codes already (they stay valid). */
  recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT).nullable(),
});
export type TotpEnrolled = z.infer<typeof totpEnrolledSchema>;

/**
 * WebAuthn options for the browser (`@simplewebauthn/browser`'s `optionsJSON`): made by
 * `@simplewebauthn/server`, passed through as they are. Their challenge is kept server-side, once.
 */
export const webAuthnOptionsSchema = z.object({ options: z.record(z.string(), z.unknown()) });
export type WebAuthnOptions = z.infer<typeof webAuthnOptionsSchema>;

const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, { message: 'Use base64url' });
/** A browser's WebAuthn answer (`startRegistration` / `startAuthentication`), as JSON. */
export const webAuthnResponseSchema = z.looseObject({
  id: b64url.min(1).max(1024),
  rawId: b64url.min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url.min(1) }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

export const registerPasskeySchema = z.strictObject({
  name: z.string().trim().min(1, { message: 'Give the passkey a name' }).max(60).default('Passkey'),
  response: webAuthnResponseSchema,
});
export type RegisterPasskey = z.input<typeof registerPasskeySchema>;

/** A passkey alone signs in (the tenant allows it): the browser's answer to the passwordless options. */
export const passkeySignInSchema = z.strictObject({
  response: webAuthnResponseSchema,
  accessToken: accessTokenFlagSchema,
});
export type PasskeySignIn = z.input<typeof passkeySignInSchema>;

export const twoStepFactorParamsSchema = z.object({ factorId: z.uuid({ error: 'Use a factor id' }) });

/** The IAM's answer to a right password when a second step is due: a pending sign-in for the BFF. */
export const twoStepRequiredSchema = z.object({
  twoStep: z.object({
    /** Only the BFF holds it, server-side; it names the pending sign-in, never the password. */
    challengeToken: z.string(),
    expiresAt: z.iso.datetime(),
    /** What the user can answer with besides a recovery code (never which factors by name). */
    methods: z.array(twoStepFactorTypeSchema),
  }),
});
export type TwoStepRequired = z.infer<typeof twoStepRequiredSchema>;

const codeFields = {
  code: totpCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
  /** A passkey's answer to the options of `passkeySignInOptions`. */
  passkey: webAuthnResponseSchema.optional(),
};

function exactlyOneCode(value: { code?: unknown; recoveryCode?: unknown; passkey?: unknown }, ctx: z.RefinementCtx) {
  const given = [value.code, value.recoveryCode, value.passkey].filter((v) => v !== undefined).length;
  if (given !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['code'],
      message: 'Enter the code from your app or a recovery code, or use a passkey',
    });
  }
}

/** The second step as the browser sends it: exactly one of an authenticator code or a recovery code. */
export const twoStepCodeSchema = z.strictObject(codeFields).superRefine(exactlyOneCode);
export type TwoStepCode = z.input<typeof twoStepCodeSchema>;

/** The second step as the BFF sends it to the IAM API, naming the pending sign-in. */
export const completeTwoStepSchema = z
  .strictObject({ challengeToken: z.string().min(1).max(200), ...codeFields, accessToken: accessTokenFlagSchema })
  .superRefine(exactlyOneCode);

/** What the BFF tells the browser after a right password when a code is due. */
export const browserTwoStepSchema = z.object({
  twoStepRequired: z.literal(true),
  expiresAt: z.iso.datetime(),
  /** Factor types the person can use (`passkey` shows "Use a passkey"). */
  methods: z.array(twoStepFactorTypeSchema).default(['totp']),
});

/** The BFF asks for passkey options of the pending sign-in it holds. */
export const passkeySignInOptionsSchema = z.strictObject({ challengeToken: z.string().min(1).max(200) });
export type BrowserTwoStep = z.infer<typeof browserTwoStepSchema>;
