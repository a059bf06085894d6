import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { FaultConfigError, SandboxContext, type FaultConfig, type SandboxClock, type SandboxOptions, type VendorName } from './context';
import type { Firm } from './seed';
import { contractMiddleware, contractMode, contractRecorder } from './framework/contracts';
import { vendorModules, type VendorDescription, type VendorInstance, type VendorModule } from './vendors';
import type { ClioState } from './vendors/clio/state';

export type { SandboxOptions, VendorName, FaultConfig, SandboxClock } from './context';
export type { Firm } from './seed';
export { generateFirm } from './seed';

/**
 * The local vendor sandbox: every simulator on ONE port, a path prefix per vendor
 * (/clio, /actionstep, /brightflag, /legaltracker), admin API under /_admin.
 *
 * ```ts
 * const sb = await startSandbox({ port: 0, seed: 'x', size: 500 });
 * const { access_token } = sb.issueToken('clio');
 * await axios.get(`${sb.url}/clio/api/v4/users/who_am_i.json`, { headers: { Authorization: `Bearer ${access_token}` } });
 * sb.clock.advance(31 * 24 * 3600e3);
 * await sb.close();
 * ```
 */
export interface Sandbox {
	/** "http://127.0.0.1:PORT" */
	url: string;
	port: number;
	clock: SandboxClock;
	firm: Firm;
	/** simulator state per vendor (tests may read and change it) */
	state: SandboxState;
	/** Issues an access token directly (no OAuth dance); returns the token endpoint's JSON. */
	issueToken(vendor: VendorName, options?: IssueTokenOptions): TokenResponse;
	/** Sets (replaces) a vendor's fault configuration; `{}` clears it. */
	setFaults(vendor: VendorName, faults: FaultConfig): void;
	/**
	 * Back to the seeded state: data, tokens, faults, logs. `now` sets the sandbox clock first; the
	 * firm data is regenerated when the clock's date changed (unless `asOf` was fixed at start).
	 */
	reset(opts?: { now?: string | Date }): void;
	/** Waits until no scheduled task (webhook handshake, delivery, retry) is due or running. */
	idle(): Promise<void>;
	/** Base URLs and credentials per vendor. */
	describe(): Record<string, VendorDescription>;
	context: SandboxContext;
	vendors: Map<VendorName, VendorInstance<unknown>>;
	close(): Promise<void>;
}

export interface SandboxState {
	clio: ClioState;
	[vendor: string]: unknown;
}

export interface IssueTokenOptions {
	/** access token lifetime in seconds (default: the vendor's) */
	ttlSeconds?: number;
	scope?: string;
	/** the vendor user the token acts as */
	userId?: string | number;
	/** extra fields for the token response */
	extra?: Record<string, unknown>;
}

export interface TokenResponse {
	access_token: string;
	refresh_token?: string;
	token_type: string;
	expires_in: number;
	[key: string]: unknown;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const ctx = new SandboxContext(options);
	const app = express();
	app.disable('x-powered-by');
	app.set('etag', false);
	app.set('query parser', 'extended');
	// every answer's Date header is the SANDBOX clock (clients may estimate the vendor's time from it)
	app.use((_req, res, next) => {
		res.setHeader('Date', ctx.clock.now().toUTCString());
		next();
	});

	const keepRaw = (req: IncomingMessage, _res: ServerResponse, buf: Buffer) => {
		(req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
	};
	const parsers = [
		express.json({ type: ['application/json', 'application/*+json'], limit: '50mb', verify: keepRaw }),
		express.urlencoded({ extended: true, limit: '50mb', verify: keepRaw }),
		express.text({ type: ['text/*'], limit: '50mb', verify: keepRaw }),
	];

	const registry = options.modules ?? vendorModules;
	const wanted = new Set(options.vendors ?? registry.map((m) => m.name));
	const vendors = new Map<VendorName, VendorInstance<unknown>>();
	const modules = new Map<VendorName, VendorModule<unknown>>();
	for (const module of registry) {
		if (!wanted.has(module.name)) continue;
		const faults = options.faults?.[module.name];
		if (faults) ctx.faults(module.name).set(faults);
		const vctx = ctx.forVendor(module.name, module.prefix);
		const instance = module.create(vctx);
		vendors.set(module.name, instance);
		modules.set(module.name, module);
	}
	for (const name of Object.keys(options.faults ?? {})) {
		if (!modules.has(name as VendorName)) throw new FaultConfigError(`faults: unknown vendor "${name}" (known: ${[...modules.keys()].join(', ')})`);
	}

	// ---- admin API
	const admin = express.Router();
	admin.use(express.json());
	admin.get('/', (_req, res) => {
		res.json({ now: ctx.nowIso(), asOf: ctx.firm.asOf, timeZone: ctx.firm.timeZone, seed: ctx.seed, size: ctx.firm.size, vendors: describeAll() });
	});
	admin.get('/clock', (_req, res) => {
		res.json({ now: ctx.clock.now().toISOString() });
	});
	admin.post('/clock', (req, res) => {
		const body = (req.body ?? {}) as { advanceMs?: number; advanceSeconds?: number; set?: string };
		try {
			if (body.set !== undefined) ctx.clock.set(body.set);
			if (body.advanceMs !== undefined) ctx.clock.advance(Number(body.advanceMs));
			if (body.advanceSeconds !== undefined) ctx.clock.advance(Number(body.advanceSeconds) * 1000);
		} catch (e) {
			res.status(400).json({ error: (e as Error).message });
			return;
		}
		res.json({ now: ctx.clock.now().toISOString() });
	});
	admin.get('/faults', (_req, res) => {
		const out: Record<string, unknown> = {};
		for (const name of vendors.keys()) out[name] = { config: ctx.faults(name).get(), stats: ctx.faults(name).stats };
		res.json(out);
	});
	admin.post('/faults', (req, res) => {
		// { vendor: 'clio', faults: {...} }  or  { clio: {...}, brightflag: {...} }
		const body = (req.body ?? {}) as Record<string, unknown>;
		const entries: [string, unknown][] = typeof body.vendor === 'string' ? [[body.vendor, body.faults ?? {}]] : Object.entries(body);
		try {
			for (const [name] of entries) if (!vendors.has(name as VendorName)) throw new FaultConfigError(`unknown vendor "${name}"`);
			for (const [name, config] of entries) ctx.faults(name).set(config as FaultConfig);
		} catch (e) {
			res.status(400).json({ error: (e as Error).message });
			return;
		}
		res.json(Object.fromEntries(entries.map(([name]) => [name, ctx.faults(name).get()])));
	});
	admin.delete('/faults', (_req, res) => {
		for (const name of vendors.keys()) ctx.faults(name).clear();
		res.status(204).end();
	});
	admin.post('/reset', (req, res) => {
		// { now?: ISO instant } sets the clock first; the firm data follows the clock's date
		const body = (req.body ?? {}) as { now?: string };
		try {
			sandbox.reset(body.now !== undefined ? { now: body.now } : undefined);
		} catch (e) {
			res.status(400).json({ error: (e as Error).message });
			return;
		}
		res.json({ reset: true, now: ctx.nowIso(), asOf: ctx.firm.asOf });
	});
	admin.post('/tokens', (req, res) => {
		const body = (req.body ?? {}) as IssueTokenOptions & { vendor?: string };
		if (!body.vendor || !vendors.has(body.vendor as VendorName)) {
			res.status(400).json({ error: `vendor must be one of: ${[...vendors.keys()].join(', ')}` });
			return;
		}
		try {
			res.status(201).json(sandbox.issueToken(body.vendor as VendorName, body));
		} catch (e) {
			res.status(400).json({ error: (e as Error).message });
		}
	});
	admin.post('/tokens/revoke', (req, res) => {
		const body = (req.body ?? {}) as { vendor?: string; token?: string; all?: boolean; expire?: boolean };
		const provider = body.vendor ? ctx.oauth(body.vendor) : undefined;
		if (!provider) {
			res.status(400).json({ error: 'vendor (with OAuth) required' });
			return;
		}
		if (body.all) {
			res.json({ revoked: provider.revokeAll() });
			return;
		}
		if (!body.token) {
			res.status(400).json({ error: 'token or all:true required' });
			return;
		}
		const ok = body.expire ? provider.expire(body.token) : provider.revoke(body.token);
		res.status(ok ? 200 : 404).json({ [body.expire ? 'expired' : 'revoked']: ok });
	});
	for (const [name, instance] of vendors) {
		const r = express.Router();
		r.get('/received', (req, res) => {
			const since = req.query.since !== undefined ? Number(req.query.since) : undefined;
			res.json({ data: ctx.log(name).list({ kind: req.query.kind as string | undefined, since }) });
		});
		r.delete('/received', (_req, res) => {
			ctx.log(name).clear();
			res.status(204).end();
		});
		instance.mountAdmin?.(r);
		admin.use(`/${name}`, r);
	}
	app.use('/_admin', admin);

	// ---- vendor routers
	for (const [name, instance] of vendors) {
		const module = modules.get(name) as VendorModule<unknown>;
		const errorBody = instance.errorBody ?? ((status: number, message: string) => ({ error: { type: status >= 500 ? 'ServerError' : 'Error', message } }));
		const r = express.Router();
		r.use(ctx.faults(name).middleware(errorBody));
		r.use(...parsers);
		// request contracts: the vendor's published spec judges every request (framework/contracts.ts)
		if (module.contract) r.use(contractMiddleware(name, module.contract(ctx.forVendor(name, module.prefix)), contractMode(options.contracts, name, module.contractMode)));
		instance.mount(r);
		r.use((req: Request, res: Response) => {
			res.status(404).json(errorBody(404, `No route for ${req.method} ${module.prefix}${req.path}`));
		});
		r.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
			const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
			if (res.headersSent) return;
			res.status(status).json(errorBody(status, status === 500 ? `Internal sandbox error: ${err.message}` : err.message));
		});
		app.use(module.prefix, r);
	}
	app.use((req: Request, res: Response) => {
		res.status(404).json({ error: `No route for ${req.method} ${req.path}. Vendors: ${[...modules.values()].map((m) => m.prefix).join(', ')}; admin: /_admin` });
	});
	app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
		if (res.headersSent) return;
		res.status(err.status && err.status >= 400 && err.status < 600 ? err.status : 500).json({ error: err.message });
	});

	const server: Server = await new Promise((resolve, reject) => {
		const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
		s.on('error', reject);
	});
	server.keepAliveTimeout = 2000;
	const address = server.address() as AddressInfo;
	const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
	ctx.setBaseUrl(url);

	function describeAll(): Record<string, VendorDescription> {
		return Object.fromEntries([...vendors].map(([name, v]) => [name, v.describe(url)]));
	}

	const state = {} as SandboxState;
	for (const [name, v] of vendors) (state as Record<string, unknown>)[name] = v.state;

	let closed = false;
	const sandbox: Sandbox = {
		url,
		port: address.port,
		clock: ctx.clock,
		firm: ctx.firm,
		state,
		context: ctx,
		vendors,
		issueToken(vendor, opts = {}) {
			const provider = ctx.oauth(vendor);
			if (!provider) throw new Error(`vendor "${vendor}" is not running or has no OAuth provider`);
			const token = provider.issue({ ttlSeconds: opts.ttlSeconds, scope: opts.scope, userId: opts.userId, extra: opts.extra, grant: 'admin' });
			return provider.tokenResponse(token) as TokenResponse;
		},
		setFaults(vendor, faults) {
			if (!vendors.has(vendor)) throw new FaultConfigError(`unknown vendor "${vendor}"`);
			ctx.faults(vendor).set(faults);
		},
		reset(opts) {
			if (opts?.now !== undefined) ctx.clock.set(opts.now);
			ctx.refreshFirm();
			for (const [name, v] of vendors) {
				v.reset?.();
				ctx.oauth(name)?.reset();
				ctx.faults(name).clear();
				ctx.log(name).clear();
			}
		},
		idle: () => ctx.scheduler.idle(),
		describe: describeAll,
		async close() {
			if (closed) return;
			closed = true;
			contractRecorder().flush();
			ctx.close();
			for (const v of vendors.values()) v.close?.();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return sandbox;
}
