/**
 * Child processes: a command run to completion (`run`), the n8n + Node 24 install
 * (scripts/install-n8n.sh, cached in ~/.cache/n8n-nodes-legal-billing), and a long-running n8n
 * process in its own process group (`spawnN8n`), so stopping it also ends its task runner.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLog, ROOT, type Log } from './paths';

const logLines = (log: Log, d: Buffer, prefix = '') => {
	for (const l of d.toString().split('\n')) if (l.trim()) log(`${prefix}${l}`);
};

/** Runs a command to completion; rejects with its output tail (and `stdout`, `stderr`, `code`) on a non-zero exit. */
export function run(
	cmd: string,
	args: string[],
	opts: { cwd?: string; env?: NodeJS.ProcessEnv; log?: Log; quiet?: boolean } = {},
): Promise<{ stdout: string; stderr: string }> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		const echo = (d: Buffer) => !opts.quiet && opts.log && logLines(opts.log, d, '  ');
		child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), echo(d)));
		child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), echo(d)));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) return resolvePromise({ stdout, stderr });
			const err = new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${stderr.slice(-4000)}\n${stdout.slice(-4000)}`);
			reject(Object.assign(err, { stdout, stderr, code }));
		});
	});
}

export interface N8nInstall {
	nodeBinDir: string;
	n8nDir: string;
	nodeBin: string;
	n8nBin: string;
}

/** Runs scripts/install-n8n.sh (a no-op when the cache is warm), streaming its progress. */
export async function ensureN8n(log: Log = defaultLog): Promise<N8nInstall> {
	const { stdout } = await run('bash', [join(ROOT, 'scripts/install-n8n.sh')], {
		// progress goes to the log; the KEY=value lines it prints on stdout are read below
		log: (l) => !/^\s*[A-Z0-9_]+=/.test(l) && log(l.trim().replace(/\x1b\[[0-9;]*m/g, '')),
		quiet: false,
	}).catch((e: Error & { code?: number }) => {
		throw new Error(`scripts/install-n8n.sh exited with ${e.code}`);
	});
	const get = (key: string) => {
		const m = new RegExp(`^${key}=(.*)$`, 'm').exec(stdout);
		if (!m) throw new Error(`scripts/install-n8n.sh did not print ${key}=`);
		return m[1].trim();
	};
	const nodeBinDir = get('NODE_BIN_DIR');
	const n8nDir = get('N8N_DIR');
	return { nodeBinDir, n8nDir, nodeBin: join(nodeBinDir, 'node'), n8nBin: join(n8nDir, 'node_modules/n8n/bin/n8n') };
}

/** A running n8n process (`n8n start`, `n8n worker`, `n8n webhook`). */
export interface N8nProcess {
	name: string;
	pid?: number;
	logFile?: string;
	alive(): boolean;
	/** Signals the whole process group (n8n and its task runner). */
	kill(signal: NodeJS.Signals): void;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
	stop(graceMs?: number): Promise<void>;
	/** The last characters of its log file. */
	logTail(chars?: number): string;
}

export function spawnN8n(
	install: N8nInstall,
	args: string[],
	o: { name: string; cwd: string; env: NodeJS.ProcessEnv; logFile?: string },
): N8nProcess {
	const out = o.logFile ? openSync(o.logFile, 'a') : 'inherit';
	const child = spawn(install.nodeBin, [install.n8nBin, ...args], { cwd: o.cwd, env: o.env, stdio: ['ignore', out, out], detached: true });
	let alive = true;
	const exited = new Promise<void>((r) => child.on('exit', () => ((alive = false), r())));
	const kill = (signal: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, signal);
		} catch {
			/* already gone */
		}
	};
	const onExit = () => kill('SIGKILL');
	process.on('exit', onExit);
	void exited.then(() => process.removeListener('exit', onExit));
	return {
		name: o.name,
		pid: child.pid,
		logFile: o.logFile,
		alive: () => alive,
		kill,
		async stop(graceMs = 15000) {
			if (!alive) return;
			kill('SIGTERM');
			const timer = setTimeout(() => kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
		logTail: (chars = 3000) => (o.logFile && existsSync(o.logFile) ? readFileSync(o.logFile, 'utf8').slice(-chars) : ''),
	};
}

/** Resident memory (MB) of a process group: an n8n process and its task runner (Linux /proc). */
export function groupRssMb(pgid: number | undefined): number {
	if (!pgid) return 0;
	let kb = 0;
	for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue; // pgrp
			kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
		} catch {
			/* exited meanwhile */
		}
	}
	return Math.round(kb / 1024);
}
