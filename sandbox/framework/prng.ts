/**
 * Seeded pseudo-random numbers (mulberry32 over a 32-bit FNV-1a hash of the seed text). Same seed,
 * same sequence, on every machine — the seed data and the fault injection depend on it.
 */
export interface Prng {
	/** float in [0, 1) */
	next(): number;
	/** integer in [min, max] (inclusive) */
	int(min: number, max: number): number;
	/** true with probability p */
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
	/** weighted pick: [[item, weight], ...] */
	weighted<T>(items: readonly (readonly [T, number])[]): T;
	/** an independent generator derived from this seed and a label */
	fork(label: string): Prng;
}

export function hashSeed(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export function createPrng(seed: string | number): Prng {
	const seedText = String(seed);
	let state = hashSeed(seedText) || 0x9e3779b9;
	const next = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const prng: Prng = {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (p) => p > 0 && next() < p,
		pick: (items) => {
			if (items.length === 0) throw new RangeError('pick from an empty list');
			return items[Math.floor(next() * items.length)];
		},
		weighted: (items) => {
			const total = items.reduce((s, [, w]) => s + w, 0);
			let r = next() * total;
			for (const [item, w] of items) {
				r -= w;
				if (r < 0) return item;
			}
			return items[items.length - 1][0];
		},
		fork: (label) => createPrng(`${seedText}/${label}`),
	};
	return prng;
}
