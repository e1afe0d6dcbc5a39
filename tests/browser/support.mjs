// What the browser suite needs besides the browser: the Verilink API over gRPC (the contract's
// .proto files loaded at run time), Debian's Chromium launched with a fresh profile, axe-core
// loaded from disk, screenshots, and a loopback receiver for webhooks and redirects.
//
// Environment (set by clients/with-server): VERILINK_ADDR (gRPC host:port), VERILINK_API_KEY
// (sandbox key), VERILINK_LIVE_API_KEY, VERILINK_HTTP_URL (the hosted pages' base URL),
// VERILINK_CONSOLE_URL (the operators' console's), VERILINK_WORKER_INTERVAL_MS (how often the
// server's workers deliver webhooks).

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export const HTTP_URL = required('VERILINK_HTTP_URL');
export const SANDBOX_KEY = required('VERILINK_API_KEY');
export const LIVE_KEY = required('VERILINK_LIVE_API_KEY');

/**
 * How long the suite waits for what should come soon (an API answer, a page, a webhook
 * delivery), in ms: only a bound on a hang. Every wait ends as soon as what it waits for comes,
 * so a test is as fast as that; a machine busy with another build may be slow, and a test then
 * waits longer rather than failing.
 */
export const PATIENCE_MS = 120_000;

/** The server's workers' interval: clients/with-server sets 200 ms; the server's default is 1 s. */
const WORKER_INTERVAL_MS = Math.max(50, Number(process.env.VERILINK_WORKER_INTERVAL_MS) || 1000);

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through tests/browser/run`);
  return value;
}

// --- the API ---------------------------------------------------------------------------

const protoDir = join(root, 'proto');
const definition = protoLoader.loadSync(
  ['audit', 'inquiry', 'inquiry_template', 'one_time_link', 'session', 'webhook'].map((f) =>
    join(protoDir, 'verilink', 'v1', `${f}.proto`),
  ),
  { includeDirs: [protoDir], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true },
);
const v1 = grpc.loadPackageDefinition(definition).verilink.v1;
const clients = {};

/** Calls `Service.Method` with an API key; resolves with the response or rejects. */
export function call(service, method, request, key = SANDBOX_KEY) {
  clients[service] ??= new v1[service](required('VERILINK_ADDR'), grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  return new Promise((resolve, reject) => {
    clients[service][method](request, metadata, { deadline: Date.now() + PATIENCE_MS }, (err, response) =>
      err ? reject(err) : resolve(response),
    );
  });
}

/** Closes the API's connections. */
export function closeApi() {
  for (const client of Object.values(clients)) client.close();
}

export const text = (value) => ({ string_value: value });
export const date = (year, month, day) => ({ date_value: { year, month, day } });

/** The sandbox template named `name` (bootstrap's KYC). */
export async function templateNamed(name) {
  const { inquiry_templates } = await call('InquiryTemplateService', 'ListInquiryTemplates', {});
  const found = inquiry_templates.find((t) => t.name === name);
  if (!found) throw new Error(`no template ${name}`);
  return found;
}

/** A new sandbox template like KYC (same collected fields) with `settings` of its own. */
export async function templateLikeKyc(settings) {
  const kyc = await templateNamed('KYC');
  const { inquiry_template } = await call('InquiryTemplateService', 'CreateInquiryTemplate', {
    inquiry_template: { collected_fields: kyc.collected_fields, ...settings },
  });
  return inquiry_template;
}

/** Creates an inquiry (Alexander Sample by default) and a one-time link for it. */
export async function inquiryWithLink(templateId, fields, referenceId = 'usr_ABC123') {
  const { inquiry, one_time_link } = await call('InquiryService', 'CreateInquiry', {
    inquiry: { inquiry_template_id: templateId, reference_id: referenceId, fields },
    create_one_time_link: true,
  });
  return { inquiry, link: one_time_link };
}

export async function inquiryStatus(id) {
  const { inquiry } = await call('InquiryService', 'GetInquiry', { id });
  return inquiry.status;
}

export async function linkStatus(id) {
  const { one_time_link } = await call('OneTimeLinkService', 'GetOneTimeLink', { id });
  return one_time_link.status;
}

/** A link's URL on the server under test (the API's URL names the configured public host). */
export function onServer(url) {
  const parsed = new URL(url);
  return `${HTTP_URL}${parsed.pathname}${parsed.search}`;
}

// --- the browser -----------------------------------------------------------------------

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * One browser: Debian's Chromium with a fresh profile of its own (its own cookies). The server
 * trusts 127.0.0.1 as a proxy, so `address` (sent as X-Forwarded-For) is the end user's
 * address the server sees: each browser can be a different person. The window is a small
 * one (480×640) unless `viewport` says otherwise.
 */
export async function launch({ address, locale = 'en-US', viewport = { width: 480, height: 640 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'verilink-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale,
    viewport,
    extraHTTPHeaders: address ? { 'X-Forwarded-For': address } : {},
  });
  // Waits for pages and elements end when they come; the bound is only for a hang.
  context.setDefaultTimeout(PATIENCE_MS);
  context.setDefaultNavigationTimeout(PATIENCE_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * The axe-core violations of the page (WCAG 2.0–2.2 A and AA, and best practices). axe is
 * evaluated through the DevTools protocol, so the page's strict CSP (no scripts) stays on.
 */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
}

const shots = join(root, 'target', 'browser-screenshots');

/**
 * Saves a full-page screenshot under target/browser-screenshots/ (kept by CI); with
 * VERILINK_UPDATE_DOCS_SCREENSHOTS=1 also under docs/hosted-flow/ (the README's copies).
 * `set` puts it in a folder of its own in both places (the console's: `console`, so
 * target/browser-screenshots/console/ and docs/console/); `docs: false` keeps it out of docs/.
 */
export async function screenshot(page, name, { set, docs = true } = {}) {
  const dir = set ? join(shots, set) : shots;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  if (docs && process.env.VERILINK_UPDATE_DOCS_SCREENSHOTS === '1') {
    const docsDir = join(root, 'docs', set ?? 'hosted-flow');
    mkdirSync(docsDir, { recursive: true });
    copyFileSync(file, join(docsDir, `${name}.png`));
  }
}

// --- a loopback receiver for webhook deliveries and redirect targets ---------------------

/** An HTTP server on 127.0.0.1: records webhook deliveries and answers redirects. */
export async function receiver() {
  const events = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/hooks') {
        try {
          events.push(JSON.parse(body));
        } catch {
          // not ours
        }
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><title>Back at the app</title><h1>Back at the app</h1></html>');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    events,
    /**
     * Waits until events named `names` arrived for `inquiryId`, and returns the names of its
     * events so far: as soon as they are all there, at the latest after `ms` (PATIENCE_MS, or a
     * hundred rounds of the server's workers when they run that rarely), on the monotonic clock.
     */
    async waitFor(inquiryId, names, ms = Math.max(PATIENCE_MS, 100 * WORKER_INTERVAL_MS)) {
      const deadline = performance.now() + ms;
      const seen = () => events.filter((e) => e.inquiryId === inquiryId).map((e) => e.type);
      while (!names.every((n) => seen().includes(n)) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(100, WORKER_INTERVAL_MS)));
      }
      return seen();
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
