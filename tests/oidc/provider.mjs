// A real OpenID Connect provider (npm `oidc-provider`) on loopback for the console's login
// tests: `node tests/oidc/provider.mjs <redirect URI>` listens on 127.0.0.1 (a free port),
// registers one confidential client — `verilink-console` / `console-secret` — with that redirect
// URI, and prints `issuer http://127.0.0.1:<port>` once it is ready. Anyone may log in as one of
// the accounts below (any password) through the provider's development login form; the grant is
// given at once (no consent screen), and ID tokens carry `email` and `groups`.

import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const redirectUri = process.argv[2];
if (!redirectUri) {
  console.error('usage: node tests/oidc/provider.mjs <redirect URI>');
  process.exit(2);
}

/** The people of the provider, and their groups. */
const ACCOUNTS = {
  ada: { email: 'ada@acme.example', groups: ['verilink-admins'] },
  rita: { email: 'rita@acme.example', groups: ['kyc-team', 'staff'] },
  victor: { email: 'victor@acme.example', groups: ['auditors'] },
  nobody: { email: 'nobody@acme.example', groups: ['marketing'] },
};

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'verilink-console',
        client_secret: 'console-secret',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // The claims of the scopes asked for go into the ID token itself.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['a test key, not a secret'] },
    async findAccount(_ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: true, name: id, groups: account.groups };
        },
      };
    },
    // A first-party client: everything it asks for is granted without a consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile groups');
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
      await grant.save();
      return grant;
    },
  });
  // Plain http on loopback is fine for a test provider.
  provider.proxy = false;
  server.on('request', provider.callback());
  // The only line on stdout (the test reads it, then stops reading): the provider's own notes
  // go to stderr.
  process.stdout.write(`issuer ${issuer}\n`);
  console.log = console.error;
  console.info = console.error;
});
