import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { useTestIam } from '../../testing/suite.ts';
import { OWN_PASSWORD_FAILURES_MAX } from '../users/service.ts';

const PASSWORD = 'the current password';
const NEW_PASSWORD = 'a brand new password';

describe.each(testDatabases)('guessing the current password on $name', (database) => {
  const suite = useTestIam(database);

  let seq = 0;
  const person = () => suite.api.createUser({ email: `guess.${++seq}@example.com`, password: PASSWORD });
  const change = (token: string, currentPassword: string) =>
    suite.api.call('POST', '/v2/client/auth/password', { token, body: { currentPassword, newPassword: NEW_PASSWORD } });
  const me = async (token: string) => (await suite.api.call('GET', '/v2/client/auth/me', { token })).status;
  const signInStatus = async (email: string, password: string) =>
    (await suite.api.call('POST', '/v2/client/auth/sign-in', { body: { email, password } })).status;
  /** The answer without what differs on every request. */
  const answer = (res: { status: number; json: unknown }) => {
    const { requestId: _requestId, ...rest } = res.json as Record<string, unknown>;
    return { status: res.status, ...rest };
  };

  it('when wrong current passwords reach the limit, then each is answered like a wrong password and the session ends at the limit', async () => {
    const user = await person();
    const token = await suite.api.signIn(user.email, PASSWORD);
    const first = await change(token, 'wrong guess 0');
    expectProblem(first, 400, 'validation_failed');
    for (let i = 1; i < OWN_PASSWORD_FAILURES_MAX - 1; i++) {
      expect(answer(await change(token, `wrong guess ${i}`))).toEqual(answer(first));
    }
    expect(await me(token)).toBe(200);

    const last = await change(token, 'the last wrong guess');
    expect(answer(last)).toEqual(answer(first));
    expect(await me(token)).toBe(401);
    expect((await change(token, PASSWORD)).status).toBe(401);
    expect(await signInStatus(user.email, NEW_PASSWORD)).toBe(401);
  });

  it('when the limit is reached, then the right password on another session of the account is answered as wrong and ends that session too', async () => {
    const user = await person();
    const guesser = await suite.api.signIn(user.email, PASSWORD);
    const other = await suite.api.signIn(user.email, PASSWORD);
    for (let i = 0; i < OWN_PASSWORD_FAILURES_MAX; i++) await change(guesser, `wrong guess ${i}`);

    const res = await change(other, PASSWORD);
    expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.code)).toEqual(['wrong_password']);
    expect(await me(other)).toBe(401);
    // The password did not change.
    expect(await signInStatus(user.email, PASSWORD)).toBe(200);
  });

  it('when many wrong guesses arrive at once, then none gets past the limit and the session ends', async () => {
    const user = await person();
    const token = await suite.api.signIn(user.email, PASSWORD);
    const answers = await Promise.all(
      Array.from({ length: OWN_PASSWORD_FAILURES_MAX * 2 }, (_, i) => change(token, `parallel guess ${i}`)),
    );
    expect(answers.every((res) => res.status === 400 || res.status === 401)).toBe(true);
    expect(answers.filter((res) => res.status === 400).length).toBeGreaterThanOrEqual(OWN_PASSWORD_FAILURES_MAX);
    expect(await me(token)).toBe(401);
  });

  it('when the right password comes before the limit, then the password changes and the count starts over', async () => {
    const user = await person();
    const token = await suite.api.signIn(user.email, PASSWORD);
    for (let i = 0; i < OWN_PASSWORD_FAILURES_MAX - 1; i++) await change(token, `wrong guess ${i}`);
    expect((await change(token, PASSWORD)).status).toBe(204);
    expect(await me(token)).toBe(200);
    // A fresh count: one more wrong guess does not end the session.
    const again = await suite.api.call('POST', '/v2/client/auth/password', {
      token,
      body: { currentPassword: 'wrong once more', newPassword: 'yet another password' },
    });
    expectProblem(again, 400, 'validation_failed');
    expect(await me(token)).toBe(200);
  });
});
