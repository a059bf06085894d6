/** Reconciliation dashboard and client spend portal: pure figures, pages, CSV and signed links. */
export * from './jwt';
export * from './page';
export * from './rows';
export * from './dashboard';
export * from './portal';
export * from './respond';
