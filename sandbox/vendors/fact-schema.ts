/**
 * Request contracts written from a vendor FACT SHEET (no machine-readable spec): a small schema per
 * operation, each rule carrying the fact-sheet line it comes from (`brightflag/facts.md:61`). Used
 * by the Brightflag and Legal Tracker contracts (./brightflag/contract.ts, ./legaltracker/contract.ts),
 * plugged into the framework's middleware (../framework/contracts.ts). Judges only what the facts
 * say; never imports product code.
 */
import { mediaType, violation, type ContractRequest, type ContractResult, type ContractViolation } from '../framework/contracts';

/** A rule's value and the fact line it comes from. */
export interface Cited<T> {
	value: T;
	cite: string;
}

export interface FactOperation {
	method: string;
	/** the path template, e.g. "/api/ap-batch/v1/batch/{batchID}/invoices" */
	template: string;
	/** `fact-sheet`: judged by the rules below; `none`: served by the simulator but not documented (counted, not judged) */
	source: 'fact-sheet' | 'none';
	/** why the operation exists (fact line), or why it is not judged */
	cite: string;
	/** each path parameter's pattern */
	pathParams?: Record<string, Cited<RegExp> & { what: string }>;
	/** query names allowed (raw names, e.g. `paging.pageSize`, `$select`); undefined: any */
	queryNames?: Cited<string[]>;
	/** query names that must be given */
	queryRequired?: Cited<string[]>;
	/** query names that may appear at most once */
	querySingle?: Cited<string[]>;
	/** per query name: a check of the (single) value; returns a problem or undefined */
	queryValues?: Record<string, Cited<(value: string) => string | undefined>>;
	/** header checks (lower-case names) */
	headers?: Array<Cited<(headers: Record<string, string | undefined>) => string | undefined> & { rule: string }>;
	/** the body's media type (without parameters) */
	contentType?: Cited<string[]>;
	/** body checks: an object body (JSON or form) */
	body?: {
		cite: string;
		/** one object, not an array */
		object?: boolean;
		required?: Cited<string[]>;
		/** allowed names (closed object); undefined: open (the fact list was read only in part) */
		allowed?: Cited<string[]>;
		/** per field: a check of its value */
		fields?: Record<string, Cited<(value: unknown) => string | undefined>>;
		/** a check of the whole body */
		custom?: Array<Cited<(body: Record<string, unknown>) => string | undefined> & { rule: string }>;
	};
}

interface Compiled extends FactOperation {
	re: RegExp;
	params: string[];
}

export interface FactContract {
	/** e.g. "brightflag/facts.md" */
	reference: string;
	operations: FactOperation[];
	/** a request matching no operation: which path prefixes are API paths (judged "unknown operation") */
	apiPrefixes: Cited<string[]>;
}

function compile(op: FactOperation): Compiled {
	const params: string[] = [];
	const re = new RegExp(
		`^${op.template
			.replace(/[.+?^$()|[\]\\]/g, '\\$&')
			.replace(/\{([^}]+)\}/g, (_m, name: string) => {
				params.push(name);
				return '([^/]+)';
			})}$`,
	);
	return { ...op, re, params };
}

/** Builds the validator: the operation whose template matches, then every rule of its schema. */
export function factContract(contract: FactContract): (req: ContractRequest) => ContractResult {
	const ops = contract.operations.map(compile).sort((a, b) => a.params.length - b.params.length);
	return (req) => {
		const hits = ops.filter((o) => o.re.test(req.path));
		const op = hits.find((o) => o.method === req.method);
		if (!op) {
			const isApi = contract.apiPrefixes.value.some((p) => req.path.startsWith(p));
			if (!isApi) return { operation: `${req.method} ${req.path}`, source: 'none', violations: [] };
			const why = hits.length
				? violation('method', `${req.method} is not documented for ${hits[0].template} (documented: ${hits.map((h) => h.method).join(', ')})`, contract.apiPrefixes.cite)
				: violation('path', `${req.method} ${req.path} is not an operation in ${contract.reference}`, contract.apiPrefixes.cite);
			return { operation: `${req.method} ${req.path}`, source: 'fact-sheet', reference: contract.reference, violations: [why] };
		}
		const operation = `${op.method} ${op.template}`;
		if (op.source === 'none') return { operation, source: 'none', reference: op.cite, violations: [] };
		return { operation, source: 'fact-sheet', reference: contract.reference, violations: judge(op, req) };
	};
}

function judge(op: Compiled, req: ContractRequest): ContractViolation[] {
	const v: ContractViolation[] = [];
	// path parameters
	const m = op.re.exec(req.path);
	op.params.forEach((name, i) => {
		const rule = op.pathParams?.[name];
		const value = decodeURIComponent(m?.[i + 1] ?? '');
		if (rule && !rule.value.test(value)) v.push(violation('path.param', `{${name}} must be ${rule.what}, got "${value}"`, rule.cite));
	});
	// query
	const names = Object.keys(req.query);
	if (op.queryNames) {
		for (const n of names) if (!op.queryNames.value.includes(n)) v.push(violation('query.name', `unknown query parameter "${n}" (documented: ${op.queryNames.value.join(', ') || 'none'})`, op.queryNames.cite));
	}
	for (const n of op.queryRequired?.value ?? []) if (!names.includes(n)) v.push(violation('query.required', `query parameter "${n}" is required`, op.queryRequired!.cite));
	for (const n of op.querySingle?.value ?? []) if ((req.query[n]?.length ?? 0) > 1) v.push(violation('query.single', `"${n}" takes one value (sent ${req.query[n].length} times)`, op.querySingle!.cite));
	for (const [n, rule] of Object.entries(op.queryValues ?? {})) {
		for (const value of req.query[n] ?? []) {
			const problem = rule.value(value);
			if (problem) v.push(violation('query.value', `${n}: ${problem}`, rule.cite));
		}
	}
	// headers
	for (const h of op.headers ?? []) {
		const problem = h.value(req.headers);
		if (problem) v.push(violation(h.rule, problem, h.cite));
	}
	// body
	const hasBody = !!req.rawBody && req.rawBody.length > 0;
	if (op.contentType && hasBody) {
		const type = mediaType(req.headers['content-type']);
		if (!op.contentType.value.includes(type)) v.push(violation('header.content-type', `Content-Type must be ${op.contentType.value.join(' or ')}, got "${type || '(none)'}"`, op.contentType.cite));
	}
	if (op.body) {
		const b = req.body;
		if (op.body.object && (b === null || typeof b !== 'object' || Array.isArray(b) || Buffer.isBuffer(b))) {
			v.push(violation('body.schema', `the body must be one object${Array.isArray(b) ? ', not an array' : ''}`, op.body.cite));
			return v;
		}
		const body = (b ?? {}) as Record<string, unknown>;
		const present = (k: string) => body[k] !== undefined && body[k] !== null && body[k] !== '';
		for (const k of op.body.required?.value ?? []) if (!present(k)) v.push(violation('body.required', `"${k}" is required`, op.body.required!.cite));
		if (op.body.allowed) for (const k of Object.keys(body)) if (!op.body.allowed.value.includes(k)) v.push(violation('body.name', `unknown field "${k}" (documented: ${op.body.allowed.value.join(', ')})`, op.body.allowed.cite));
		for (const [k, rule] of Object.entries(op.body.fields ?? {})) {
			if (body[k] === undefined || body[k] === null) continue;
			const problem = rule.value(body[k]);
			if (problem) v.push(violation('body.value', `${k}: ${problem}`, rule.cite));
		}
		for (const c of op.body.custom ?? []) {
			const problem = c.value(body);
			if (problem) v.push(violation(c.rule, problem, c.cite));
		}
	}
	return v;
}

/** `Authorization: Bearer <token>` */
export function bearer(cite: string): Cited<(h: Record<string, string | undefined>) => string | undefined> & { rule: string } {
	return { rule: 'header.authorization', cite, value: (h) => (/^Bearer\s+\S+/.test(h.authorization ?? '') ? undefined : 'Authorization: Bearer <access_token> is required') };
}
