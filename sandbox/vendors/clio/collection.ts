/** The value a secondary index files a record under (an id such as matter_id, or null). */
export type IndexKey = number | null;

/**
 * A secondary index: key → the ascending ids of the live records with that key, and id → the key
 * each record is filed under (so a record whose key changed can be moved).
 */
class SecondaryIndex<R extends { id: number }> {
	readonly lists = new Map<IndexKey, number[]>();
	private readonly keyById = new Map<number, IndexKey>();

	constructor(readonly keyOf: (r: R) => IndexKey) {}

	/** Files a record whose id is larger than every id filed so far (adds and the initial load). */
	append(r: R): void {
		const key = this.keyOf(r);
		this.keyById.set(r.id, key);
		const list = this.lists.get(key);
		if (list) list.push(r.id);
		else this.lists.set(key, [r.id]);
	}

	remove(id: number): void {
		if (!this.keyById.has(id)) return;
		const key = this.keyById.get(id) as IndexKey;
		this.keyById.delete(id);
		const list = this.lists.get(key);
		if (!list) return;
		const at = lowerBound(list, id);
		if (list[at] === id) list.splice(at, 1);
		if (!list.length) this.lists.delete(key);
	}

	/** Moves a record to the key it has now (after an in-place change); no-op when unchanged. */
	refile(r: R): void {
		const key = this.keyOf(r);
		if (this.keyById.has(r.id) && this.keyById.get(r.id) === key) return;
		this.remove(r.id);
		this.keyById.set(r.id, key);
		const list = this.lists.get(key);
		if (!list) this.lists.set(key, [r.id]);
		else list.splice(lowerBound(list, r.id), 0, r.id);
	}
}

/** First position in an ascending array whose value is >= x. */
export function lowerBound(sorted: readonly number[], x: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * An id-indexed record store for 100k+ records: a Map for lookups and an ascending id array for
 * cursor scans (binary search to the cursor, then a forward scan), so a page costs O(log n +
 * scanned) and a full sync O(n) — never O(n²). Ids only grow; deleted ids are skipped and
 * compacted away now and then.
 *
 * Optional secondary indexes (e.g. activities by matter_id): `indexed(name, key)` gives the
 * ascending ids of the live records with that key, so a filtered read costs O(that key's records)
 * instead of O(n). They follow add/delete by themselves; a change of an indexed field in place must
 * be followed by `reindex(record)` (or `touch(record)`).
 */
export class Collection<R extends { id: number }> {
	private readonly byId = new Map<number, R>();
	private ids: number[] = [];
	private deletedSinceCompact = 0;
	private next: number;
	// typed on the id only, so Collection<R> stays assignable as before (the key functions read R)
	private readonly indexes = new Map<string, SecondaryIndex<{ id: number }>>();
	/** bumps on every change (cache key for counts) */
	version = 0;

	constructor(
		records: R[] = [],
		firstId = 1,
		indexes: Record<string, (r: R) => IndexKey> = {},
	) {
		for (const [name, keyOf] of Object.entries(indexes)) this.indexes.set(name, new SecondaryIndex(keyOf as (r: { id: number }) => IndexKey));
		const sorted = [...records].sort((a, b) => a.id - b.id);
		for (const r of sorted) {
			this.byId.set(r.id, r);
			this.ids.push(r.id);
			for (const index of this.indexes.values()) index.append(r);
		}
		this.next = Math.max(firstId, (sorted[sorted.length - 1]?.id ?? 0) + 1);
	}

	/** Whether a secondary index of that name exists. */
	hasIndex(name: string): boolean {
		return this.indexes.has(name);
	}

	/**
	 * The ascending ids of the live records filed under `key` in the index `name` (a live view: do
	 * not keep it across changes), or undefined when there is no such index.
	 */
	indexed(name: string, key: IndexKey): readonly number[] | undefined {
		const index = this.indexes.get(name);
		if (!index) return undefined;
		return index.lists.get(key) ?? [];
	}

	/** Re-files a record in every secondary index after an in-place change of its fields. */
	reindex(record: R): void {
		if (this.byId.get(record.id) !== record) return;
		for (const index of this.indexes.values()) index.refile(record);
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
		for (const index of this.indexes.values()) index.append(record);
		if (record.id >= this.next) this.next = record.id + 1;
		this.version++;
		return record;
	}

	/** A record changed in place: bumps the version (and re-files `record` in the secondary indexes). */
	touch(record?: R): void {
		if (record) this.reindex(record);
		this.version++;
	}

	delete(id: number): R | undefined {
		const r = this.byId.get(id);
		if (!r) return undefined;
		this.byId.delete(id);
		for (const index of this.indexes.values()) index.remove(id);
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
