import { LoadOptionsContext } from 'n8n-core';
import { ActionstepOAuth2Api } from '../../credentials/ActionstepOAuth2Api.credentials';
import { Actionstep } from '../../nodes/Actionstep/Actionstep.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { singleNodeWorkflow } from '../helpers/n8n';
import { actionstepCredentials } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'vendors-as-lo', size: 50 });
});
afterAll(async () => {
	await sb.close();
});

describe('Actionstep node: load options', () => {
	it('lists the data collection fields for the Custom Field parameter, in n8n’s LoadOptionsContext', async () => {
		const TYPE = 'n8n-nodes-legal-billing.actionstep';
		const node = new Actionstep();
		const env = singleNodeWorkflow({
			nodeTypes: { [TYPE]: node },
			type: TYPE,
			parameters: { resource: 'customField', operation: 'set' },
			credentials: { actionstepOAuth2Api: actionstepCredentials(sb) },
			credentialTypes: [new ActionstepOAuth2Api()],
		});
		const ctx = new LoadOptionsContext(env.workflow, env.node, env.additionalData, 'field');
		const options = await node.methods.loadOptions.getCustomFields.call(ctx);
		expect(options).toEqual([
			{ name: 'Client Matter ID', value: '1--client_matter_id', description: 'client_matter_id' },
			{ name: 'E-billing Status', value: '1--ebilling_status', description: 'ebilling_status' },
			{ name: 'LEDES Client ID', value: '1--ledes_client_id', description: 'ledes_client_id' },
			{ name: 'Rejection Reason', value: '1--rejection_reason', description: 'rejection_reason' },
		]);
	});
});
