/**
 * Brightflag endpoints with no public evidence (vendor-specs/brightflag/facts.md:53: no
 * single-invoice read; no vendor-side LEDES submission API). The node reaches them only when the
 * user turns this option on, and its hint says "unverified".
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

export const UNVERIFIED_PARAM = 'useUnverifiedEndpoint';

export function unverifiedEndpointOption(what: string): INodeProperties {
	return {
		displayName: 'Use Unverified Endpoint',
		name: UNVERIFIED_PARAM,
		type: 'boolean',
		default: false,
		hint: `Unverified: ${what} is in no public Brightflag source (docs/vendor-fidelity.md). Turn on only if Brightflag confirmed it for your account.`,
		description: 'Whether to call an endpoint that Brightflag has not documented publicly',
	};
}

/** Refuses to run an unverified operation unless the option is on. */
export function assertUnverifiedAllowed(this: IExecuteFunctions, i: number, operation: string, endpoint: string): void {
	if (this.getNodeParameter(UNVERIFIED_PARAM, i, false) === true) return;
	throw new NodeOperationError(this.getNode(), `${operation} uses an unverified Brightflag endpoint (${endpoint})`, {
		itemIndex: i,
		description: 'No public Brightflag source documents this endpoint. Turn on "Use Unverified Endpoint" if Brightflag confirmed it for your account; otherwise use Invoice → Get Many (invoice summaries) and the AP batches.',
	});
}
