/**
 * An id-indexed record store for 100k+ records: a Map for lookups and an ascending id array for
 * cursor scans (binary search to the cursor, then a forward scan), so a page costs O(log n +
 * scanned) and a full sync O(n) — never O(n²). Ids only grow; deleted ids are skipped and
 * compacted away now and then.
 */
export class Collection<R extends { id: number }> {
	private readonly byId = new Map<number, R>();
	private ids: number[] = [];
	private deletedSinceCompact = 0;
	private next: number;
	/** bumps on every change (cache key for counts) */
	version = 0;

	constructor(
		records: R[] = [],
		firstId = 1,
	) {
		const sorted = [...records].sort((a, b) => a.id - b.id);
		for (const r of sorted) {
			this.byId.set(r.id, r);
			this.ids.push(r.id);
		}
		this.next = Math.max(firstId, (sorted[sorted.length - 1]?.id ?? 0) + 1);
	}

	get size(): number {
		return this.byId.size;
	}

	get(id: number): R | undefined {
		return this.byId.get(id);
	}

	nextId(): number {
		return this.next++;
	}

	add(record: R): R {
		if (this.byId.has(record.id)) throw new Error(`duplicate id ${record.id}`);
		if (this.ids.length && record.id < this.ids[this.ids.length - 1]) throw new Error(`ids must grow (got ${record.id})`);
		this.byId.set(record.id, record);
		this.ids.push(record.id);
		if (record.id >= this.next) this.next = record.id + 1;
		this.version++;
		return record;
	}

	touch(): void {
		this.version++;
	}

	delete(id: number): R | undefined {
		const r = this.byId.get(id);
		if (!r) return undefined;
		this.byId.delete(id);
		this.version++;
		if (++this.deletedSinceCompact > 1000) {
			this.ids = this.ids.filter((x) => this.byId.has(x));
			this.deletedSinceCompact = 0;
		}
		return r;
	}

	/** Live records with id > afterId, ascending. */
	*scanAfter(afterId = 0): Generator<R> {
		let lo = 0;
		let hi = this.ids.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.ids[mid] <= afterId) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo; i < this.ids.length; i++) {
			const r = this.byId.get(this.ids[i]);
			if (r) yield r;
		}
	}

	/** Live records with id < beforeId, descending. */
	*scanBefore(beforeId = Number.MAX_SAFE_INTEGER): Generator<R> {
		let lo = 0;
		let hi = this.ids.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.ids[mid] < beforeId) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo - 1; i >= 0; i--) {
			const r = this.byId.get(this.ids[i]);
			if (r) yield r;
		}
	}

	all(): R[] {
		return [...this.scanAfter(0)];
	}
}
