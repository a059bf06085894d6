import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { route } from '../../shared/router';
import * as exportCsv from './report/exportCsv.operation';
import * as issueLink from './report/issueLink.operation';
import * as renderDashboard from './report/renderDashboard.operation';
import * as renderPortal from './report/renderPortal.operation';
import * as verifyToken from './report/verifyToken.operation';

/** Verify Token routes to Valid / Rejected (a failed item goes to Rejected); the others have one output. */
export const OUTPUTS = { verifyToken: { count: 2, errorOutput: 1 } };

/** The shared router (nodes/shared/router.ts): per item, and the one Continue On Fail rule. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations: { renderDashboard, renderPortal, issueLink, exportCsv, verifyToken }, outputs: OUTPUTS });
}
