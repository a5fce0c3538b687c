import { CONTROL_CHARACTERS_MESSAGE, PASSWORD_IS_EMAIL_MESSAGE } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { newAccountFormSchema, PASSWORDS_DIFFER_MESSAGE, resetPasswordFormSchema } from './password-policy.ts';

const EMAIL = 'Alice@Example.com';

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('resetPasswordFormSchema', () => {
  it('when the password follows the policy and is typed twice, then it passes', () => {
    const result = resetPasswordFormSchema(EMAIL).safeParse({
      password: 'a long new passphrase',
      confirmPassword: 'a long new passphrase',
    });
    expect(result.success).toBe(true);
  });

  it('when the password is the account’s email in another letter case, then it is refused at the password', () => {
    const result = resetPasswordFormSchema(EMAIL).safeParse({
      password: ' alice@example.COM ',
      confirmPassword: ' alice@example.COM ',
    });
    expect(messages(result)).toEqual({ password: PASSWORD_IS_EMAIL_MESSAGE });
  });

  it('when the two passwords differ, then the second one says so', () => {
    const result = resetPasswordFormSchema(EMAIL).safeParse({
      password: 'a long new passphrase',
      confirmPassword: 'a long new passphrasE',
    });
    expect(messages(result)).toEqual({ confirmPassword: PASSWORDS_DIFFER_MESSAGE });
  });

  it('when the password is too short and the second is missing, then both fields say why', () => {
    const result = resetPasswordFormSchema(EMAIL).safeParse({ password: 'short', confirmPassword: '' });
    expect(messages(result)).toEqual({
      password: 'Use at least 8 characters (this one has 5)',
      confirmPassword: 'Type the password again',
    });
  });

  it('when nothing was typed, then the password field asks for one', () => {
    const result = resetPasswordFormSchema(EMAIL).safeParse({ password: '', confirmPassword: '' });
    expect(messages(result)).toEqual({ password: 'Choose a password', confirmPassword: 'Type the password again' });
  });
});

describe('newAccountFormSchema', () => {
  const valid = {
    firstName: ' Alice ',
    lastName: '',
    password: 'a long new passphrase',
    confirmPassword: 'a long new passphrase',
  };

  it('when a first name and a good password are given, then the last name may be left out', () => {
    expect(newAccountFormSchema(EMAIL).safeParse(valid).success).toBe(true);
  });

  it('when the first name is blank or a name holds control characters, then that field says so', () => {
    const result = newAccountFormSchema(EMAIL).safeParse({ ...valid, firstName: '   ', lastName: 'Smith\u0007' });
    expect(messages(result)).toEqual({ firstName: 'Enter your first name', lastName: CONTROL_CHARACTERS_MESSAGE });
  });

  it('when a name is also wrong, then the password rules are still checked', () => {
    const result = newAccountFormSchema(EMAIL).safeParse({
      ...valid,
      firstName: '',
      password: EMAIL,
      confirmPassword: EMAIL,
    });
    expect(messages(result)).toEqual({ firstName: 'Enter your first name', password: PASSWORD_IS_EMAIL_MESSAGE });
  });
});
