import {
  PASSWORD_IS_EMAIL_MESSAGE,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordIsEmail,
  passwordSchema,
  personNameSchema,
} from '@team-access/contract';
import { z } from 'zod';

/** The policy in words, under a field where someone chooses their own password. */
export const PASSWORD_POLICY_HINT = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not your email address. A long passphrase is best.`;
export const PASSWORDS_DIFFER_MESSAGE = 'The two passwords are not the same';

/** A new password typed twice: the contract's policy, never the account's email, and both the same. */
export const newPasswordFieldsSchema = z.object({
  password: z.string().min(1, { error: 'Choose a password' }).pipe(passwordSchema),
  confirmPassword: z.string().min(1, { error: 'Type the password again' }),
});

/** The cross-field rules of a new password; for `superRefine` on a form that holds both fields. */
export function checkNewPassword(
  form: { password: string; confirmPassword: string },
  email: string,
  ctx: z.RefinementCtx,
): void {
  if (passwordIsEmail(form.password, email)) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_IS_EMAIL_MESSAGE });
  }
  if (form.confirmPassword !== '' && form.confirmPassword !== form.password) {
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: PASSWORDS_DIFFER_MESSAGE });
  }
}

/** The reset page's form: a new password for `email`'s account. */
export function resetPasswordFormSchema(email: string) {
  return newPasswordFieldsSchema.superRefine((form, ctx) => checkNewPassword(form, email, ctx));
}

/** A name as the contract checks it (trimmed, at most 100 characters, no control characters); '' when left out. */
function nameField(requiredMessage: string | null) {
  return z.string().superRefine((value, ctx) => {
    if (value.trim() === '') {
      if (requiredMessage) ctx.addIssue({ code: 'custom', message: requiredMessage });
      return;
    }
    const checked = personNameSchema.safeParse(value);
    for (const issue of checked.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message });
  });
}

/** The accept page's form for someone new: their names and a password for the invited email. */
export function newAccountFormSchema(email: string) {
  return newPasswordFieldsSchema
    .extend({
      firstName: nameField('Enter your first name'),
      lastName: nameField(null),
    })
    .superRefine((form, ctx) => checkNewPassword(form, email, ctx));
}
