/**
 * Programmatic API of n8n-nodes-legal-billing: the pure domain core (no n8n imports).
 * Each area adds its exports here.
 */
export * from './model';
export * from './model/entry';
export * from './model/classification';
export * from './mappers/clio';
export * from './utbms';
export * from './ledes';
export * from './ocg';
export * from './mappers/actionstep';
export * from './reconcile';
export * from './budget';
/** Reconciliation dashboard, client portal and signed portal links: `report.buildDashboard`, `report.verifyPortalToken`, … */
export * as report from './report';
