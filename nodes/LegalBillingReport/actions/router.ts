import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import * as exportCsv from './report/exportCsv.operation';
import * as issueLink from './report/issueLink.operation';
import * as renderDashboard from './report/renderDashboard.operation';
import * as renderPortal from './report/renderPortal.operation';
import * as verifyToken from './report/verifyToken.operation';

type Routed = Array<{ output: number; item: INodeExecutionData }>;
const oneOutput =
	(op: { execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]> }) =>
	async function (this: IExecuteFunctions, i: number): Promise<Routed> {
		return (await op.execute.call(this, i)).map((item) => ({ output: 0, item }));
	};

const operations: Record<string, (this: IExecuteFunctions, i: number) => Promise<Routed>> = {
	renderDashboard: oneOutput(renderDashboard),
	renderPortal: oneOutput(renderPortal),
	issueLink: oneOutput(issueLink),
	exportCsv: oneOutput(exportCsv),
	verifyToken: verifyToken.execute,
};

/** Verify Token routes to Valid / Rejected; the others have one output. */
export const OUTPUT_COUNT: Record<string, number> = { verifyToken: 2 };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = operations[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const outputs: INodeExecutionData[][] = Array.from({ length: OUTPUT_COUNT[operation] ?? 1 }, () => []);
	for (let i = 0; i < items.length; i++) {
		try {
			for (const { output, item } of await op.call(this, i)) outputs[output].push(item);
		} catch (error) {
			if (this.continueOnFail()) {
				outputs[0].push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return outputs;
}
