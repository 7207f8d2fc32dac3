/** A tenant of the demo platform. */
export interface DemoTenant {
  readonly tenant_id: string;
  readonly name: string;
}

/** A seeded demo user, with the credentials to show on the login page and in the README. */
export interface DemoAccount {
  readonly user_id: string;
  readonly email: string;
  readonly password: string;
  readonly tenant: string;
  readonly name: string;
}

/** The password of every seeded account. */
export const DEMO_PASSWORD = 'demo-pass-1';

/** The seeded tenants. */
export const tenants: readonly DemoTenant[] = Object.freeze([
  { tenant_id: 'acme', name: 'Acme Corporation' },
  { tenant_id: 'globex', name: 'Globex Corporation' },
]);

/**
 * The seeded accounts. Ada and Grace are the demo's; Alan shares Ada's tenant so that
 * "session already bound to another user" (409) can happen within one tenant.
 */
export const accounts: readonly DemoAccount[] = Object.freeze([
  { user_id: 'usr_ada', email: 'ada@acme.test', password: DEMO_PASSWORD, tenant: 'acme', name: 'Ada Lovelace' },
  { user_id: 'usr_grace', email: 'grace@globex.test', password: DEMO_PASSWORD, tenant: 'globex', name: 'Grace Hopper' },
  { user_id: 'usr_alan', email: 'alan@acme.test', password: DEMO_PASSWORD, tenant: 'acme', name: 'Alan Turing' },
]);
