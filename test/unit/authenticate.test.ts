/**
 * The gateway's token check: a verified token is remembered by its text, never past its expiry, and a
 * refused one is checked again each time.
 */
import type { IncomingMessage } from 'node:http';
import { SignJWT } from 'jose';
import { createAuthenticator } from '../../gateway/auth/authenticate';
import { issueDevToken } from '../../gateway/auth/tokens';

const SECRET = 'a-development-secret-of-at-least-32-chars';
const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as unknown as IncomingMessage;

describe('gateway authentication', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same principal for a token it has verified, frozen so requests cannot change it', async () => {
    const auth = await createAuthenticator({ JWT_SECRET: SECRET });
    const token = await issueDevToken({ role: 'app', subject: 'app-1', scopes: ['pii:read'] }, new TextEncoder().encode(SECRET));
    const first = await auth.authenticate(request(token));
    expect(first).toEqual({ sub: 'app-1', role: 'app', scopes: ['taxpayer:read', 'pii:read'] });
    expect(await auth.authenticate(request(token))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.scopes)).toBe(true);
  });

  it("carries an officer's tax office code, and refuses an officer token without one", async () => {
    const auth = await createAuthenticator({ JWT_SECRET: SECRET });
    const key = new TextEncoder().encode(SECRET);
    const token = await issueDevToken({ role: 'officer', subject: 'officer-1', office: '14403000000' }, key);
    expect(await auth.authenticate(request(token))).toEqual({
      sub: 'officer-1',
      role: 'officer',
      office: '14403000000',
      scopes: ['taxpayer:read'],
    });
    const noOffice = await new SignJWT({ role: 'officer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-2').sign(key);
    await expect(auth.authenticate(request(noOffice))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(issueDevToken({ role: 'officer', subject: 'officer-3' }, key)).rejects.toThrow(/--office/);
    await expect(issueDevToken({ role: 'app', subject: 'app-9', office: '14403000000' }, key)).rejects.toThrow(/only an officer/);
  });

  it('refuses a remembered token once it has expired', async () => {
    const auth = await createAuthenticator({ JWT_SECRET: SECRET });
    const token = await issueDevToken({ role: 'app', subject: 'app-2', expiresIn: '20s' }, new TextEncoder().encode(SECRET));
    await expect(auth.authenticate(request(token))).resolves.toMatchObject({ sub: 'app-2' });
    // The clock moves past exp (jose reads it through new Date(), the cache through Date.now()); timers stay real.
    jest.useFakeTimers({
      now: Date.now() + 30_000,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });
    await expect(auth.authenticate(request(token))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('checks a refused token again each time', async () => {
    const auth = await createAuthenticator({ JWT_SECRET: SECRET });
    const forged = await issueDevToken(
      { role: 'app', subject: 'app-3' },
      new TextEncoder().encode('another-secret-of-at-least-32-characters'),
    );
    for (let i = 0; i < 2; i++)
      await expect(auth.authenticate(request(forged))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
