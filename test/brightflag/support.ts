/** Test support shared by the Brightflag and Legal Tracker suites: sandbox credentials and LEDES files built from the seeded firm. */
import type { INodeExecutionData } from 'n8n-workflow';
import { buildLedes } from '../../lib/ledes';
import type { BillingEntry, Invoice } from '../../lib/model';
import { Decimal } from '../../lib/money/decimal';
import type { Firm } from '../../sandbox';
import { LT_COMPANY_ID } from '../../sandbox/vendors/legaltracker';

export function brightflagCredentials(url: string) {
	return {
		region: 'custom',
		customBaseUrl: `${url}/brightflag`,
		grantType: 'clientCredentials',
		accessTokenUrl: `${url}/brightflag/oauth/token`,
		clientId: 'sandbox-brightflag-client',
		clientSecret: 'sandbox-brightflag-secret',
		authentication: 'body',
		scope: '',
		oauthTokenData: {},
	};
}

export function legalTrackerCredentials(url: string, companyId = LT_COMPANY_ID) {
	return {
		companyId,
		host: 'custom',
		customBaseUrl: `${url}/legaltracker`,
		grantType: 'clientCredentials',
		accessTokenUrl: `${url}/legaltracker/oauth/token`,
		clientId: 'sandbox-legaltracker-client',
		clientSecret: 'sandbox-legaltracker-secret',
		authentication: 'body',
		scope: '',
		oauthTokenData: {},
	};
}

/**
 * A one-matter invoice for a client of the given platform: line 1 is clean, line 2 has a vague
 * narrative, line 3 is block-billed.
 */
export function firmInvoice(firm: Firm, platform: 'brightflag' | 'legaltracker', number: string, opts: { matterIndex?: number } = {}): { invoice: Invoice; matterId: number; clientMatterId: string } {
	const clients = firm.clients.filter((c) => c.ebilling === platform);
	const matters = firm.matters.filter((m) => clients.some((c) => c.id === m.clientId));
	const matter = matters[opts.matterIndex ?? 0];
	const client = clients.find((c) => c.id === matter.clientId)!;
	const tk = firm.timekeepers.find((t) => t.classification === 'ASSOC') ?? firm.timekeepers[0];
	const narratives = ['Draft motion to compel production of the custodian emails', 'Review', 'Call with client; draft letter to opposing counsel; research privilege waiver'];
	const lines: BillingEntry[] = narratives.map((narrative, n) => {
		const quantity = ['1.5', '0.4', '3.2'][n];
		return {
			id: `t:${n}`,
			source: { system: 'test', id: String(n) },
			kind: 'fee',
			date: '2026-10-0' + (n + 2),
			timekeeper: { id: String(tk.id), name: tk.ledesName, classification: tk.classification, firstName: tk.firstName, lastName: tk.lastName },
			client: { id: client.ledesClientId, ledesClientId: client.ledesClientId, name: client.name },
			matter: { id: matter.displayNumber, number: matter.displayNumber, clientMatterId: matter.clientMatterId, name: matter.description },
			quantity,
			rate: '300.00',
			adjustment: '0',
			total: Decimal.from(quantity).mul('300').toFixed(2),
			codes: { task: 'L120', activity: 'A104' },
			narrative,
		};
	});
	const invoice: Invoice = {
		number,
		date: '2026-11-05',
		periodStart: '2026-10-01',
		periodEnd: '2026-10-31',
		description: 'Legal services October 2026',
		currency: 'USD',
		client: { id: client.ledesClientId, ledesClientId: client.ledesClientId, name: client.name },
		lawFirm: { id: firm.lawFirmId, name: firm.name },
		lines,
	};
	return { invoice, matterId: matter.id, clientMatterId: matter.clientMatterId };
}

export function ledesText(invoice: Invoice): string {
	return buildLedes([invoice], { format: '1998B' });
}

export function binaryItem(text: string, fileName = 'invoice.txt'): INodeExecutionData {
	return {
		json: { file: fileName },
		binary: { data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName } },
	};
}

/**
 * Evaluates a credential's expression default ("={{ … }}") the way n8n resolves it: `$self` is the
 * credential's own data (hidden URL fields), `$credentials` the same data (test requests).
 */
export function evaluateCredentialExpression(template: string, data: Record<string, unknown>): string {
	if (!template.startsWith('=')) return template;
	return template.slice(1).replace(/\{\{([\s\S]+?)\}\}/g, (_m, js: string) => String(new Function('$self', '$credentials', `return (${js});`)(data, data)));
}
