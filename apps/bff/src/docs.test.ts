import { basicAuth, type TestIam } from '@team-access/iam/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, expectProblem } from './testing/browser.ts';
import { startIamOnOwnDatabase, startTestBff, type TestBff } from './testing/harness.ts';

describe('the API reference through the BFF', () => {
  let iam: TestIam;
  let bff: TestBff;
  const member = { email: 'plain.member@example.com', password: 'a member password' };

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase();
    bff = await startTestBff({ iamBaseUrl: iam.url });
    const created = await fetch(`${iam.url}/v2/client/multi-user`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ ...member, role: 'MEMBER' }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });

  it('when an owner opens /docs, then the page, its script and the document come through, with no credentials in them', async () => {
    const b = browser(bff.url);
    expect((await b.signIn()).status).toBe(200);

    const page = await b.fetch('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("worker-src 'self' blob:");
    const html = await page.text();
    expect(html).toContain('<script src="/docs/redoc.standalone.js"></script>');
    expect(html).toContain('spec-url="/docs/openapi.json"');

    const script = await b.fetch('/docs/redoc.standalone.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');

    const document = await b.fetch('/docs/openapi.json');
    expect(document.status).toBe(200);
    const text = await document.text();
    expect(JSON.parse(text)).toMatchObject({ openapi: '3.1.0' });
    for (const answer of [html, text]) {
      expect(answer).not.toContain(basicAuth().slice('Basic '.length));
      expect(answer).not.toMatch(/as_test_secret/);
    }
  });

  it('when nobody is signed in, then /docs is a 401', async () => {
    await expectProblem(await browser(bff.url).fetch('/docs'), 401, 'unauthenticated');
  });

  it('when a MEMBER opens /docs, then 403', async () => {
    const b = browser(bff.url);
    expect((await b.signIn(member.email, member.password)).status).toBe(200);
    await expectProblem(await b.fetch('/docs'), 403, 'forbidden');
    await expectProblem(await b.fetch('/docs/openapi.json'), 403, 'forbidden');
  });
});
