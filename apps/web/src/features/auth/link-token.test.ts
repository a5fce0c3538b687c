import { afterEach, describe, expect, it } from 'vitest';
import { fragmentWithoutToken, hideLinkToken, readLinkToken, tokenFromFragment } from './link-token.ts';

const TOKEN = 'Vb3k1l0_q-2xYzAbCdEfGhIjKlMnOpQrStUvWxYz012';

describe('tokenFromFragment', () => {
  it('when the fragment is #token=…, then it is the token', () => {
    expect(tokenFromFragment(`#token=${TOKEN}`)).toBe(TOKEN);
  });

  it('when the fragment has other parameters too, then the token is found among them', () => {
    expect(tokenFromFragment(`#utm=mail&token=${TOKEN}&x=1`)).toBe(TOKEN);
  });

  it('when there is no fragment, an empty token or no token parameter, then there is no token', () => {
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#')).toBeNull();
    expect(tokenFromFragment('#token=')).toBeNull();
    expect(tokenFromFragment('#other=1')).toBeNull();
  });

  it('when a mail client percent-encoded the fragment or added spaces, then the token is still read', () => {
    expect(tokenFromFragment(`#token=${encodeURIComponent(TOKEN)}%20`)).toBe(TOKEN);
  });
});

describe('fragmentWithoutToken', () => {
  it('when only the token was there, then nothing is left', () => {
    expect(fragmentWithoutToken(`#token=${TOKEN}`)).toBe('');
  });

  it('when other parameters were there, then they stay', () => {
    expect(fragmentWithoutToken(`#a=1&token=${TOKEN}&b=2`)).toBe('#a=1&b=2');
  });
});

describe('reading and hiding the token in the browser', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('when the page opens from the mailed link, then the token is read and leaves the address bar, keeping the router state', () => {
    window.history.replaceState({ usr: null, key: 'k1', idx: 0 }, '', `/reset-password?x=1#token=${TOKEN}`);
    expect(readLinkToken(window.location, window.history)).toBe(TOKEN);

    hideLinkToken(window.location, window.history);

    expect(window.location.href).toBe(`${window.location.origin}/reset-password?x=1`);
    expect(window.location.hash).toBe('');
    expect(window.history.state).toMatchObject({ key: 'k1', idx: 0 });
  });

  it('when the page is reloaded after the token left the address, then the token is still known', () => {
    window.history.replaceState(null, '', `/invitations/accept#token=${TOKEN}`);
    hideLinkToken(window.location, window.history);

    expect(readLinkToken(window.location, window.history)).toBe(TOKEN);
  });

  it('when hiding runs twice (React development mode), then the token is kept', () => {
    window.history.replaceState(null, '', `/invitations/accept#token=${TOKEN}`);
    hideLinkToken(window.location, window.history);
    hideLinkToken(window.location, window.history);

    expect(readLinkToken(window.location, window.history)).toBe(TOKEN);
  });

  it('when the page opens without a token, then there is none and the address is left alone', () => {
    window.history.replaceState(null, '', '/reset-password#section');
    hideLinkToken(window.location, window.history);

    expect(readLinkToken(window.location, window.history)).toBeNull();
    expect(window.location.hash).toBe('#section');
  });
});
