import type { Router } from 'express';
import type { VendorContext, VendorName } from '../context';
import type { ContractMode, ContractValidator } from '../framework/contracts';
import { clio } from './clio';
import { actionstep } from './actionstep';
import { brightflag } from './brightflag';
import { legaltracker } from './legaltracker';

/**
 * THE VENDOR MODULE INTERFACE — how a simulator plugs into the sandbox.
 *
 * A vendor lives in `sandbox/vendors/<vendor>/index.ts` and exports a `VendorModule`:
 *
 * ```ts
 * export const brightflag: VendorModule<BrightflagState> = {
 *   name: 'brightflag',
 *   prefix: '/brightflag',
 *   title: 'Brightflag',
 *   create(ctx) {                 // called once per sandbox instance
 *     const oauth = ctx.createOAuth({ title: 'Brightflag', clients: [{ clientId: 'sandbox-brightflag-client',
 *       clientSecret: 'sandbox-brightflag-secret' }], grants: ['client_credentials'], accessTokenTtlSeconds: 3600 });
 *     const state = buildState(ctx.firm);
 *     return {
 *       state,
 *       mount(router) {            // router is mounted at `${url}/brightflag`
 *         router.post('/oauth/token', ...oauth.tokenHandler());
 *         router.use('/api', oauth.bearer(), apiRouter);
 *       },
 *       mountAdmin(router) { ... }, // optional, mounted at `${url}/_admin/brightflag`
 *       reset() { ... },            // optional: back to the seeded state (POST /_admin/reset)
 *       errorBody: (status, message) => ({ message, status }),  // the vendor's error JSON (faults use it)
 *       describe: (url) => ({ ... }),   // what `npm run sandbox` prints
 *     };
 *   },
 * };
 * ```
 * then add it to `vendorModules` below (one import line + one array entry).
 *
 * What the framework already does for every vendor router, before your routes:
 * - JSON (`application/json`, `application/*+json`), urlencoded and text bodies are parsed, and
 *   the raw body is kept for signature checks (`rawBody(req)` from ../context);
 * - fault injection (`ctx.faults`) on every path except those containing `/oauth/`;
 * - `GET/DELETE /_admin/<vendor>/received` serves `ctx.log` (record with `ctx.log.record(kind, data)`);
 * - `POST /_admin/tokens {vendor}` / `sandbox.issueToken(vendor)` issue tokens from the provider made
 *   by `ctx.createOAuth(...)`.
 * Use `ctx.clock` for every time, `ctx.prng` for every random choice, `ctx.callback()` for outgoing
 * webhooks (it applies `webhookFailureRate`), `ctx.scheduler` for retries in sandbox time.
 */
export interface VendorModule<State = unknown> {
	name: VendorName;
	/** path prefix, e.g. "/clio" */
	prefix: `/${string}`;
	/** human name, e.g. "Clio" */
	title: string;
	create(ctx: VendorContext): VendorInstance<State>;
	/**
	 * Optional request contract: returns the validator that judges every request against the
	 * vendor's published spec or fact sheet (see ../framework/contracts.ts for how to write one).
	 */
	contract?(ctx: VendorContext): ContractValidator;
	/** the module's default contract mode when no option or env says otherwise (default 'enforce') */
	contractMode?: ContractMode;
}

export interface VendorInstance<State = unknown> {
	/** the simulator's in-memory data (exposed to tests as sandbox.state.<vendor>) */
	state: State;
	/** mounts the vendor routes on a router served at `${url}${prefix}` */
	mount(router: Router): void;
	/** mounts admin routes on a router served at `${url}/_admin/${name}` */
	mountAdmin?(router: Router): void;
	/** back to the seeded state */
	reset?(): void;
	/** the vendor's error JSON for a status + message (used for injected faults and 404s) */
	errorBody?(status: number, message: string): unknown;
	/** base URLs and credentials for the CLI banner and GET /_admin */
	describe(url: string): VendorDescription;
	/** called on sandbox close */
	close?(): void;
}

export interface VendorDescription {
	/** lines "label: value" printed by `npm run sandbox` */
	urls: Record<string, string>;
	clientId?: string;
	clientSecret?: string;
	notes?: string[];
}

/** Registered simulators, in CLI print order. */
export const vendorModules: VendorModule<unknown>[] = [clio as VendorModule<unknown>, actionstep as VendorModule<unknown>, brightflag as VendorModule<unknown>, legaltracker as VendorModule<unknown>];
