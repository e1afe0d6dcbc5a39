// The operators' console in a real browser (Debian's Chromium, headless, driven by
// playwright-core) against a real Verilink server: run through tests/browser/run.
// Operators log in as the documented way in says: a single-use login link printed by
// `verilink console login-link`. Every test's browsers are fresh profiles of their own.
//
// One test needs email: it starts a second server of its own on the same database
// (VERILINK_BIN, VERILINK_DATABASE_URL from clients/with-server) that sends through an SMTP
// sink on loopback (npm smtp-server), and its reviewer works in that server's console.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { SMTPServer } from 'smtp-server';

import {
  PATIENCE_MS,
  axeViolations,
  call,
  closeApi,
  date,
  inquiryStatus,
  launch,
  onServer,
  receiver,
  screenshot,
  templateNamed,
  text,
} from './support.mjs';

const CONSOLE_URL = required('VERILINK_CONSOLE_URL');
const BIN = required('VERILINK_BIN');
required('VERILINK_DATABASE_URL');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through tests/browser/run`);
  return value;
}

/** A desktop window for operators; the phone's is 375×812. */
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

const REVIEWER = 'reviewer@clients.example';
const VIEWER = 'viewer@clients.example';
const ADMIN = 'admin@clients.example';

let hooks;
let kyc;
let mailing; // the second server, which sends email through `sink`
let sink;

before(async () => {
  hooks = await receiver();
  await call('WebhookService', 'CreateWebhook', {
    webhook: { url: `${hooks.base}/hooks`, enabled_events: ['*'], enabled: true },
  });
  kyc = await templateNamed('KYC');
  sink = await smtpSink();
  mailing = await mailingServer(sink.port);
});

after(async () => {
  await mailing?.stop();
  await sink?.close();
  await hooks?.close();
  closeApi();
});

// --- the CLI, the second server and the SMTP sink ----------------------------------------

const run = promisify(execFile);

/**
 * A single-use login link for `email` as `role` of `org`, printed by the CLI, on the console at
 * `base` (the printed URL names with-server's console; the same token works on any server of
 * the database).
 */
async function loginLink(role, email, { org = 'clients', base = CONSOLE_URL } = {}) {
  const { stdout } = await run(BIN, ['console', 'login-link', '--org', org, '--email', email, '--role', role], {
    timeout: PATIENCE_MS,
  });
  const printed = stdout.match(/https?:\/\/\S+/)?.[0];
  assert.ok(printed, `no URL in ${JSON.stringify(stdout)}`);
  const url = new URL(printed);
  assert.equal(url.origin, CONSOLE_URL, 'the CLI prints links to the running console');
  assert.equal(url.pathname, '/login/link');
  return `${base}${url.pathname}${url.search}`;
}

/** A second organization made by the CLI: its sandbox key and KYC template. */
async function otherOrganization(org) {
  const { stdout } = await run(BIN, ['bootstrap', '--org', org], { timeout: PATIENCE_MS });
  const key = stdout.match(/vlk_sandbox_[A-Za-z0-9]+/)?.[0];
  assert.ok(key, 'bootstrap printed a sandbox key');
  const { inquiry_templates } = await call('InquiryTemplateService', 'ListInquiryTemplates', {}, key);
  return { key, template: inquiry_templates.find((t) => t.name === 'KYC') };
}

/** Resolves when `check()` is truthy (returning it), polling until PATIENCE_MS. */
async function until(what, check) {
  const deadline = performance.now() + PATIENCE_MS;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An SMTP server on loopback that keeps every message it is given. */
async function smtpSink() {
  const messages = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.server.address().port,
    messages,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * The text a message carries, its quoted-printable and base64 parts decoded (enough to find a
 * link in what the mailer sends).
 */
function decoded(raw) {
  const softBreaks = raw.replace(/=\r?\n/g, '');
  const qp = softBreaks.replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  const parts = /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi;
  const base64 = [...raw.matchAll(parts)]
    .map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'))
    .join('\n');
  return `${qp}\n${base64}`;
}

/**
 * `verilink serve` on with-server's database, sending email through the SMTP sink on `smtpPort`;
 * resolves with its console's URL once it listens.
 */
async function mailingServer(smtpPort) {
  const child = spawn(BIN, ['serve', '--grpc-addr', '127.0.0.1:0'], {
    env: {
      ...process.env,
      RUST_LOG: 'info',
      VERILINK_HTTP_ADDR: '127.0.0.1:0',
      VERILINK_CONSOLE_ADDR: '127.0.0.1:0',
      VERILINK_SMTP_URL: `smtp://127.0.0.1:${smtpPort}?tls=none`,
      VERILINK_EMAIL_FROM: 'Clients verification <verify@clients.example>',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-64_000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let gone = false;
  exited.then(() => (gone = true));
  const address = await until('the second server to listen', () => {
    if (gone) throw new Error(`the second server exited:\n${log}`);
    return log.match(/console listening addr=(127\.0\.0\.1:\d+)/)?.[1];
  });
  return {
    consoleUrl: `http://${address}`,
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}

// --- the console in a browser ----------------------------------------------------------

/** Asserts the page has no axe-core violation. */
async function assertAccessible(page) {
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${page.url()}`);
}

/** A console screenshot (target/browser-screenshots/console/; `docs` ones also docs/console/). */
function shot(page, name, { docs = false } = {}) {
  return screenshot(page, name, { set: 'console', docs });
}

/** Clicks `button` and returns the response of the form's POST, once the next page loaded. */
async function press(page, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Opens a login link and presses its Continue; returns the POST's response. */
async function useLink(page, link) {
  const shown = await page.goto(link);
  assert.equal(shown.status(), 200);
  return press(page, page.locator('form[action="/login/link"] button[type=submit]'));
}

/** A fresh browser signed in to the console as `role`. */
async function operator(role, email, { base = CONSOLE_URL, viewport = DESKTOP, locale } = {}) {
  const browser = await launch({ viewport, locale });
  const answer = await useLink(browser.page, await loginLink(role, email, { base }));
  assert.equal(answer.status(), 303);
  assert.equal(browser.page.url(), `${base}/inquiries`);
  return browser;
}

/** A new sandbox KYC inquiry through the API (Alexander Sample, with an email address). */
async function newInquiry(referenceId, key) {
  const { inquiry } = await call(
    'InquiryService',
    'CreateInquiry',
    {
      inquiry: {
        inquiry_template_id: kyc.id,
        reference_id: referenceId,
        fields: {
          name_first: text('Alexander'),
          name_last: text('Sample'),
          birthdate: date(1977, 8, 31),
          email_address: text('alexander@example.com'),
        },
      },
    },
    key,
  );
  return inquiry;
}

/** The timeline's rows on an inquiry's page: [event, who]. */
async function timeline(page) {
  const rows = page.locator('section[aria-labelledby="timeline"] tbody tr');
  return (await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())))).map(
    ([, event, who]) => [event, who],
  );
}

/** The session's CSRF token, as every signed-in page's forms carry it. */
function csrfOf(page) {
  return page.locator('input[name=csrf]').first().inputValue();
}

/** The page must fit its window: no sideways scrolling of the page itself (WCAG 1.4.10). */
async function assertFits(page) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${page.url()} is ${scroll} px wide in a ${width} px window`);
}

test('a login link from the CLI works once', async () => {
  const link = await loginLink('reviewer', REVIEWER);
  const first = await launch({ viewport: DESKTOP });
  const second = await launch({ viewport: DESKTOP });
  try {
    // Another browser opens the link first, as a mail scanner would: that uses nothing.
    assert.equal((await second.page.goto(link)).status(), 200);
    const secondContinue = second.page.locator('form[action="/login/link"] button[type=submit]');
    await assert.doesNotReject(secondContinue.waitFor());

    const answer = await useLink(first.page, link);
    assert.equal(answer.status(), 303);
    assert.equal(first.page.url(), `${CONSOLE_URL}/inquiries`);
    await assert.doesNotReject(first.page.getByRole('heading', { name: 'Inquiries' }).waitFor());
    assert.ok((await first.page.locator('.who').innerText()).includes(`Signed in as ${REVIEWER} (reviewer)`));
    const cookie = (await first.context.cookies()).find((c) => c.name === 'verilink-console');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict', 'the session cookie is HttpOnly and Strict');

    // Its Continue, pressed after the first browser used the link, is refused.
    const refused = await press(second.page, secondContinue);
    assert.equal(refused.status(), 401);
    await assert.doesNotReject(second.page.getByRole('heading', { name: 'You are not logged in' }).waitFor());
    assert.ok(!(await second.context.cookies()).some((c) => c.name === 'verilink-console'));
    assert.equal(new URL(second.page.url()).pathname, '/login/link');
    // And so is opening it afresh.
    assert.equal((await useLink(second.page, link)).status(), 401);
  } finally {
    await first.close();
    await second.close();
  }
});

test('a reviewer sends a new link by email, the person completes it, the reviewer approves', async () => {
  const reference = `usr_CONSOLE_${Date.now()}`;
  const inquiry = await newInquiry(reference);
  const reviewer = await operator('reviewer', REVIEWER, { base: mailing.consoleUrl });
  const person = await launch({ address: '198.51.100.21' });
  try {
    const { page } = reviewer;
    // Find it by its reference ID and open it.
    await page.getByLabel('Inquiry ID, reference ID or email').fill(reference);
    await Promise.all([page.waitForURL(/\/inquiries\?/), page.getByRole('button', { name: 'Search' }).click()]);
    const rows = page.locator('table tbody tr');
    assert.equal(await rows.count(), 1);
    await Promise.all([
      page.waitForURL(`**/inquiries/${inquiry.id}`),
      rows.getByRole('link', { name: inquiry.id }).click(),
    ]);
    assert.equal(await page.locator('.status').innerText(), 'Created');

    // A new one-time link, emailed to the address the inquiry holds (the field's prefill).
    const email = page.getByLabel('Email it to (optional)');
    assert.equal(await email.inputValue(), 'alexander@example.com');
    await page.getByLabel('Link valid for (minutes)').fill('90');
    const made = await press(page, page.getByRole('button', { name: 'Create one-time link' }));
    assert.equal(made.status(), 200);
    await assert.doesNotReject(page.getByRole('heading', { name: 'One-time link' }).waitFor());
    const shown = page.getByLabel('URL', { exact: true });
    assert.equal(await shown.getAttribute('readonly'), '');
    const url = await shown.inputValue();
    assert.match(url, /\/verify\?code=[A-Za-z0-9]+$/);
    await shown.selectText();
    assert.equal(await shown.evaluate((input) => input.value.slice(input.selectionStart, input.selectionEnd)), url);
    const qr = page.getByRole('img', { name: 'QR code of the one-time link' });
    assert.match(await qr.getAttribute('src'), /^data:image\/(png|svg\+xml);base64,/);
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
    await assert.doesNotReject(page.getByText('The link is queued for email to alexander@example.com').waitFor());
    await shot(page, 'link-shown-once', { docs: true });
    const { one_time_links } = await call('OneTimeLinkService', 'ListOneTimeLinks', { inquiry_id: inquiry.id });
    const lasts = (Number(one_time_links[0].expires_at.seconds) * 1000 - Date.now()) / 60_000;
    assert.ok(lasts > 80 && lasts <= 90, `the link lasts ${lasts} minutes, not 90`);

    // The email arrives with the link.
    const mail = await until('the email', () => sink.messages.find((m) => m.to.includes('alexander@example.com')));
    assert.equal(mail.from, 'verify@clients.example');
    assert.ok(decoded(mail.raw).includes(url), 'the email carries the link shown');

    // The person opens it in a browser of their own and completes the flow.
    const flow = person.page;
    await flow.goto(onServer(url));
    assert.equal((await press(flow, flow.getByRole('button', { name: 'Continue' }))).status(), 303);
    assert.equal(await flow.getByLabel('First name').inputValue(), 'Alexander');
    await flow.getByLabel('Street address').fill('1 Main Street');
    await flow.getByLabel('Town or city').fill('Springfield');
    await flow.getByLabel('Postal code').fill('12345');
    await flow.getByLabel('Country').selectOption('US');
    assert.ok(await flow.getByRole('switch', { name: 'Pass verifications' }).isChecked());
    assert.equal((await press(flow, flow.getByRole('button', { name: 'Submit' }))).status(), 303);
    await assert.doesNotReject(flow.getByRole('heading', { name: 'Thank you' }).waitFor());
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_COMPLETED');

    // Back to the inquiry: completed; the reviewer approves with a comment.
    await Promise.all([
      page.waitForURL(`**/inquiries/${inquiry.id}`),
      page.getByRole('link', { name: 'Back to the inquiry' }).click(),
    ]);
    await page.reload();
    assert.equal(await page.locator('.status').innerText(), 'Completed');
    await page.getByLabel('Comment (optional)').fill('Documents match; called the customer.');
    const approved = await press(page, page.getByRole('button', { name: 'Approve', exact: true }));
    assert.equal(approved.status(), 303);
    assert.equal(page.url(), `${mailing.consoleUrl}/inquiries/${inquiry.id}`);
    assert.equal(await page.locator('.status').innerText(), 'Approved');
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_APPROVED');
    await assert.doesNotReject(page.getByText('Documents match; called the customer.').waitFor());

    // The timeline names both people: the end user's session and the operator.
    const entries = await timeline(page);
    const who = (event) => entries.filter(([e]) => e === event).map(([, w]) => w);
    const operatorName = `Operator: ${REVIEWER} (email:${REVIEWER})`;
    assert.deepEqual(who('inquiry.approved'), [operatorName], JSON.stringify(entries));
    assert.deepEqual(who('one-time-link.created'), [operatorName], JSON.stringify(entries));
    for (const event of ['inquiry.started', 'inquiry.completed']) {
      assert.equal(who(event).length, 1, `${event} in ${JSON.stringify(entries)}`);
      assert.match(who(event)[0], /^End user: iqse_/);
    }
    assert.ok(who('inquiry.viewed').every((w) => w === operatorName), 'the views are the reviewer’s');
    await shot(page, 'inquiry', { docs: true });

    // Webhooks carry the same actors (and never the audit-only inquiry.viewed).
    const seen = await hooks.waitFor(inquiry.id, ['inquiry.started', 'inquiry.completed', 'inquiry.approved']);
    const events = hooks.events.filter((e) => e.inquiryId === inquiry.id);
    const one = (type) => {
      // Delivery is at least once: the same event twice is one event.
      const found = new Map(events.filter((e) => e.type === type).map((e) => [e.id, e]));
      assert.equal(found.size, 1, `${type} once in ${seen}`);
      return [...found.values()][0];
    };
    const decision = one('inquiry.approved');
    assert.equal(decision.actor.kind, 'ACTOR_KIND_OPERATOR');
    assert.equal(decision.actor.displayName, REVIEWER);
    assert.equal(decision.actor.id, `email:${REVIEWER}`);
    assert.equal(decision.data.object.status, 'INQUIRY_STATUS_APPROVED');
    for (const type of ['inquiry.started', 'inquiry.completed']) {
      const earlier = one(type);
      assert.equal(earlier.actor.kind, 'ACTOR_KIND_END_USER', type);
      assert.match(earlier.actor.id, /^iqse_/);
      assert.ok(Date.parse(earlier.createTime) <= Date.parse(decision.createTime), `${type} before the decision`);
    }
    assert.ok(!seen.includes('inquiry.viewed'), `no inquiry.viewed webhook in ${seen}`);
  } finally {
    await reviewer.close();
    await person.close();
  }
});

test('a viewer has no actions, and a decision posted anyway is refused', async () => {
  const inquiry = await newInquiry(`usr_VIEWER_${Date.now()}`);
  const viewer = await operator('viewer', VIEWER);
  try {
    const { page, context } = viewer;
    const opened = await page.goto(`${CONSOLE_URL}/inquiries/${inquiry.id}`);
    assert.equal(opened.status(), 200);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Timeline' }).waitFor());
    for (const action of ['decide', 'link', 'edit', 'expire', 'redact']) {
      assert.equal(await page.locator(`form[action$="/${action}"]`).count(), 0, `no ${action} form`);
    }
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Actions' }).count(), 0);

    // The session's own token and cookie, through the browser's request API: the role refuses.
    const refused = await context.request.post(`${CONSOLE_URL}/inquiries/${inquiry.id}/decide`, {
      form: { csrf: await csrfOf(page), action: 'approve', comment: 'not mine to decide' },
      maxRedirects: 0,
    });
    assert.equal(refused.status(), 403);
    assert.match(await refused.text(), /This needs the reviewer role/);
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_CREATED');
  } finally {
    await viewer.close();
  }
});

test("another site's form cannot decide an inquiry", async () => {
  const inquiry = await newInquiry(`usr_CSRF_${Date.now()}`);
  const reviewer = await operator('reviewer', REVIEWER);
  // The other site's page: a form that approves, carrying even the session's real token (as
  // if it had leaked), so only the browser's own signals are left to refuse it.
  const csrf = await csrfOf(reviewer.page);
  const target = `${CONSOLE_URL}/inquiries/${inquiry.id}/decide`;
  const attacker = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Win a prize</title>
<form method="post" action="${target}">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="action" value="approve">
<button type="submit">Claim your prize</button>
</form></html>`);
  });
  await new Promise((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const port = attacker.address().port;
  try {
    const { page } = reviewer;
    const claim = page.getByRole('button', { name: 'Claim your prize' });

    // Another origin of the same site (127.0.0.1, another port): the Strict cookie travels,
    // and the browser marks the post same-site, not same-origin.
    await page.goto(`http://127.0.0.1:${port}/`);
    const sameSite = await press(page, claim);
    assert.equal((await sameSite.request().allHeaders())['sec-fetch-site'], 'same-site');
    assert.equal(sameSite.status(), 403);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Not allowed' }).waitFor());
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_CREATED');

    // Another site (localhost): the Strict cookie stays home, so there is no session at all.
    await page.goto(`http://localhost:${port}/`);
    const crossSite = await press(page, claim);
    assert.equal((await crossSite.request().allHeaders())['sec-fetch-site'], 'cross-site');
    assert.equal(crossSite.status(), 303);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_CREATED');

    // The session itself is untouched by both.
    const back = await page.goto(`${CONSOLE_URL}/inquiries/${inquiry.id}`);
    assert.equal(back.status(), 200);
    assert.equal(await page.locator('.status').innerText(), 'Created');
  } finally {
    // Chromium keeps connections open (some idle before their first request): end them all.
    attacker.closeAllConnections();
    await new Promise((resolve) => attacker.close(resolve));
    await reviewer.close();
  }
});

test("another organization's inquiry is not found", async () => {
  const other = await otherOrganization('other');
  const { inquiry } = await call(
    'InquiryService',
    'CreateInquiry',
    { inquiry: { inquiry_template_id: other.template.id, reference_id: 'usr_OTHER_ORG' } },
    other.key,
  );
  const reviewer = await operator('reviewer', REVIEWER);
  try {
    const { page } = reviewer;
    const opened = await page.goto(`${CONSOLE_URL}/inquiries/${inquiry.id}`);
    assert.equal(opened.status(), 404);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Not found' }).waitFor());
    assert.ok(!(await page.content()).includes('usr_OTHER_ORG'));
    // Searching for its ID leads to the same answer; its reference ID finds nothing.
    await page.goto(`${CONSOLE_URL}/inquiries?q=${inquiry.id}`);
    assert.equal(page.url(), `${CONSOLE_URL}/inquiries/${inquiry.id}`);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Not found' }).waitFor());
    await page.goto(`${CONSOLE_URL}/inquiries?q=usr_OTHER_ORG`);
    await assert.doesNotReject(page.getByText('No inquiries match.').waitFor());
  } finally {
    await reviewer.close();
  }
  // The refused look wrote nothing to the other organization's audit log.
  const { events } = await call('AuditService', 'ListAuditEvents', { inquiry_id: inquiry.id }, other.key);
  assert.deepEqual(
    events.map((e) => e.name),
    ['inquiry.created'],
  );
});

test('every console page passes axe-core, in English and Spanish, and on a phone', async () => {
  const inquiry = await newInquiry(`usr_AXE_${Date.now()}`);
  await newInquiry(`usr_AXE_${Date.now()}_2`);
  const visitor = await launch({ viewport: DESKTOP });
  const viewer = await operator('viewer', VIEWER);
  const phone = await operator('admin', ADMIN, { viewport: PHONE });
  try {
    // Each language: the same pages, switched through the links at the foot of the page.
    for (const lang of ['en', 'es']) {
      const t = lang === 'en' ? ENGLISH : SPANISH;
      const suffix = lang === 'en' ? '' : '-es';
      const check = async (page, name, { heading, docs = false } = {}) => {
        assert.equal(await page.getAttribute('html', 'lang'), lang, `${name} in ${lang}`);
        if (heading) await assert.doesNotReject(page.getByRole('heading', { name: heading, exact: true }).waitFor());
        await assertAccessible(page);
        await shot(page, `${name}${suffix}`, { docs: docs && lang === 'en' });
      };
      const { page } = visitor;
      const switchTo = async (p) => {
        if ((await p.getAttribute('html', 'lang')) === lang) return;
        await Promise.all([p.waitForLoadState('load'), p.getByRole('link', { name: t.language }).click()]);
        await p.waitForFunction((l) => document.documentElement.lang === l, lang);
      };

      // Signed out: the login page, then a login link's page; Continue signs in as an admin.
      await page.goto(`${CONSOLE_URL}/login`);
      await switchTo(page);
      await check(page, 'login', { heading: t.login });
      const link = await loginLink('admin', ADMIN);
      assert.equal((await page.goto(link)).status(), 200);
      await check(page, 'login-link', { heading: t.loginLink, docs: true });
      assert.equal((await useLink(page, link)).status(), 303);

      // The list, with rows.
      await page.goto(`${CONSOLE_URL}/inquiries?q=`);
      assert.ok((await page.locator('table tbody tr').count()) >= 2, 'the list has rows');
      await check(page, 'inquiries', { heading: t.inquiries, docs: true });

      // An inquiry as an administrator: the actions and the expire and redact forms.
      assert.equal((await page.goto(`${CONSOLE_URL}/inquiries/${inquiry.id}`)).status(), 200);
      assert.equal(await page.locator('form[action$="/redact"]').count(), 1);
      assert.equal(await page.locator('form[action$="/expire"]').count(), 1);
      await check(page, 'inquiry-admin');

      // The link shown once. This server sends no email, so the form has no email field.
      assert.equal(await page.locator('input[name=email]').count(), 0);
      assert.equal((await press(page, page.getByRole('button', { name: t.createLink }))).status(), 200);
      await check(page, 'link-shown-once-admin', { heading: t.linkOnce });

      // The audit log.
      await page.getByRole('link', { name: t.audit }).click();
      await page.waitForURL('**/audit');
      assert.ok((await page.locator('table tbody tr').count()) > 0, 'the audit log has rows');
      await check(page, 'audit', { heading: t.audit, docs: true });

      // Not found (404).
      const missing = `inq_${'0'.repeat(inquiry.id.length - 4)}`;
      assert.equal((await page.goto(`${CONSOLE_URL}/inquiries/${missing}`)).status(), 404);
      await check(page, 'not-found', { heading: t.notFound });

      // A viewer: the inquiry without actions, and the refusal (403) of a form posted anyway
      // (added to the page through DevTools, as axe is: the console itself runs no script).
      const v = viewer.page;
      await v.goto(`${CONSOLE_URL}/inquiries/${inquiry.id}`);
      await switchTo(v);
      assert.equal(await v.locator('form[action$="/decide"]').count(), 0);
      await check(v, 'inquiry-viewer');
      await v.evaluate(
        ({ action, csrf }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = action;
          for (const [name, value] of Object.entries({ csrf, action: 'approve' })) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.append(input);
          }
          document.body.append(form);
        },
        { action: `/inquiries/${inquiry.id}/decide`, csrf: await csrfOf(v) },
      );
      const [forbidden] = await Promise.all([
        v.waitForResponse((r) => r.request().method() === 'POST'),
        v.evaluate(() => document.forms[document.forms.length - 1].submit()),
      ]);
      await v.waitForLoadState('load');
      assert.equal(forbidden.status(), 403);
      await check(v, 'forbidden', { heading: t.forbidden });
      assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_CREATED');

      // A phone: the list and an inquiry fit a 375 px window.
      const p = phone.page;
      await p.goto(`${CONSOLE_URL}/inquiries`);
      await switchTo(p);
      await assertFits(p);
      await check(p, 'inquiries-phone', { heading: t.inquiries });
      await p.goto(`${CONSOLE_URL}/inquiries/${inquiry.id}`);
      await assertFits(p);
      await check(p, 'inquiry-phone');
    }
  } finally {
    await visitor.close();
    await viewer.close();
    await phone.close();
  }
});

test('the administration pages: templates, a webhook and its deliveries, an API key made and revoked', async () => {
  const admin = await operator('admin', ADMIN);
  const phone = await operator('admin', ADMIN, { viewport: PHONE });
  try {
    const { page } = admin;
    const fillAndPress = async (button) => press(page, page.getByRole('button', { name: button, exact: true }));

    // The templates, and one of them.
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL(`${CONSOLE_URL}/templates`);
    await page.getByRole('heading', { name: 'Inquiry templates' }).waitFor();
    await shot(page, 'templates', { docs: true });
    await Promise.all([page.waitForURL(`**/templates/${kyc.id}`), page.getByRole('link', { name: 'KYC' }).first().click()]);
    await page.getByRole('heading', { name: 'Template KYC' }).waitFor();
    const templateUrl = page.url();
    await shot(page, 'template');

    // A new webhook to the suite's loopback receiver: its signing secret shown once.
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(`${CONSOLE_URL}/webhooks`);
    const hookUrl = `${hooks.base}/console-${Date.now()}`;
    await page.getByLabel('URL', { exact: true }).fill(hookUrl);
    await page.getByLabel('Every event (*)').check();
    assert.equal((await fillAndPress('Create webhook')).status(), 200);
    await page.getByRole('heading', { name: 'Signing secret' }).waitFor();
    const signing = page.getByLabel("The webhook's signing secret");
    assert.equal(await signing.getAttribute('readonly'), '');
    assert.ok((await signing.inputValue()).length >= 16, 'a signing secret is shown');
    await assertAccessible(page);
    await shot(page, 'webhook-secret-shown-once');
    await Promise.all([page.waitForURL(/\/webhooks\/wbh_/), page.getByRole('link', { name: 'Go to the webhook' }).click()]);
    const webhookUrl = page.url();
    assert.equal(await page.locator('.status').innerText(), 'On');
    assert.ok((await page.locator('dl.facts').innerText()).includes(hookUrl));

    // An inquiry made through the API is delivered to it: the delivery is on the page.
    const inquiry = await newInquiry(`usr_HOOK_${Date.now()}`);
    const delivery = page.locator('section[aria-labelledby="deliveries"] tbody tr', { hasText: 'inquiry.created' });
    await until('the delivery on the webhook page', async () => {
      await page.reload();
      return (await delivery.count()) > 0 && (await delivery.first().innerText()).includes('Delivered');
    });
    assert.ok(inquiry.id, 'an inquiry was made');
    await shot(page, 'webhook', { docs: true });

    // A new API key: its secret shown once, and it works.
    const name = `console-test-${Date.now()}`;
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(`${CONSOLE_URL}/keys`);
    await page.getByLabel('Name', { exact: true }).fill(name);
    assert.equal((await fillAndPress('Create key')).status(), 200);
    await page.getByRole('heading', { name: 'New API key' }).waitFor();
    const secret = await page.getByLabel('The key', { exact: true }).inputValue();
    assert.match(secret, /^vlk_sandbox_[A-Za-z0-9]+$/);
    await assertAccessible(page);
    await shot(page, 'key-shown-once');
    await call('InquiryTemplateService', 'ListInquiryTemplates', {}, secret);
    await Promise.all([page.waitForURL(/\/keys\/key_/), page.getByRole('link', { name: 'Go to the key' }).click()]);
    const keyUrl = page.url();
    assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
    await page.goto(`${CONSOLE_URL}/keys`);
    assert.ok(!(await page.content()).includes(secret), 'nor in the list');
    await page.getByRole('row', { name: new RegExp(name) }).waitFor();
    await shot(page, 'keys', { docs: true });

    // Each page passes axe-core in English and Spanish, on a desktop and on a phone.
    const pages = {
      templates: `${CONSOLE_URL}/templates`,
      template: templateUrl,
      webhooks: `${CONSOLE_URL}/webhooks`,
      webhook: webhookUrl,
      keys: `${CONSOLE_URL}/keys`,
      key: keyUrl,
    };
    for (const lang of ['en', 'es']) {
      const t = lang === 'en' ? ENGLISH : SPANISH;
      for (const [browser, kind] of [
        [admin, ''],
        [phone, '-phone'],
      ]) {
        const p = browser.page;
        for (const [what, url] of Object.entries(pages)) {
          assert.equal((await p.goto(url)).status(), 200, url);
          if ((await p.getAttribute('html', 'lang')) !== lang) {
            await Promise.all([p.waitForLoadState('load'), p.getByRole('link', { name: t.language }).click()]);
            await p.waitForFunction((l) => document.documentElement.lang === l, lang);
          }
          await assertAccessible(p);
          if (kind) await assertFits(p);
          await shot(p, `${what}${kind}${lang === 'en' ? '' : '-es'}`);
        }
      }
    }
    // Back to English for the revocation.
    await page.goto(keyUrl);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'English' }).click()]);
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    // Revoking asks for the key's name: a wrong one changes nothing; the right one revokes it.
    const confirm = page.getByLabel(`Type the key's name (${name}) to confirm`);
    await confirm.fill('not its name');
    assert.equal((await fillAndPress('Revoke key')).status(), 400);
    await call('InquiryTemplateService', 'ListInquiryTemplates', {}, secret);
    await page.goto(keyUrl);
    await confirm.fill(name);
    assert.equal((await fillAndPress('Revoke key')).status(), 303);
    assert.equal(page.url(), keyUrl);
    assert.equal(await page.locator('.status').innerText(), 'Revoked');
    await assertAccessible(page);
    await shot(page, 'key-revoked');
    await until('the key to stop working', () =>
      call('InquiryTemplateService', 'ListInquiryTemplates', {}, secret).then(
        () => false,
        (err) => err.code === 16, // UNAUTHENTICATED
      ),
    );
  } finally {
    await admin.close();
    await phone.close();
  }
});

/** What the axe test looks for, by language. */
const ENGLISH = {
  language: 'English',
  login: 'Log in to the console',
  loginLink: 'Log in with a link',
  inquiries: 'Inquiries',
  createLink: 'Create one-time link',
  linkOnce: 'One-time link',
  audit: 'Audit log',
  notFound: 'Not found',
  forbidden: 'Not allowed',
};
const SPANISH = {
  language: 'Español',
  login: 'Iniciar sesión en la consola',
  loginLink: 'Iniciar sesión con un enlace',
  inquiries: 'Verificaciones',
  createLink: 'Crear enlace de un solo uso',
  linkOnce: 'Enlace de un solo uso',
  audit: 'Registro de auditoría',
  notFound: 'No encontrado',
  forbidden: 'No permitido',
};
