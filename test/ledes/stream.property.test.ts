import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { validateLedes, validateLedesStream } from '../../lib/ledes';
import { sharedPath } from '../helpers/shared';

const DIR = sharedPath('fixtures', 'ledes');
const fixtures = readdirSync(DIR)
	.filter((f) => f.endsWith('.txt'))
	.map((f) => readFileSync(`${DIR}/${f}`, 'utf8'));

describe('LEDES streaming = in-memory (fast-check)', () => {
	it('any fixture, corrupted anywhere, split into chunks anywhere, gives the same findings as a whole-text validation', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...fixtures),
				fc.array(fc.tuple(fc.nat(), fc.constantFrom('|', '[]', '\n', '\r\n', 'x', '9', '.', '-', '', 'é', ' ')), { maxLength: 6 }),
				fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
				fc.boolean(),
				async (base, edits, sizes, crlf) => {
					let text = crlf ? base.replace(/\r?\n/g, '\r\n') : base;
					for (const [pos, s] of edits) {
						const p = pos % (text.length + 1);
						text = text.slice(0, p) + s + text.slice(p + (s === '' ? 1 : 0));
					}
					const whole = validateLedes(text);
					const bytes = Buffer.from(text, 'utf8');
					const chunks: Uint8Array[] = [];
					for (let i = 0, k = 0; i < bytes.length; k++) {
						const n = sizes[k % sizes.length];
						chunks.push(bytes.subarray(i, i + n));
						i += n;
					}
					const streamed = await validateLedesStream(chunks);
					expect(streamed.errors).toEqual(whole.errors);
					expect(streamed.warnings).toEqual(whole.warnings);
				},
			),
			{ numRuns: 200 },
		);
	});
});
