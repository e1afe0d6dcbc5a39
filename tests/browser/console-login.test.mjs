// Logging in to the operators' console with OpenID Connect, in a real browser (Debian's
// Chromium, headless, driven by playwright-core): run through tests/browser/run.
//
// A real provider (npm oidc-provider, tests/oidc/provider.mjs) listens on 127.0.0.1; a second
// `verilink serve` of this suite's own, on with-server's database (VERILINK_BIN,
// VERILINK_DATABASE_URL), logs in through it. Its console is reached as http://localhost:<port>,
// so the provider is another site to the browser: the way back from it is a cross-site
// navigation, as with a company's real identity provider.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PATIENCE_MS, axeViolations, launch, screenshot } from './support.mjs';

const BIN = required('VERILINK_BIN');
required('VERILINK_DATABASE_URL');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through tests/browser/run`);
  return value;
}

const PROVIDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'oidc', 'provider.mjs');
const DESKTOP = { width: 1280, height: 900 };

let provider; // the identity provider: { issuer, stop }
let server; // the server that logs in through it: { consoleUrl, stop }

before(async () => {
  const port = await freePort();
  const consoleUrl = `http://localhost:${port}`;
  provider = await startProvider(`${consoleUrl}/login/oidc/callback`);
  server = await startServer(port, consoleUrl, provider.issuer);
});

after(async () => {
  await server?.stop();
  await provider?.stop();
});

/** A port free on 127.0.0.1 just now (the server takes it right after: a small race, on loopback). */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Waits until `child` exits, or kills it (SIGTERM) and then waits. */
function stopper(child) {
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', resolve);
  });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
}

/** tests/oidc/provider.mjs with `redirectUri` as its client's; resolves once it prints its issuer. */
async function startProvider(redirectUri) {
  const child = spawn(process.execPath, [PROVIDER, redirectUri], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-16_000);
  });
  const issuer = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`the provider did not start:\n${log}`)), PATIENCE_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.match(/^issuer (http:\/\/127\.0\.0\.1:\d+)$/)?.[1]);
    });
    child.once('exit', () => reject(new Error(`the provider exited:\n${log}`)));
  });
  assert.ok(issuer, 'the provider printed its issuer');
  return { issuer, stop: stopper(child) };
}

/** `verilink serve` with OpenID Connect login through `issuer`, its console on `port`. */
async function startServer(port, consoleUrl, issuer) {
  const child = spawn(BIN, ['serve', '--grpc-addr', '127.0.0.1:0'], {
    env: {
      ...process.env,
      RUST_LOG: 'info',
      VERILINK_HTTP_ADDR: '127.0.0.1:0',
      VERILINK_CONSOLE_ADDR: `127.0.0.1:${port}`,
      VERILINK_CONSOLE_URL: consoleUrl,
      VERILINK_OIDC_ISSUER: issuer,
      VERILINK_OIDC_CLIENT_ID: 'verilink-console',
      VERILINK_OIDC_CLIENT_SECRET: 'console-secret',
      VERILINK_OIDC_SCOPES: 'email profile groups',
      VERILINK_OIDC_GROUPS_CLAIM: 'groups',
      VERILINK_CONSOLE_ROLES: 'clients:admin=verilink-admins,clients:reviewer=kyc-team,clients:viewer=auditors',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-64_000);
  });
  const stop = stopper(child);
  const deadline = performance.now() + PATIENCE_MS;
  while (!/console listening addr=127\.0\.0\.1:\d+/.test(log)) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    if (performance.now() > deadline) throw new Error(`the server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { consoleUrl, stop };
}

/**
 * A fresh browser that logs in as `account` through the provider: the console's login page,
 * its "Log in with your company account", the provider's sign-in form. Resolves once the
 * browser is back at the console (where the answer of the callback is `status`).
 */
async function logInAs(account, { shoot } = {}) {
  const browser = await launch({ viewport: DESKTOP });
  const { page } = browser;
  // The provider's development form imports a web font; nothing leaves loopback.
  await browser.context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => route.abort(),
  );
  const opened = await page.goto(`${server.consoleUrl}/login`);
  assert.equal(opened.status(), 200);
  const button = page.getByRole('link', { name: 'Log in with your company account' });
  await button.waitFor();
  if (shoot) {
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the login page');
    await screenshot(page, 'login-oidc', { set: 'console', docs: false });
  }
  await Promise.all([page.waitForURL(`${provider.issuer}/**`), button.click()]);
  await page.locator('input[name=login]').fill(account);
  await page.locator('input[name=password]').fill('any password');
  const [callback] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(`${server.consoleUrl}/login/oidc/callback`)),
    page.locator('button[type=submit]').first().click(),
  ]);
  return { browser, callback };
}

for (const [account, email, role] of [
  ['ada', 'ada@acme.example', 'administrator'],
  ['rita', 'rita@acme.example', 'reviewer'],
  ['victor', 'victor@acme.example', 'viewer'],
]) {
  test(`${account} logs in with the company account as ${role}`, async () => {
    const { browser, callback } = await logInAs(account, { shoot: account === 'ada' });
    try {
      const { page, context } = browser;
      assert.equal(callback.status(), 200);
      // The callback's page moves on by itself, a navigation of the console's own.
      await page.waitForURL(`${server.consoleUrl}/inquiries`);
      await page.getByRole('heading', { name: 'Inquiries' }).waitFor();
      assert.ok((await page.locator('.who').innerText()).includes(`Signed in as ${email} (${role})`));
      const cookie = (await context.cookies()).find((c) => c.name === 'verilink-console');
      assert.ok(cookie, 'a session cookie');
      assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly');
      assert.equal(cookie.sameSite, 'Strict');
      // The login's state cookie is gone once used.
      assert.deepEqual(
        (await context.cookies()).map((c) => c.name).filter((n) => n !== 'verilink-console' && !n.startsWith('_')),
        [],
      );
      // Reloading sends the Strict cookie: still signed in.
      const again = await page.reload();
      assert.equal(again.status(), 200);
      assert.equal(page.url(), `${server.consoleUrl}/inquiries`);
      assert.ok((await page.locator('.who').innerText()).includes(`Signed in as ${email} (${role})`));
      if (account === 'ada') await screenshot(page, 'inquiries-oidc', { set: 'console', docs: false });
    } finally {
      await browser.close();
    }
  });
}

test('someone in none of the configured groups is refused with a page that says so', async () => {
  const { browser, callback } = await logInAs('nobody');
  try {
    const { page, context } = browser;
    assert.equal(callback.status(), 403);
    await page.waitForLoadState('load');
    await page.getByRole('heading', { name: 'You are not logged in' }).waitFor();
    const said = await page.locator('main').innerText();
    assert.match(said, /You are nobody@acme\.example, but none of your groups gives a role in this console/);
    for (const group of ['verilink-admins', 'kyc-team', 'auditors']) assert.ok(said.includes(group), group);
    assert.ok(!(await context.cookies()).some((c) => c.name === 'verilink-console'), 'no session');
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the refusal');
    await screenshot(page, 'login-refused', { set: 'console', docs: false });
    // And the console stays closed to this browser.
    await page.goto(`${server.consoleUrl}/inquiries`);
    assert.equal(new URL(page.url()).pathname, '/login');
  } finally {
    await browser.close();
  }
});
