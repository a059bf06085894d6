/**
 * REQUEST CONTRACTS — the sandbox judges every request against the vendor's published spec.
 *
 * A vendor module may carry a `contract` factory (see `VendorModule.contract` in ../vendors):
 *
 * ```ts
 * // sandbox/vendors/<vendor>/contract.ts
 * import { type ContractValidator, violation } from '../../framework/contracts';
 * export function myVendorContract(): ContractValidator {
 *   return (req) => {
 *     if (req.method === 'GET' && req.path === '/api/invoices') {
 *       const v = [];
 *       for (const name of Object.keys(req.query)) if (!['$select', '$filter'].includes(name))
 *         v.push(violation('query.name', `unknown query parameter "${name}"`, 'legaltracker/facts.md §3 line 12'));
 *       return { operation: 'GET /api/invoices', source: 'fact-sheet', violations: v };
 *     }
 *     return { operation: `${req.method} ${req.path}`, source: 'none', violations: [] }; // not judged
 *   };
 * }
 * // sandbox/vendors/<vendor>/index.ts:   export const myVendor: VendorModule<S> = { name, prefix, title, contract: myVendorContract, create(ctx) {...} };
 * ```
 *
 * - `req.path` is relative to the vendor prefix (`/api/rest/timeentries`, not `/actionstep/...`);
 *   `req.query` holds the RAW query names (`fields[actions]`, `ids[]`) with every value as a list;
 *   `req.body` is the parsed body (JSON/urlencoded/text), `req.rawBody` the bytes.
 * - `source`: `official` (a published machine-readable spec, e.g. an OpenAPI file), `fact-sheet`
 *   (rules written in the test tree from a fact sheet; cite the fact line in each violation's
 *   `source`), `none` (seen but not judged: counted as "not validated" in the report).
 * - `operation` is the spec's name for it (method + template path), so the report groups
 *   `GET /timeentries/{id}` and not every id.
 * - A validator must never import product code (lib/, nodes/): it judges the product.
 *
 * The middleware (mounted by sandbox/index.ts before the vendor routes) answers a violation with
 * HTTP 400 `{ contractViolation: { vendor, request, operation, source, violations: [{rule, message, source}] } }`
 * so the test that sent it fails with the request and the rule broken. Mode: SandboxOptions
 * `contracts` or env `LB_CONTRACTS` = `enforce` (default) | `record` (count and log, never refuse)
 * | `off`. A test that sends a wrong request ON PURPOSE (to test the simulator's own error) sends
 * the header `X-Sandbox-Contract: expect-violation`: the violation is counted as expected and the
 * request goes on to the simulator. A test of the contract itself sends `expect-refusal`: counted
 * as expected, still refused with the 400.
 *
 * Every sandbox process appends its counts to `.n8n-local/contracts/<pid>-<n>.json` (on close,
 * and at most every 500 ms while requests arrive); test/contracts-reporter.js prints the
 * suite-wide table at the end of a jest run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type ContractSource = 'official' | 'fact-sheet' | 'none';

export interface ContractRequest {
	vendor: string;
	method: string;
	/** path below the vendor prefix, without the query string */
	path: string;
	/** raw query parameter names → every value given */
	query: Record<string, string[]>;
	/** lower-case header names */
	headers: Record<string, string | undefined>;
	body: unknown;
	rawBody?: Buffer;
}

export interface ContractViolation {
	/** short rule id, e.g. "path", "query.name", "query.enum", "fields", "body.schema", "header.content-type" */
	rule: string;
	message: string;
	/** where the rule comes from: "actionstep/openapi/timeentries.yaml", "actionstep/facts.md §3", … */
	source?: string;
}

export interface ContractResult {
	/** "GET /timeentries/{id}" */
	operation: string;
	source: ContractSource;
	/** the spec file or fact sheet judged against */
	reference?: string;
	violations: ContractViolation[];
}

export type ContractValidator = (req: ContractRequest) => ContractResult;

export type ContractMode = 'enforce' | 'record' | 'off';

export const violation = (rule: string, message: string, source?: string): ContractViolation => ({ rule, message, ...(source ? { source } : {}) });

/**
 * Where the per-process count files go (the reporter reads them): LB_CONTRACTS_DIR (the reporter
 * sets one per jest run), read at each write, since jest runs an e2e globalSetup before it
 * constructs the reporters.
 */
export function contractsDir(): string {
	return process.env.LB_CONTRACTS_DIR ?? resolve(__dirname, '../../.n8n-local/contracts');
}

// ---------------------------------------------------------------------------------------------
// recording: one recorder per process (counts only; several sandboxes add to it)

interface OpCount {
	vendor: string;
	operation: string;
	source: ContractSource;
	reference?: string;
	requests: number;
	violations: number;
	expectedViolations: number;
}

export interface ContractCountsFile {
	pid: number;
	writtenAt: string;
	operations: OpCount[];
	/** the first violations seen (at most 50), for the report */
	samples: Array<{ vendor: string; request: string; operation: string; violations: ContractViolation[] }>;
}

class ContractRecorder {
	private readonly ops = new Map<string, OpCount>();
	private readonly samples: ContractCountsFile['samples'] = [];
	private readonly name = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.json`;
	private timer: NodeJS.Timeout | undefined;
	private dirty = false;

	constructor() {
		process.once('exit', () => this.flush());
	}

	record(vendor: string, request: string, result: ContractResult, expected: boolean): void {
		const key = `${vendor}\u0000${result.operation}\u0000${result.source}`;
		let c = this.ops.get(key);
		if (!c) {
			c = { vendor, operation: result.operation, source: result.source, ...(result.reference ? { reference: result.reference } : {}), requests: 0, violations: 0, expectedViolations: 0 };
			this.ops.set(key, c);
		}
		c.requests++;
		if (result.violations.length) {
			if (expected) c.expectedViolations++;
			else {
				c.violations++;
				if (this.samples.length < 50) this.samples.push({ vendor, request, operation: result.operation, violations: result.violations });
			}
		}
		this.dirty = true;
		if (!this.timer) {
			this.timer = setTimeout(() => {
				this.timer = undefined;
				this.flush();
			}, 500);
			this.timer.unref();
		}
	}

	flush(): void {
		if (!this.dirty) return;
		this.dirty = false;
		try {
			const dir = contractsDir();
			mkdirSync(dir, { recursive: true });
			const out: ContractCountsFile = { pid: process.pid, writtenAt: new Date().toISOString(), operations: [...this.ops.values()], samples: this.samples };
			writeFileSync(join(dir, this.name), JSON.stringify(out));
		} catch {
			// the report is best effort; a read-only tree must not fail a test
		}
	}

	/** Marks the counts as unwritten (the next flush writes them, e.g. into a new directory). */
	touch(): void {
		this.dirty = this.ops.size > 0;
	}

	/** Forgets everything this process recorded (a test of the framework itself, with a made-up vendor). */
	reset(): void {
		this.ops.clear();
		this.samples.length = 0;
		this.dirty = true;
	}

	snapshot(): OpCount[] {
		return [...this.ops.values()].map((c) => ({ ...c }));
	}
}

let recorder: ContractRecorder | undefined;
/** The process-wide recorder (created on first use). */
export function contractRecorder(): ContractRecorder {
	recorder ??= new ContractRecorder();
	return recorder;
}
// the e2e sandbox lives in jest's main process: the reporter flushes it through this hook
(globalThis as { __LB_CONTRACTS_FLUSH__?: () => void }).__LB_CONTRACTS_FLUSH__ = () => {
	if (recorder) {
		recorder.touch();
		recorder.flush();
	}
};

// ---------------------------------------------------------------------------------------------
// middleware

/**
 * The mode for one vendor: the sandbox option, else env LB_CONTRACTS_<VENDOR> (e.g.
 * LB_CONTRACTS_CLIO=enforce), else env LB_CONTRACTS, else the module's default, else 'enforce'.
 */
export function contractMode(option?: ContractMode, vendor?: string, moduleDefault?: ContractMode): ContractMode {
	const ok = (m: string | undefined): m is ContractMode => m === 'record' || m === 'off' || m === 'enforce';
	const perVendor = vendor ? process.env[`LB_CONTRACTS_${vendor.toUpperCase()}`] : undefined;
	const env = process.env.LB_CONTRACTS;
	return option ?? (ok(perVendor) ? perVendor : ok(env) ? env : (moduleDefault ?? 'enforce'));
}

/** Turns an express request (below the vendor prefix) into a ContractRequest. */
export function contractRequest(vendor: string, req: Request): ContractRequest {
	const url = new URL(req.originalUrl, 'http://sandbox.invalid');
	const query: Record<string, string[]> = {};
	for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
	const headers: Record<string, string | undefined> = {};
	for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	return { vendor, method: req.method.toUpperCase(), path: req.path, query, headers, body: req.body, rawBody: (req as { rawBody?: Buffer }).rawBody };
}

/** Express middleware: judge, record, and (in enforce mode) refuse with 400. */
export function contractMiddleware(vendor: string, validator: ContractValidator, mode: ContractMode = contractMode()) {
	return (req: Request, res: Response, next: NextFunction) => {
		if (mode === 'off') return next();
		let result: ContractResult;
		const creq = contractRequest(vendor, req);
		try {
			result = validator(creq);
		} catch (e) {
			result = { operation: `${creq.method} ${creq.path}`, source: 'none', violations: [violation('validator', `the contract validator failed: ${(e as Error).message}`)] };
		}
		const line = `${creq.method} ${req.originalUrl}`;
		const marker = creq.headers['x-sandbox-contract'] ?? '';
		const expected = /expect-(violation|refusal)/i.test(marker);
		contractRecorder().record(vendor, line, result, expected);
		if (result.violations.length && mode === 'enforce' && (!expected || /expect-refusal/i.test(marker))) {
			res.status(400).json({ contractViolation: { vendor, request: line, operation: result.operation, source: result.source, ...(result.reference ? { reference: result.reference } : {}), violations: result.violations } });
			return;
		}
		next();
	};
}

// ---------------------------------------------------------------------------------------------
// helpers for OpenAPI-based validators

type Json = Record<string, unknown>;

export interface OpenApiOperation {
	/** the spec's path template, e.g. "/timeentries/{id}" */
	template: string;
	method: string;
	op: Json;
	/** the spec document it came from (file name) */
	file: string;
	doc: Json;
}

/** Matches request paths to the templates of one or more OpenAPI documents. */
export class OpenApiPaths {
	private readonly entries: Array<{ template: string; re: RegExp; methods: Record<string, { op: Json; file: string; doc: Json }> }> = [];

	add(doc: Json, file: string): void {
		for (const [template, item] of Object.entries((doc.paths as Record<string, Json>) ?? {})) {
			let entry = this.entries.find((e) => e.template === template);
			if (!entry) {
				const re = new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
				entry = { template, re, methods: {} };
				this.entries.push(entry);
			}
			for (const [m, op] of Object.entries(item)) {
				if (['get', 'put', 'post', 'delete', 'patch', 'options', 'head'].includes(m)) entry.methods[m.toUpperCase()] = { op: op as Json, file, doc };
			}
		}
		// literal segments win over parameters: "/users/who_am_i.json" before "/users/{id}.json"
		this.entries.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
	}

	/** The operation, or why there is none ("path" / "method"). */
	find(method: string, path: string): { found: OpenApiOperation } | { missing: 'path' | 'method'; template?: string; allowed?: string[] } {
		const hit = this.entries.find((e) => e.re.test(path));
		if (!hit) return { missing: 'path' };
		const m = hit.methods[method.toUpperCase()];
		if (!m) return { missing: 'method', template: hit.template, allowed: Object.keys(hit.methods) };
		return { found: { template: hit.template, method: method.toUpperCase(), op: m.op, file: m.file, doc: m.doc } };
	}

	templates(): string[] {
		return this.entries.map((e) => e.template);
	}
}

/** An ajv with OpenAPI's extra formats accepted as annotations. */
export function openApiAjv(): Ajv {
	const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
	addFormats(ajv);
	for (const f of ['int32', 'int64', 'float', 'double', 'timestamp', 'string', 'decimal', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
	return ajv;
}

/** Resolves local `#/components/...` refs of a document (one level at a time). */
export function resolveRef(doc: Json, schema: Json | undefined): Json | undefined {
	let s = schema;
	for (let n = 0; s && typeof s.$ref === 'string' && n < 20; n++) {
		const parts = (s.$ref as string).replace(/^#\//, '').split('/');
		let cur: unknown = doc;
		for (const p of parts) cur = (cur as Json | undefined)?.[p];
		s = cur as Json | undefined;
	}
	return s;
}

/** Ajv errors as short lines. */
export function ajvMessages(errors: ErrorObject[] | null | undefined, prefix = ''): string[] {
	return (errors ?? []).map((e) => {
		const extra = e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : e.params && 'allowedValues' in e.params ? `: ${JSON.stringify(e.params.allowedValues)}` : '';
		return `${prefix}${e.instancePath || '/'} ${e.message ?? 'invalid'}${extra}`;
	});
}

/** A compile cache keyed by any string. */
export function compileCache(ajv: Ajv): (key: string, schema: () => Json) => ValidateFunction {
	const cache = new Map<string, ValidateFunction>();
	return (key, schema) => {
		let v = cache.get(key);
		if (!v) {
			v = ajv.compile(schema());
			cache.set(key, v);
		}
		return v;
	};
}

/** The media type without parameters, lower case ("application/vnd.api+json"). */
export function mediaType(header: string | undefined): string {
	return String(header ?? '').split(';')[0].trim().toLowerCase();
}

/** True when the request carries a body (a write with bytes). */
export function hasBody(req: ContractRequest): boolean {
	return !!req.rawBody && req.rawBody.length > 0;
}
