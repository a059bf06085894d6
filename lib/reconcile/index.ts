/** Rejection map: e-billing rejection/adjustment reasons → practice-management actions. Pure (no n8n). */
import defaultMapJson from './default-map.json';
import { parseRejectionMap } from './map';
import type { RejectionMap } from './types';

export * from './types';
export * from './map';
export * from './pattern';

/** The default table for the sandbox's reason codes (a fresh validated copy on every call). */
export function defaultRejectionMap(): RejectionMap {
	return parseRejectionMap(JSON.parse(JSON.stringify(defaultMapJson)));
}

/** The default table as pretty JSON, e.g. for a node parameter's default value. */
export function defaultRejectionMapJson(): string {
	return JSON.stringify(defaultMapJson, null, 2);
}
