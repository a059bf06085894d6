/** The submissions ledger of the templates: what to invoice, invoice facts, ledger rows, run summaries (no n8n imports). */
export * from './types';
export * from './plan';
export * from './facts';
export * from './outcome';
export * from './review';
export * from './summary';
export * from './route';
