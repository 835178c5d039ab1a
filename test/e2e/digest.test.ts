// `tickler digest` end to end with real parts: the built CLI sends to a real SMTP server on
// loopback (smtp-server: plain, STARTTLS with a self-signed certificate, authentication), each
// message is parsed back with a real MIME parser (mailparser), and a sendmail stand-in records
// its arguments and input. Injection attempts in addresses and in the book's text go nowhere.
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, copyBook } from '../helpers.js';

const TODAY = '2026-11-23';
const CERT = join(ROOT, 'test', 'fixtures', 'tls');

interface Received {
  from: string | false;
  to: string[];
  user?: string;
  secure: boolean;
  raw: string;
  mail: ParsedMail;
}

interface Server {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A real SMTP server on 127.0.0.1 and a free port; records every message it accepts. */
async function smtpServer(options: Partial<SMTPServerOptions> & { refuse?: string[]; login?: [string, string] } = {}): Promise<Server> {
  const received: Received[] = [];
  const { refuse = [], login, ...rest } = options;
  const server = new SMTPServer({
    disabledCommands: login ? [] : ['AUTH'],
    authOptional: !login,
    key: readFileSync(join(CERT, 'key.pem')),
    cert: readFileSync(join(CERT, 'cert.pem')),
    logger: false,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login[0] && auth.password === login[1]) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address)) callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            received.push({
              from: session.envelope.mailFrom && session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
              ...(session.user ? { user: String(session.user) } : {}),
              secure: session.secure,
              raw,
              mail,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
    ...rest,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const handle = { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  servers.push(handle);
  return handle;
}

/** The built CLI, without blocking this process (the SMTP server runs here). */
function tickler(args: string[], env: Record<string, string>, cwd = ROOT): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', TICKLER_NOW: '2026-11-23T06:30:00Z', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The basic fixture book with a sender, and `extra` appended to its tickler.yaml. */
function book(extra = ''): string {
  const dir = copyBook('basic');
  writeFileSync(join(dir, 'tickler.yaml'), `${readFileSync(join(dir, 'tickler.yaml'), 'utf8')}mail:\n  from: Sales Tickler <tickler@example.com>\n${extra}`);
  return dir;
}

/** Replaces the team in a book's tickler.yaml. */
function withTeam(dir: string, team: string): void {
  const path = join(dir, 'tickler.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/^team:\n(?: {2}.*\n)+/m, `team:\n${team}`));
}

const byRecipient = (received: Received[]) => new Map(received.map((r) => [r.to.join(','), r]));

describe('digest over SMTP', () => {
  it('sends each member their day over plain SMTP: text and HTML, counted subject, the headers of an automatic sender; covers go to the cover', async () => {
    const server = await smtpServer();
    const dir = book();
    const run = await tickler(['digest', '--all', '--book', dir, '--today', TODAY], { TICKLER_SMTP_URL: `smtp://127.0.0.1:${server.port}?ignoreTLS=true` });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe('');
    const mails = byRecipient(server.received);
    expect([...mails.keys()].sort()).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com']);
    for (const line of run.err.trim().split('\n')) expect(line).toMatch(/^(alice|bob|carol): sent to \S+@example\.com via smtp:\/\/127\.0\.0\.1:\d+: Agenda Mon 23 Nov: /);

    const alice = mails.get('alice@example.com')!;
    expect(alice.from).toBe('tickler@example.com');
    expect(alice.mail.subject).toBe('Agenda Mon 23 Nov: 5 contacts (2 overdue), 1 birthday');
    expect(alice.mail.from?.value).toEqual([{ address: 'tickler@example.com', name: 'Sales Tickler' }]);
    expect(alice.mail.to && !Array.isArray(alice.mail.to) ? alice.mail.to.value : []).toEqual([{ address: 'alice@example.com', name: '' }]);
    expect(alice.mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(alice.mail.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    expect(alice.mail.date?.toISOString()).toBe('2026-11-23T06:30:00.000Z');
    expect(alice.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(alice.mail.text).toContain('Mon 23 Nov 2026 — 5 due, 2 overdue, capacity 4 (alice)');
    expect(alice.mail.text).toContain('Mazury Boats Sp. z o.o.');
    expect(alice.mail.text).toContain('Hurtownia Kowalski Sp. z o.o.');
    expect(alice.mail.html).toContain('<strong>Hurtownia Kowalski Sp. z o.o.</strong>');
    expect(alice.mail.html).toContain('<a href="tel:+48600100200">+48 600 100 200</a>');
    expect(alice.mail.html).not.toMatch(/<script|<img|src=|@import|url\(/i);

    // Kaunas Dairy is Alice's, covered by Bob through the 30th: on Bob's digest, not Alice's.
    const bob = mails.get('bob@example.com')!;
    expect(bob.mail.text).toContain('Kaunas Dairy UAB');
    expect(bob.mail.text).toContain('bob for alice');
    expect(alice.mail.text).not.toContain('Kaunas Dairy');
    expect(bob.mail.subject).toBe('Agenda Mon 23 Nov: 4 contacts (1 overdue), 1 complaint');
  });

  it('STARTTLS with a self-signed certificate the machine trusts, and authentication; the password is never printed', async () => {
    const server = await smtpServer({ login: ['digest', 's3cret-pass'] });
    const dir = book();
    const env = { TICKLER_SMTP_URL: `smtp://digest:s3cret-pass@localhost:${server.port}?requireTLS=true`, NODE_EXTRA_CA_CERTS: join(CERT, 'cert.pem') };
    const run = await tickler(['digest', '--owner', 'carol', '--book', dir, '--today', TODAY], env);
    expect(run.code, run.err).toBe(0);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.secure).toBe(true);
    expect(server.received[0]!.user).toBe('digest');
    expect(server.received[0]!.to).toEqual(['carol@example.com']);
    expect(run.err).not.toContain('s3cret');

    const wrong = await tickler(['digest', '--owner', 'carol', '--book', dir, '--today', TODAY], { ...env, TICKLER_SMTP_URL: `smtp://digest:wrong-pass@localhost:${server.port}?requireTLS=true` });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^carol: not sent to carol@example\.com via smtp:\/\/localhost:\d+: .*(auth|login|credentials)/im);
    expect(wrong.err).not.toContain('wrong-pass');
    expect(server.received).toHaveLength(1);

    // A certificate the machine does not trust: refused, nothing sent, nothing leaked.
    const untrusted = await tickler(['digest', '--owner', 'carol', '--book', dir, '--today', TODAY], { TICKLER_SMTP_URL: env.TICKLER_SMTP_URL });
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toMatch(/certificate/i);
    expect(untrusted.err).not.toContain('s3cret');
    expect(server.received).toHaveLength(1);
  });

  it('a recipient the server refuses is reported; the others still get theirs; exit 1', async () => {
    const server = await smtpServer({ refuse: ['bob@example.com'] });
    const run = await tickler(['digest', '--all', '--book', book(), '--today', TODAY], { TICKLER_SMTP_URL: `smtp://127.0.0.1:${server.port}?ignoreTLS=true` });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^bob: not sent to bob@example\.com via .*unavailable/m);
    expect(server.received.map((r) => r.to.join(',')).sort()).toEqual(['alice@example.com', 'carol@example.com']);
  });

  it('addresses that try to add recipients or headers: that member gets nothing, nobody gets it instead, the others get theirs with exactly one envelope recipient', async () => {
    const server = await smtpServer();
    const dir = book();
    withTeam(
      dir,
      [
        '  alice: { name: Alice Nowak, email: "alice@example.com\\r\\nBcc: eve@evil.example", capacity: 4 }',
        '  bob:   { name: Bob Petrov, email: "bob@example.com, eve@evil.example" }',
        '  carol: { name: Carol Dimitrova, email: carol@example.com }',
        '  dave:  { name: Dave, email: "-oQ/tmp/x@example.com" }',
        '  erin:  { name: Erin, email: "Eve <eve@evil.example>" }',
        '',
      ].join('\n'),
    );
    const run = await tickler(['digest', '--all', '--book', dir, '--today', TODAY, '--send-empty'], { TICKLER_SMTP_URL: `smtp://127.0.0.1:${server.port}?ignoreTLS=true` });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^alice: not sent: team\.alice\.email .* line breaks or control characters$/m);
    expect(run.err).toMatch(/^bob: not sent: team\.bob\.email .* one address only/m);
    expect(run.err).toMatch(/^dave: not sent: team\.dave\.email .* starts with a dash/m);
    expect(run.err).toMatch(/^erin: not sent: team\.erin\.email .*\(no display name/m);
    expect(server.received.map((r) => r.to)).toEqual([['carol@example.com']]);
    // (the book's problems, in every digest, quote the bad addresses as text; no header holds one)
    expect(server.received[0]!.raw.split('\r\n\r\n')[0]).not.toMatch(/evil/);

    // --to is held to the same rule.
    const to = await tickler(['digest', '--owner', 'carol', '--to', 'me@example.com\nBcc: eve@evil.example', '--book', dir, '--today', TODAY], { TICKLER_SMTP_URL: `smtp://127.0.0.1:${server.port}?ignoreTLS=true` });
    expect(to.code).toBe(1);
    expect(to.err).toMatch(/^carol: not sent: --to .* line breaks/m);
    expect(server.received).toHaveLength(1);
  });

  it("the book's text is escaped in the HTML: tags and javascript: links stay text; CR/LF in a name cannot reach the headers", async () => {
    const server = await smtpServer();
    const dir = book();
    const path = join(dir, 'clients', 'zeta.yaml');
    writeFileSync(
      path,
      readFileSync(path, 'utf8')
        .replace(/^name: .*$/m, 'name: "Zeta <img src=x onerror=alert(1)> \\"Q\\"\\r\\nBcc: eve@evil.example"')
        .replace(/note: .*$/m, 'note: "see javascript:alert(1) and <a href=javascript:alert(2)>this</a> and https://example.com/offer?a=1&b=2"'),
    );
    const run = await tickler(['digest', '--owner', 'alice', '--book', dir, '--today', TODAY], { TICKLER_SMTP_URL: `smtp://127.0.0.1:${server.port}?ignoreTLS=true` });
    expect(run.code, run.err).toBe(0);
    const { mail, raw } = server.received[0]!;
    const html = String(mail.html);
    expect(html).toContain('Zeta &lt;img src=x onerror=alert(1)&gt; &quot;Q&quot;');
    expect(html).not.toMatch(/<img|<a href="?javascript/i);
    expect(html).toContain('&lt;a href=javascript:alert(2)&gt;this&lt;/a&gt;');
    expect(html).toContain('<a href="https://example.com/offer?a=1&amp;b=2">https://example.com/offer?a=1&amp;b=2</a>');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:|tel:)/);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(raw.split('\r\n\r\n')[0]).not.toMatch(/evil/);
  });
});

describe('digest through sendmail, and without sending', () => {
  it('hands each message to sendmail with one recipient after the options; --dry-run prints without sending', async () => {
    const dir = book();
    const record = join(dir, 'sendmail-calls');
    const script = join(dir, 'fake-sendmail');
    writeFileSync(script, `#!/bin/sh\n{ printf 'ARGS'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; cat; printf '\\n.END\\n'; } >> '${record}'\n`);
    chmodSync(script, 0o755);
    const run = await tickler(['digest', '--all', '--book', dir, '--today', TODAY], { TICKLER_SENDMAIL: script });
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/^alice: sent to alice@example\.com via sendmail /m);
    const calls = readFileSync(record, 'utf8').split('\n.END\n').filter((c) => c.trim());
    expect(calls).toHaveLength(3);
    const args = calls.map((c) => c.split('\n')[0]);
    expect(args.sort()).toEqual(['alice', 'bob', 'carol'].map((m) => `ARGS [-i] [-f] [tickler@example.com] [${m}@example.com]`));
    const parsed = await simpleParser(calls.find((c) => c.includes('[bob@example.com]'))!.split('\n').slice(1).join('\n'));
    expect(parsed.subject).toBe('Agenda Mon 23 Nov: 4 contacts (1 overdue), 1 complaint');

    const dry = await tickler(['digest', '--all', '--dry-run', '--book', dir, '--today', TODAY], { TICKLER_SENDMAIL: script, TICKLER_SMTP_URL: 'smtps://user:hunter22@mail.example.com' });
    expect(dry.code).toBe(0);
    expect(readFileSync(record, 'utf8').split('\n.END\n').filter((c) => c.trim())).toHaveLength(3);
    expect(dry.out).toContain('To: alice@example.com\nSubject: Agenda Mon 23 Nov: 5 contacts (2 overdue), 1 birthday\n');
    expect(dry.out.match(/^From: Sales Tickler <tickler@example\.com>$/gm)).toHaveLength(3);
    expect(dry.out + dry.err).not.toContain('hunter22');
    expect(dry.err).toMatch(/^carol: would send to carol@example\.com: /m);
  });

  it('members with nothing due get no mail unless --send-empty; the exit code says whether all went', async () => {
    const dir = book();
    // Carol has one item on the 23rd; on Sunday the 29th nobody has anything due.
    const dry = await tickler(['digest', '--all', '--dry-run', '--book', dir, '--today', '2026-11-29'], {});
    const lines = dry.err.trim().split('\n');
    expect(dry.code).toBe(0);
    for (const line of lines.filter((l) => l.includes('nothing due'))) expect(line).toMatch(/^\w+: nothing due, no mail \(--send-empty sends one anyway\)$/);
    const empty = lines.filter((l) => l.includes('nothing due')).map((l) => l.split(':')[0]);
    const all = await tickler(['digest', '--all', '--dry-run', '--send-empty', '--book', dir, '--today', '2026-11-29'], {});
    for (const member of empty) expect(all.err).toMatch(new RegExp(`^${member}: would send to ${member}@example\\.com: Agenda Sun 29 Nov: nothing due$`, 'm'));
  });

  it('usage: whose digest must be said; --to only with one member; an unknown member; no transport', async () => {
    const dir = book();
    expect((await tickler(['digest', '--book', dir], {})).err).toMatch(/^tickler: whose digest\? --all/m);
    expect((await tickler(['digest', '--all', '--to', 'x@example.com', '--book', dir], {})).code).toBe(2);
    expect((await tickler(['digest', '--owner', 'zed', '--book', dir], {})).err).toMatch(/unknown owner "zed"/);
    const none = await tickler(['digest', '--owner', 'alice', '--book', dir, '--today', TODAY], { TICKLER_SENDMAIL: '', TICKLER_SMTP_URL: 'http://mail.example.com' });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^tickler: TICKLER_SMTP_URL must start with smtp:\/\/ or smtps:\/\//m);
    expect(readdirSync(dir)).not.toContain('.tickler.lock');
    const percent = await tickler(['digest', '--owner', 'alice', '--book', dir, '--today', TODAY], { TICKLER_SMTP_URL: 'smtp://u:pa%ZZss@127.0.0.1:1' });
    expect(percent.code).toBe(2);
    expect(percent.err).toMatch(/^tickler: TICKLER_SMTP_URL has a "%"/m);
    expect(percent.err).not.toContain('pa%ZZss');
    // A dry run needs no sender: it says so and shows the messages.
    const bare = copyBook('basic');
    const dry = await tickler(['digest', '--all', '--dry-run', '--book', bare, '--today', TODAY], {});
    expect(dry.code).toBe(0);
    expect(dry.err).toMatch(/set mail\.from in tickler\.yaml \(needed to send/);
    expect(dry.out).toContain('To: alice@example.com');
  });
});
