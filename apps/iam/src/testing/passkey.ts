import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A software passkey for integration tests: an ES256 key pair on a credential, answering WebAuthn
 * options as a browser would (`none` attestation). It signs for whatever origin it is told, so a
 * test can also answer for the wrong one. Real browsers are covered by the e2e spec (Chromium's
 * virtual authenticator).
 */

type Cbor = number | string | Uint8Array | CborMap | CborRecord;
interface CborMap extends Map<number | string, Cbor> {}
interface CborRecord {
  [key: string]: Cbor;
}

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  if (n < 65_536) return [(major << 5) | 25, n >> 8, n & 255];
  throw new Error('CBOR: too long for this test encoder');
}

function cbor(value: Cbor): number[] {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = [...Buffer.from(value, 'utf8')];
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return [...head(5, entries.length), ...entries.flatMap(([k, v]) => [...cbor(k), ...cbor(v)])];
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

export interface SoftPasskey {
  id: string;
  /** Answers registration options (`navigator.credentials.create`). */
  register(options: Record<string, unknown>, origin: string): Record<string, unknown>;
  /**
   * Answers authentication options (`navigator.credentials.get`). Like a discoverable credential,
   * it sends the user handle it was registered with; `userVerified: false` is a tap with no PIN.
   */
  authenticate(
    options: Record<string, unknown>,
    origin: string,
    how?: { userVerified?: boolean; userHandle?: string },
  ): Record<string, unknown>;
}

export function softPasskey(): SoftPasskey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = (publicKey as KeyObject).export({ format: 'jwk' });
  const credentialId = randomBytes(16);
  let counter = 0;
  // The `user.id` of the registration options (base64url), sent back as `userHandle`.
  let handle: string | undefined;
  const coseKey = new Map<number, Cbor>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x as string, 'base64url')],
    [-3, Buffer.from(jwk.y as string, 'base64url')],
  ]);
  const clientData = (type: string, options: Record<string, unknown>, origin: string) =>
    Buffer.from(JSON.stringify({ type, challenge: options.challenge, origin, crossOrigin: false }));
  const rpIdOf = (options: Record<string, unknown>) =>
    String((options.rp as { id?: string } | undefined)?.id ?? options.rpId);

  return {
    id: b64url(credentialId),
    register(options, origin) {
      handle = (options.user as { id?: string } | undefined)?.id;
      const authData = Buffer.from([
        ...sha256(rpIdOf(options)),
        0x45, // user present, user verified, attested credential data
        ...u32(counter),
        ...new Uint8Array(16), // aaguid
        credentialId.length >> 8,
        credentialId.length & 255,
        ...credentialId,
        ...cbor(coseKey),
      ]);
      const attestationObject = Buffer.from(cbor({ fmt: 'none', attStmt: {}, authData }));
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', options, origin)),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
      };
    },
    authenticate(options, origin, how = {}) {
      counter += 1;
      const flags = how.userVerified === false ? 0x01 : 0x05; // user present (and verified)
      const authData = Buffer.from([...sha256(rpIdOf(options)), flags, ...u32(counter)]);
      const data = clientData('webauthn.get', options, origin);
      const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), privateKey);
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(data),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          ...((how.userHandle ?? handle) ? { userHandle: how.userHandle ?? handle } : {}),
        },
        clientExtensionResults: {},
      };
    },
  };
}
