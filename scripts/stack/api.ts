/** n8n's REST API as the editor uses it: a session cookie jar, the owner account. */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { randomUUID } from 'node:crypto';

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@legal-billing.test',
	firstName: 'Legal',
	lastName: 'Ops',
	password: 'LegalBilling1',
};

export class N8nApi {
	readonly http: AxiosInstance;
	private cookie = '';
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {
		this.http = axios.create({ baseURL: baseUrl, validateStatus: () => true, maxRedirects: 0, timeout: 60000 });
		this.http.interceptors.request.use((cfg) => {
			cfg.headers.set('browser-id', this.browserId);
			if (this.cookie) cfg.headers.set('Cookie', this.cookie);
			return cfg;
		});
		// The jar: one value per cookie name, the newest Set-Cookie wins (n8n sets only `n8n-auth`).
		this.http.interceptors.response.use((res) => {
			const set = res.headers['set-cookie'];
			if (set) {
				const jar = new Map(this.cookie.split('; ').filter(Boolean).map((c) => [c.split('=')[0], c] as const));
				for (const c of set) {
					const kv = c.split(';')[0];
					jar.set(kv.split('=')[0], kv);
				}
				this.cookie = [...jar.values()].join('; ');
			}
			return res;
		});
	}

	private static unwrap<T>(res: AxiosResponse, what: string): T {
		if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 500)}`);
		const body = res.data as { data?: T };
		return (body && typeof body === 'object' && 'data' in body ? body.data : body) as T;
	}

	async get<T = unknown>(path: string, params?: Record<string, unknown>): Promise<T> {
		return N8nApi.unwrap<T>(await this.http.get(path, { params }), `GET ${path}`);
	}

	async post<T = unknown>(path: string, body?: unknown): Promise<T> {
		return N8nApi.unwrap<T>(await this.http.post(path, body ?? {}), `POST ${path}`);
	}

	async patch<T = unknown>(path: string, body?: unknown): Promise<T> {
		return N8nApi.unwrap<T>(await this.http.patch(path, body ?? {}), `PATCH ${path}`);
	}

	/** Creates the owner on a fresh instance; on a reused one, logs in with the same account. */
	async setupOwnerOrLogin(owner: OwnerAccount): Promise<void> {
		const res = await this.http.post('/rest/owner/setup', owner);
		if (res.status >= 300) await this.login(owner);
	}

	async login(owner: OwnerAccount): Promise<void> {
		const res = await this.http.post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		N8nApi.unwrap(res, 'login');
	}
}
