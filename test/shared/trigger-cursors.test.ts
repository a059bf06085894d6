/**
 * The e-billing triggers' cursors move only past what was delivered (issue 13 item 1): a poll that
 * fails after reading the changes (an AP-batch read that keeps arriving cut, a rejection map that
 * does not load) leaves the cursor, and the next poll emits the same changes.
 */
import type { IDataObject } from 'n8n-workflow';
import { BrightflagOAuth2Api } from '../../credentials/BrightflagOAuth2Api.credentials';
import { LegalTrackerOAuth2Api } from '../../credentials/LegalTrackerOAuth2Api.credentials';
import { BrightflagTrigger } from '../../nodes/Brightflag/BrightflagTrigger.node';
import { LegalTrackerTrigger } from '../../nodes/LegalTracker/LegalTrackerTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { brightflagCredentials, legalTrackerCredentials } from '../brightflag/support';
import { pollOnce } from '../helpers/n8n';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'trigger-cursors', size: 300, vendors: ['brightflag', 'legaltracker'] });
});
afterAll(async () => {
	await sb.close();
});

const BF = 'n8n-nodes-legal-billing.brightflagTrigger';
const LT = 'n8n-nodes-legal-billing.legalTrackerTrigger';
const pollBf = (options: IDataObject, staticData: IDataObject) =>
	pollOnce({
		nodeTypes: { [BF]: new BrightflagTrigger() },
		type: BF,
		parameters: { statuses: '', options } as never,
		credentials: { brightflagOAuth2Api: brightflagCredentials(sb.url) },
		credentialTypes: [new BrightflagOAuth2Api()],
		staticData,
	});
const pollLt = (options: IDataObject, staticData: IDataObject) =>
	pollOnce({
		nodeTypes: { [LT]: new LegalTrackerTrigger() },
		type: LT,
		parameters: { statuses: [], options } as never,
		credentials: { legalTrackerOAuth2Api: legalTrackerCredentials(sb.url) },
		credentialTypes: [new LegalTrackerOAuth2Api()],
		staticData,
	});
const count = (r: Awaited<ReturnType<typeof pollOnce>>) => r.result?.[0]?.length ?? 0;

describe('trigger cursors move only past what was delivered', () => {
	it('Brightflag: an AP-batch read cut on every try fails the poll and keeps the cursor', async () => {
		const options = { startFrom: '2020-01-01T00:00:00Z', includeApBatch: true };
		const expected = count(await pollBf(options, {}));
		expect(expected).toBeGreaterThan(3);
		const staticData: IDataObject = {};
		sb.setFaults('brightflag', { paths: ['/api/ap-batch/'], malformedRate: 1 });
		try {
			await expect(pollBf(options, staticData)).rejects.toThrow(/^Brightflag answered GET \S+ap-batch\S+ with a body that is not valid JSON$/);
		} finally {
			sb.setFaults('brightflag', {});
		}
		expect((staticData['node:Node'] as IDataObject | undefined)?.cursor).toBeUndefined();
		expect(count(await pollBf(options, staticData))).toBe(expected);
		expect(await pollBf(options, staticData).then((r) => r.result)).toBeNull();
	});

	it('Legal Tracker: a rejection map that does not load fails the poll and keeps the cursor', async () => {
		const expected = count(await pollLt({ startFrom: '2020-01-01T00:00:00Z' }, {}));
		expect(expected).toBeGreaterThan(3);
		const staticData: IDataObject = {};
		await expect(pollLt({ startFrom: '2020-01-01T00:00:00Z', planActions: true, rejectionMap: '{ not json' }, staticData)).rejects.toThrow(/^Rejection Map: /);
		expect((staticData['node:Node'] as IDataObject | undefined)?.cursor).toBeUndefined();
		const again = await pollLt({ startFrom: '2020-01-01T00:00:00Z', planActions: true }, staticData);
		expect(count(again)).toBe(expected);
		expect(again.result![0][0].json.plan).toBeDefined();
	});
});
