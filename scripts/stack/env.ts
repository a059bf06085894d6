/** The environment every n8n process of a stack gets (single process on SQLite unless `extra` says otherwise). */
import type { N8nInstall } from './process';

export interface N8nEnvOptions {
	userFolder: string;
	port: number;
	brokerPort: number;
	encryptionKey?: string;
	logLevel?: string;
	extra?: Record<string, string>;
}

export function n8nEnv(install: N8nInstall, o: N8nEnvOptions): NodeJS.ProcessEnv {
	const base = `http://localhost:${o.port}`;
	return {
		PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME,
		TZ: process.env.TZ ?? 'UTC',
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE ?? 'UTC',
		N8N_USER_FOLDER: o.userFolder,
		N8N_PORT: String(o.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		N8N_WEBHOOK_URL: `${base}/`,
		N8N_ENCRYPTION_KEY: o.encryptionKey ?? 'legal-billing-local-sandbox-key',
		DB_TYPE: 'sqlite',
		N8N_RUNNERS_BROKER_PORT: String(o.brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LOG_LEVEL: o.logLevel ?? 'warn',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NODE_OPTIONS: '--max-old-space-size=1536',
		...(o.extra ?? {}),
	};
}
