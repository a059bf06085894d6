import type { Stack } from '../../scripts/n8n-runner';

export default async function globalTeardown(): Promise<void> {
	const stack = (globalThis as { __LB_STACK__?: Stack }).__LB_STACK__;
	if (stack) await stack.stop();
}
