// The hosted verification flow in a real browser (Debian's Chromium, headless, driven by
// playwright-core) against a real Verilink server: run through tests/browser/run.
// Each test's browsers speak from an end-user address of their own (X-Forwarded-For through
// the trusted loopback proxy), so the guessing throttle of one never touches another.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  HTTP_URL,
  axeViolations,
  call,
  closeApi,
  date,
  inquiryStatus,
  inquiryWithLink,
  launch,
  linkStatus,
  onServer,
  receiver,
  screenshot,
  templateLikeKyc,
  templateNamed,
  text,
} from './support.mjs';

const ALEXANDER = {
  name_first: text('Alexander'),
  name_last: text('Sample'),
  birthdate: date(1977, 8, 31),
};

let hooks;
let quickstart; // Persona's quickstart template: auto-approving, collects what KYC does
let kyc;

before(async () => {
  hooks = await receiver();
  await call('WebhookService', 'CreateWebhook', {
    webhook: { url: `${hooks.base}/hooks`, enabled_events: ['*'], enabled: true },
  });
  kyc = await templateNamed('KYC');
  quickstart = await templateLikeKyc({ name: 'Identity check', auto_approve: true });
});

after(async () => {
  await hooks?.close();
  closeApi();
});

/** Asserts the page has no axe-core violation. */
async function assertAccessible(page) {
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${page.url()}`);
}

/** Clicks the page's one submit button and returns the response of the form's POST. */
async function submitForm(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.locator('button[type=submit]').click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** Fills what KYC collects beyond the quickstart's prefill. */
async function fillAddress(page) {
  await page.getByLabel('Street address').fill('1 Main Street');
  await page.getByLabel('Town or city').fill('Springfield');
  await page.getByLabel('Postal code').fill('12345');
  await page.getByLabel('Country').selectOption('US');
  await page.getByLabel('Email address').fill('alexander@example.com');
}

/** Every hosted response's headers, and a page with its stylesheet under 50 KB. */
async function assertHostedResponse(page, response, status) {
  assert.equal(response.status(), status, await page.content());
  const headers = await response.allHeaders();
  assert.equal(headers['cache-control'], 'no-store');
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.match(headers['content-security-policy'], /^default-src 'none'; style-src 'self'/);
  const html = await response.text();
  const css = await (await fetch(`${HTTP_URL}/assets/verilink.css`)).text();
  assert.ok(html.length + css.length < 50_000, `page and CSS are ${html.length + css.length} bytes`);
}

test('a scanner GET, HEAD and pre-render leave the link PENDING', async () => {
  const { inquiry, link } = await inquiryWithLink(kyc.id, ALEXANDER);
  for (const url of [onServer(link.url), onServer(link.short_url)]) {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(url, { method, redirect: 'manual' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
    }
  }
  // A scanner that renders the page, as Safe Links does, in a browser of its own.
  const scanner = await launch({ address: '198.51.100.1' });
  try {
    const response = await scanner.page.goto(onServer(link.url));
    await assertHostedResponse(scanner.page, response, 200);
    await assert.doesNotReject(scanner.page.getByRole('button', { name: 'Continue' }).waitFor());
  } finally {
    await scanner.close();
  }
  assert.equal(await linkStatus(link.one_time_link.id), 'ONE_TIME_LINK_STATUS_PENDING');
  assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_CREATED');
});

test("Persona's quickstart end to end: Alexander Sample passes and is approved", async () => {
  const { inquiry, link } = await inquiryWithLink(quickstart.id, ALEXANDER);
  const alexander = await launch({ address: '198.51.100.2' });
  const other = await launch({ address: '198.51.100.3' });
  try {
    const { page } = alexander;
    const entry = await page.goto(onServer(link.url));
    await assertHostedResponse(page, entry, 200);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Identity check' }).waitFor());
    await assertAccessible(page);
    await screenshot(page, '01-link-page');

    const redeemed = await submitForm(page);
    assert.equal(redeemed.status(), 303);
    assert.equal(new URL(page.url()).pathname, '/verify/flow');
    assert.equal(new URL(page.url()).search, '', 'no code or token in the URL');
    const cookies = await alexander.context.cookies();
    const session = cookies.find((c) => c.name === 'verilink-session');
    assert.ok(session?.httpOnly && session.sameSite === 'Lax', JSON.stringify(cookies));
    assert.equal(await page.getByLabel('First name').inputValue(), 'Alexander');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Sample');
    assert.equal(await page.getByLabel('Date of birth').inputValue(), '1977-08-31');
    assert.ok(await page.getByRole('switch', { name: 'Pass verifications' }).isChecked());
    await assertAccessible(page);
    await screenshot(page, '02-flow');

    // A reload keeps the place; another browser, without the cookie, cannot continue.
    await fillAddress(page);
    const reloaded = await page.reload();
    await assertHostedResponse(page, reloaded, 200);
    assert.equal(await page.getByLabel('First name').inputValue(), 'Alexander');
    const refused = await other.page.goto(`${HTTP_URL}/verify/flow`);
    assert.equal(refused.status(), 403);
    await assert.doesNotReject(
      other.page.getByRole('heading', { name: 'Continue in the browser where you opened your link' }).waitFor(),
    );
    await assertAccessible(other.page);
    await screenshot(other.page, '10-other-browser');
    const reused = await other.page.goto(onServer(link.url));
    assert.equal(reused.status(), 410, 'the link was used');

    await fillAddress(page);
    const submitted = await submitForm(page);
    assert.equal(submitted.status(), 303);
    assert.equal(new URL(page.url()).pathname, '/verify/done');
    await assert.doesNotReject(page.getByRole('heading', { name: 'Thank you' }).waitFor());
    await assertAccessible(page);
    await screenshot(page, '04-done');
    assert.ok(!(await alexander.context.cookies()).some((c) => c.name === 'verilink-session'));

    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_APPROVED');
    const seen = await hooks.waitFor(inquiry.id, ['inquiry.started', 'inquiry.completed', 'inquiry.approved']);
    for (const name of ['inquiry.started', 'inquiry.completed', 'inquiry.approved']) {
      assert.ok(seen.includes(name), `${name} in ${seen}`);
    }
    const { inquiry: approved } = await call('InquiryService', 'GetInquiry', { id: inquiry.id });
    assert.equal(approved.fields.address_country_code.string_value, 'US');
    assert.equal(approved.fields.email_address.string_value, 'alexander@example.com');
  } finally {
    await alexander.close();
    await other.close();
  }
});

test('the switch off fails the inquiry; a redirect_uri gets its answer', async () => {
  const back = await templateLikeKyc({ name: 'Back to the app', redirect_uri: `${hooks.base}/back?app=1` });
  const { inquiry, link } = await inquiryWithLink(back.id, ALEXANDER);
  const browser = await launch({ address: '198.51.100.4' });
  try {
    const { page } = browser;
    await page.goto(onServer(link.url));
    await submitForm(page);
    await fillAddress(page);
    await page.getByRole('switch', { name: 'Pass verifications' }).uncheck();
    const submitted = await submitForm(page);
    assert.equal(submitted.status(), 303);
    const landed = new URL(page.url());
    assert.equal(landed.origin + landed.pathname, `${hooks.base}/back`);
    assert.equal(landed.searchParams.get('app'), '1');
    assert.equal(landed.searchParams.get('inquiry-id'), inquiry.id);
    assert.equal(landed.searchParams.get('reference-id'), 'usr_ABC123');
    assert.equal(landed.searchParams.get('status'), 'failed');
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_FAILED');
  } finally {
    await browser.close();
  }
});

test('problems are shown beside each field with the input kept', async () => {
  const { link } = await inquiryWithLink(kyc.id, ALEXANDER);
  const browser = await launch({ address: '198.51.100.5' });
  try {
    const { page } = browser;
    await page.goto(onServer(link.url));
    await submitForm(page);
    await page.getByLabel('First name').fill('');
    await page.getByLabel('Date of birth').fill('1850-01-01');
    await page.getByLabel('Email address').fill('alexander@');
    await page.getByLabel('Postal code').fill('12345678901234567');
    const answered = await submitForm(page);
    assert.equal(answered.status(), 422);
    assert.match(await page.title(), /^Error: KYC/);
    const problem = async (label) => {
      const input = page.getByLabel(label);
      assert.equal(await input.getAttribute('aria-invalid'), 'true', label);
      const id = (await input.getAttribute('aria-describedby')).split(' ').pop();
      return page.locator(`#${id}`).innerText();
    };
    assert.equal(await problem('First name'), 'This field is required');
    assert.equal(await problem('Date of birth'), 'Enter a date on or after 1900-01-01');
    assert.equal(await problem('Email address'), 'Enter an email address like name@example.com');
    assert.equal(await problem('Postal code'), 'Enter at most 16 characters');
    assert.equal(await problem('Country'), 'This field is required');
    assert.equal(await page.getByLabel('Email address').inputValue(), 'alexander@', 'input kept');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Sample');
    const summary = page.getByRole('heading', { name: 'There is a problem' });
    await assert.doesNotReject(summary.waitFor());
    await page.getByRole('link', { name: 'Email address: Enter an email address like name@example.com' }).click();
    assert.equal(await page.evaluate(() => location.hash), '#field-email_address');
    await assertAccessible(page);
    await screenshot(page, '03-flow-problems');
  } finally {
    await browser.close();
  }
});

test('completing the flow by keyboard alone', async () => {
  const { inquiry, link } = await inquiryWithLink(quickstart.id, {}, 'usr_KEYBOARD');
  const browser = await launch({ address: '198.51.100.6' });
  try {
    const { page } = browser;
    await page.goto(onServer(link.url));
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'BUTTON', 'Continue comes first');
    await Promise.all([page.waitForURL('**/verify/flow'), page.keyboard.press('Enter')]);
    const answers = [
      ['name_first', 'Alexander'],
      ['name_last', 'Sample'],
      ['birthdate', '08311977'],
      ['address_street_1', '1 Main Street'],
      ['address_city', 'Springfield'],
      ['address_postal_code', '12345'],
      ['address_country_code', 'Spain'],
      ['email_address', 'alexander@example.com'],
    ];
    // Tab to the next control; a date input's calendar button is a tab stop of its own.
    let previous = null;
    const next = async () => {
      await page.keyboard.press('Tab');
      for (let stops = 0; stops < 3 && (await focused()) === previous; stops += 1) {
        await page.keyboard.press('Tab');
      }
      previous = await focused();
      return previous;
    };
    for (const [name, typed] of answers) {
      assert.equal(await next(), name, 'fields are reached in order');
      // A date input takes its parts as typed, in the browser's locale (en-US: MM DD YYYY).
      await page.keyboard.type(typed);
    }
    assert.equal(await page.getByLabel('Date of birth').inputValue(), '1977-08-31');
    assert.equal(await page.getByLabel('Country').inputValue(), 'ES');
    assert.equal(await next(), 'pass', 'then the sandbox switch');
    assert.equal(await next(), 'BUTTON');
    await Promise.all([page.waitForURL('**/verify/done'), page.keyboard.press('Enter')]);
    assert.equal(await inquiryStatus(inquiry.id), 'INQUIRY_STATUS_APPROVED');
  } finally {
    await browser.close();
  }
});

test('each ending has its page and status, without personal data', async () => {
  const browser = await launch({ address: '198.51.100.7' });
  try {
    const { page } = browser;
    const used = await inquiryWithLink(kyc.id, ALEXANDER);
    await page.goto(onServer(used.link.url));
    await submitForm(page);
    const expired = await inquiryWithLink(kyc.id, ALEXANDER);
    await call('InquiryService', 'ExpireInquiry', { id: expired.inquiry.id });
    const revoked = await inquiryWithLink(kyc.id, ALEXANDER);
    await call('OneTimeLinkService', 'GenerateOneTimeLink', { inquiry_id: revoked.inquiry.id });
    const closed = await inquiryWithLink(kyc.id, ALEXANDER);
    await call('InquiryService', 'RedactInquiry', { id: closed.inquiry.id });
    const endings = [
      ['05-link-used', onServer(used.link.url), 410, 'This link has already been used'],
      ['06-link-expired', onServer(expired.link.url), 410, 'This link has expired'],
      ['07-link-revoked', onServer(revoked.link.short_url), 410, 'This link is no longer valid'],
      ['08-verification-closed', onServer(closed.link.url), 410, 'This verification is closed'],
      ['09-link-not-found', `${HTTP_URL}/verify?code=${'0'.repeat(22)}`, 404, 'We cannot find this link'],
    ];
    for (const [shot, url, status, title] of endings) {
      const response = await page.goto(url);
      await assertHostedResponse(page, response, status);
      await assert.doesNotReject(page.getByRole('heading', { name: title }).waitFor());
      const body = await page.content();
      for (const personal of ['Alexander', 'Sample', 'usr_ABC123', 'KYC']) {
        assert.ok(!body.includes(personal), `${personal} on ${shot}`);
      }
      await assertAccessible(page);
      await screenshot(page, shot);
    }
  } finally {
    await browser.close();
  }
});

test('the Spanish pages', async () => {
  const { link } = await inquiryWithLink(kyc.id, ALEXANDER);
  const browser = await launch({ address: '198.51.100.8', locale: 'es-ES' });
  try {
    const { page } = browser;
    await page.goto(onServer(link.url));
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    await assert.doesNotReject(page.getByRole('button', { name: 'Continuar' }).waitFor());
    await assertAccessible(page);
    await screenshot(page, '12-link-page-es');
    await submitForm(page);
    assert.equal(await page.getByLabel('Nombre').inputValue(), 'Alexander');
    await assert.doesNotReject(page.getByRole('switch', { name: 'Aprobar las verificaciones' }).waitFor());
    await assertAccessible(page);
    await screenshot(page, '13-flow-es');
    // The language switch keeps the session and changes the language.
    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getByLabel('First name').inputValue(), 'Alexander');
  } finally {
    await browser.close();
  }
});

test('eleven unknown codes lock out that address and not another', async () => {
  const { link } = await inquiryWithLink(kyc.id, ALEXANDER);
  const guesser = await launch({ address: '203.0.113.66' });
  const person = await launch({ address: '203.0.113.67' });
  try {
    // The guesses count for a minute: they are made by plain requests from the guesser's
    // address, which take milliseconds, so that a busy machine cannot let the first of them
    // expire before the browser comes back. The limit is the server's setting (10 by default).
    const limit = Number(process.env.VERILINK_REDEEM_FAILURES_PER_MINUTE) || 10;
    for (let i = 0; i < limit; i += 1) {
      const response = await fetch(`${HTTP_URL}/verify?code=${String(i).padStart(22, '0')}`, {
        headers: { 'X-Forwarded-For': '203.0.113.66' },
      });
      assert.equal(response.status, 404);
    }
    const throttled = await guesser.page.goto(onServer(link.url));
    await assertHostedResponse(guesser.page, throttled, 429);
    const retryAfter = Number((await throttled.allHeaders())['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    await assert.doesNotReject(guesser.page.getByRole('heading', { name: 'Too many attempts' }).waitFor());
    await assertAccessible(guesser.page);
    await screenshot(guesser.page, '11-too-many-attempts');
    const response = await person.page.goto(onServer(link.url));
    assert.equal(response.status(), 200, 'another address still gets in');
    assert.equal((await submitForm(person.page)).status(), 303);
  } finally {
    await guesser.close();
    await person.close();
  }
});
