/**
 * Templates 09 and 10, the hub's message-queue leg, in real n8n with the machine's RabbitMQ: Clio and
 * Actionstep entries published as canonical entries (n8n's RabbitMQ node), consumed by a RabbitMQ
 * Trigger, checked with the OCG node and routed into a Data Table. Nothing is lost when the consumer
 * is stopped (messages wait in the queue) or stopped mid-way and restarted (a message is acknowledged
 * only after its execution succeeded), and nothing is doubled (rows keyed on the entry id).
 * Skipped, saying why, when RabbitMQ is not reachable (RABBITMQ_HOST/PORT/USER/PASSWORD).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firmDate, periodAt, TEST_NOW } from '../helpers/dates';
import { e2eRun } from './config';
import { dropTable, e2e, loadTemplate, tableRows, withAssignments, withParams, type E2e } from './helpers';

const PUBLISH = '09-queue-publish-canonical-entries.json';
const CONSUME = '10-queue-consume-and-route.json';
const TABLE = 'legal_billing_queue_routed';
const RABBIT = {
	hostname: process.env.RABBITMQ_HOST ?? '127.0.0.1',
	port: Number(process.env.RABBITMQ_PORT ?? 5672),
	username: process.env.RABBITMQ_USER ?? 'guest',
	password: process.env.RABBITMQ_PASSWORD ?? 'guest',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const probe = spawnSync(
	process.execPath,
	['-e', `const s=require('net').connect({host:${JSON.stringify(RABBIT.hostname)},port:${RABBIT.port}});s.setTimeout(2000,()=>{s.destroy();process.stdout.write('0')});s.on('connect',()=>{s.destroy();process.stdout.write('1')});s.on('error',()=>process.stdout.write('0'))`],
	{ encoding: 'utf8', timeout: 10000 },
);
const skipReason = probe.stdout.startsWith('1') ? undefined : `queue-leg e2e SKIPPED: RabbitMQ ${RABBIT.hostname}:${RABBIT.port} not reachable (set RABBITMQ_HOST/PORT/USER/PASSWORD)`;
if (skipReason) process.stderr.write(`\n[e2e] ${skipReason}\n\n`);

interface Amqp {
	connect(url: string): Promise<{ createChannel(): Promise<Channel>; close(): Promise<void> }>;
}
interface Channel {
	assertQueue(q: string, o: object): Promise<{ messageCount: number }>;
	checkQueue(q: string): Promise<{ messageCount: number; consumerCount: number }>;
	deleteQueue(q: string): Promise<unknown>;
	close(): Promise<void>;
}

(skipReason ? describe.skip : describe)('templates: the hub queue leg (RabbitMQ publish → consume, check, route)', () => {
	let t: E2e;
	const queue = `legal-billing.canonical-entries.e2e-${e2eRun()}`;
	let amqp: Awaited<ReturnType<Amqp['connect']>>;
	let ch: Channel;
	let consumerId: string;
	let publisherId: string;

	const credential = { id: 'lbSandboxRabbit1', name: 'RabbitMQ (local)', type: 'rabbitmq', data: { ...RABBIT, vhost: '/', ssl: false } };
	const withRabbit = <T extends { nodes: Array<{ type: string; credentials?: Record<string, { id: string; name: string }> }> }>(wf: T): T => {
		for (const n of wf.nodes) if (n.type.startsWith('n8n-nodes-base.rabbitmq')) n.credentials = { rabbitmq: { id: credential.id, name: credential.name } };
		return wf;
	};
	const routed = async () => (await tableRows(t, TABLE)).map((r) => String(r.entryId));
	const waitForRows = async (n: number, ms: number) => {
		const until = Date.now() + ms;
		let rows = await routed();
		while (rows.length < n && Date.now() < until) {
			await sleep(300);
			rows = await routed();
		}
		return rows;
	};

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now: TEST_NOW });
		await dropTable(t, TABLE);
		const file = join(t.state.userFolder, 'import', 'credential-rabbitmq.json');
		writeFileSync(file, JSON.stringify([credential]));
		await t.cli(['import:credentials', `--input=${file}`]);
		// n8n's own AMQP client (the one its RabbitMQ nodes use), from the installed n8n
		const lib = createRequire(join(t.state.install.n8nDir, 'node_modules/n8n/package.json'))('amqplib') as Amqp;
		amqp = await lib.connect(`amqp://${RABBIT.username}:${RABBIT.password}@${RABBIT.hostname}:${RABBIT.port}`);
		ch = await amqp.createChannel();
		await ch.deleteQueue(queue);
		await ch.assertQueue(queue, { durable: true });

		const { periodStart, periodEnd } = periodAt(TEST_NOW);
		const consumer = withRabbit(withParams(loadTemplate(CONSUME), 'RabbitMQ: canonical entry', { queue }));
		const ocg = consumer.nodes.find((n) => n.type.endsWith('.ocgCompliance'))!;
		consumerId = await t.importWorkflow(withParams(consumer, ocg.name, { options: { ...(ocg.parameters.options as object), today: firmDate(TEST_NOW) } }));
		publisherId = await t.importWorkflow(withRabbit(withAssignments(loadTemplate(PUBLISH), 'Publish settings', { periodStart, periodEnd, queue })));
	});

	afterAll(async () => {
		await t.deactivate(consumerId).catch(() => undefined);
		await ch?.deleteQueue(queue).catch(() => undefined);
		await amqp?.close().catch(() => undefined);
	});

	it('entries wait in the queue while the consumer is stopped, and each is routed exactly once after stops and restarts', async () => {
		const run = await t.runInServer(publisherId);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const depth = (await ch.checkQueue(queue)).messageCount;
		expect(depth).toBeGreaterThan(5);
		await sleep(2000);
		expect((await routed()).length).toBe(0); // nobody consumes yet

		// start, stop as soon as a few are routed (mid-way), start again
		await t.activate(consumerId);
		const partial = await waitForRows(1, 60000);
		await t.deactivate(consumerId);
		expect(partial.length).toBeGreaterThan(0);
		const afterStop = (await ch.checkQueue(queue)).messageCount;
		process.stderr.write(`[e2e queue-leg] ${depth} published; consumer stopped after ${partial.length} routed, ${afterStop} left in the queue\n`);
		await t.activate(consumerId);
		const rows = await waitForRows(depth, 120000);
		expect(rows.length).toBe(depth);
		expect(new Set(rows).size).toBe(depth);
		expect(new Set(rows.map((id) => id.split(':')[0]))).toEqual(new Set(['clio', 'actionstep'])); // both systems in the stream
		for (let i = 0; i < 40 && (await ch.checkQueue(queue)).messageCount > 0; i++) await sleep(250);
		expect((await ch.checkQueue(queue)).messageCount).toBe(0);
		const all = await tableRows(t, TABLE);
		expect(all.some((r) => r.route === 'e-billing')).toBe(true);
		expect(all.every((r) => ['e-billing', 'review', 'rejected'].includes(String(r.route)))).toBe(true);
	});
});
