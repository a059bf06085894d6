import { createHmac } from 'node:crypto';
import { MAX_TOKEN_LENGTH, PORTAL_AUDIENCE, signPortalToken, verifyPortalToken } from '../../lib/report';

const KEY = 'k'.repeat(16) + 'portal-signing-key-0123456789';
const NOW = new Date('2026-11-15T12:00:00Z');
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sign = (key: string, input: string, alg = 'sha256') => createHmac(alg, key).update(input).digest('base64url');
/** A token built by hand (as an attacker would), signed with the right key unless told otherwise. */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>, o: { key?: string; alg?: string; sig?: string } = {}): string {
	const input = `${b64(header)}.${b64(claims)}`;
	return `${input}.${o.sig ?? sign(o.key ?? KEY, input, o.alg)}`;
}
const claims = (over: Record<string, unknown> = {}) => ({ sub: 'CLIENT-A', aud: PORTAL_AUDIENCE, iat: NOW.getTime() / 1000 - 60, exp: NOW.getTime() / 1000 + 3600, ...over });

describe('portal tokens (HS256)', () => {
	it('signs and verifies: the client comes from the token', () => {
		const t = signPortalToken(KEY, { clientId: 'CLIENT-A', contact: 'gc@client-a.example', ttlSeconds: 3600, now: NOW });
		const v = verifyPortalToken(t, KEY, { now: NOW });
		expect(v).toEqual({ ok: true, claims: expect.objectContaining({ sub: 'CLIENT-A', contact: 'gc@client-a.example', aud: PORTAL_AUDIENCE, exp: NOW.getTime() / 1000 + 3600 }) });
		expect(JSON.parse(Buffer.from(t.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
	});

	it('a hand-built HS256 token with the right key verifies (the check is the standard one)', () => {
		expect(verifyPortalToken(forge({ alg: 'HS256', typ: 'JWT' }, claims()), KEY, { now: NOW }).ok).toBe(true);
	});

	it('refuses a missing token with 401', () => {
		for (const t of [undefined, null, '']) expect(verifyPortalToken(t, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'missing', status: 401 });
	});

	it('refuses a tampered signature, a tampered payload and another key with 401', () => {
		const t = signPortalToken(KEY, { clientId: 'CLIENT-A', ttlSeconds: 3600, now: NOW });
		const [h, p, s] = t.split('.');
		const flipped = s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1);
		expect(verifyPortalToken(`${h}.${p}.${flipped}`, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-signature', status: 401 });
		// the payload switched to client B, the signature of A kept
		expect(verifyPortalToken(`${h}.${b64(claims({ sub: 'CLIENT-B' }))}.${s}`, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-signature' });
		expect(verifyPortalToken(forge({ alg: 'HS256' }, claims(), { key: 'another-key-of-enough-length-000000' }), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-signature' });
		// a signature of another length (truncated) and no signature at all
		expect(verifyPortalToken(`${h}.${p}.${s.slice(0, 20)}`, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-signature' });
		expect(verifyPortalToken(`${h}.${p}.`, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-signature' });
	});

	it('refuses alg none (with or without a signature) and every other algorithm, with 401', () => {
		expect(verifyPortalToken(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'unsupported-alg', status: 401 });
		expect(verifyPortalToken(forge({ alg: 'none' }, claims()), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'unsupported-alg' });
		expect(verifyPortalToken(forge({ alg: 'None' }, claims()), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'unsupported-alg' });
		// HS512 signed with the same key is still refused: the verifier fixes the algorithm
		expect(verifyPortalToken(forge({ alg: 'HS512' }, claims(), { alg: 'sha512' }), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'unsupported-alg' });
		for (const alg of ['RS256', 'ES256', 'PS256', 'HS384', '', undefined]) expect(verifyPortalToken(forge({ alg }, claims()), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'unsupported-alg' });
		expect(verifyPortalToken(forge({ alg: 'HS256', crit: ['exp'] }, claims()), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'unsupported-alg' });
	});

	it('refuses an expired token (403), and one not valid yet; exp is required', () => {
		const t = signPortalToken(KEY, { clientId: 'CLIENT-A', ttlSeconds: 60, now: NOW });
		expect(verifyPortalToken(t, KEY, { now: new Date(NOW.getTime() + 59_000) }).ok).toBe(true);
		expect(verifyPortalToken(t, KEY, { now: new Date(NOW.getTime() + 60_000) })).toMatchObject({ ok: false, reason: 'expired', status: 403 });
		expect(verifyPortalToken(forge({ alg: 'HS256' }, claims({ exp: undefined })), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-claims' });
		expect(verifyPortalToken(forge({ alg: 'HS256' }, claims({ exp: '9999999999' })), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-claims' });
		expect(verifyPortalToken(forge({ alg: 'HS256' }, claims({ nbf: NOW.getTime() / 1000 + 100 })), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'not-yet-valid' });
	});

	it('refuses another audience and a missing or odd client id', () => {
		expect(verifyPortalToken(forge({ alg: 'HS256' }, claims({ aud: 'something-else' })), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'wrong-audience' });
		for (const sub of [undefined, '', '  ', 42, ['A'], 'x'.repeat(201), 'A\nB']) expect(verifyPortalToken(forge({ alg: 'HS256' }, claims({ sub })), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'bad-claims' });
	});

	it('refuses malformed and oversized tokens without throwing', () => {
		for (const t of ['a', 'a.b', 'a.b.c.d', '!!.!!.!!', `${b64('str')}.${b64(claims())}.x`, `${Buffer.from('{bad json').toString('base64url')}.e30.x`, 42, {}])
			expect(verifyPortalToken(t as string, KEY, { now: NOW }).ok).toBe(false);
		expect(verifyPortalToken('a'.repeat(MAX_TOKEN_LENGTH + 1), KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'too-long' });
		// a payload that is not JSON but correctly signed
		const input = `${b64({ alg: 'HS256' })}.${Buffer.from('not json').toString('base64url')}`;
		expect(verifyPortalToken(`${input}.${sign(KEY, input)}`, KEY, { now: NOW })).toMatchObject({ ok: false, reason: 'malformed' });
	});

	it('needs a key of at least 32 characters, to sign and to verify', () => {
		expect(() => signPortalToken('short', { clientId: 'A', ttlSeconds: 60 })).toThrow(/at least 32/);
		expect(() => verifyPortalToken('x', 'short')).toThrow(/at least 32/);
		expect(() => signPortalToken(KEY, { clientId: 'A', ttlSeconds: 0 })).toThrow(/lifetime/);
	});
});
