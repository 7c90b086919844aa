// Records the webhook deliveries a real Ghost sends, as golden files for
// internal/webhooks (payload_test.go compares newsdesk's payload shapes
// with them).
//
//   G=/work/shared/ghost-reference/ghost.sh
//   $G start && read CONTENT ADMIN < <($G keys webhooks)
//   GHOST_ADMIN_KEY=$ADMIN node tests/ghostdiff/record-webhooks.mjs
//
// It listens on 127.0.0.1 (Ghost allows local targets), subscribes the
// key's integration to post.tag.attached and post.published, makes a draft,
// attaches a tag, publishes it, and writes each delivery (method, the
// headers that matter, the body with ids, uuids, times and hosts
// normalised) to internal/webhooks/testdata/ghost-<event>.json. The
// signature is checked against the secret before it is normalised.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../../internal/webhooks/testdata');
const base = (process.env.GHOST_URL || 'http://127.0.0.1:2368').replace(/\/+$/, '');
const adminKey = process.env.GHOST_ADMIN_KEY;
assert.ok(adminKey, 'set GHOST_ADMIN_KEY (ghost.sh keys prints it)');
const SECRET = 'golden-secret';
const EVENTS = ['post.tag.attached', 'post.published'];

function token() {
    const [id, hex] = adminKey.split(':');
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const head = b64({alg: 'HS256', typ: 'JWT', kid: id});
    const body = b64({iat: now, exp: now + 300, aud: '/admin/'});
    return `${head}.${body}.${crypto.createHmac('sha256', Buffer.from(hex, 'hex')).update(`${head}.${body}`).digest('base64url')}`;
}

async function api(method, p, body) {
    const res = await fetch(`${base}/ghost/api/admin/${p}`, {method,
        headers: {Authorization: `Ghost ${token()}`, 'Content-Type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : {};
}

const got = [];
const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        got.push({method: req.method, url: req.url, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8')});
        res.writeHead(200).end('ok');
    });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const target = `http://127.0.0.1:${server.address().port}`;

const started = Date.now();
const ID = /(?<![0-9a-f])[0-9a-f]{24}(?![0-9a-f])/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
function norm(v) {
    if (typeof v === 'string') {
        if (DATE.test(v) && Math.abs(Date.parse(v) - started) < 30 * 60e3) {
            return '<now>';
        }
        return v.split(base).join('<site>').replace(ID, '<id>').replace(UUID, '<uuid>');
    }
    if (Array.isArray(v)) {
        return v.map(norm);
    }
    if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    }
    return v;
}

const hooks = [];
for (const event of EVENTS) {
    hooks.push((await api('POST', 'webhooks/', {webhooks: [{event, target_url: `${target}/${event}`, secret: SECRET,
        name: `golden ${event}`}]})).webhooks[0].id);
}
const tag = (await api('POST', 'tags/', {tags: [{name: 'Golden tag'}]})).tags[0];
let post = (await api('POST', 'posts/?source=html', {posts: [{title: 'Golden webhook post', html: '<p>Hello webhooks.</p>',
    custom_excerpt: 'A standfirst.'}]})).posts[0];
post = (await api('PUT', `posts/${post.id}/`, {posts: [{tags: [{id: tag.id}], updated_at: post.updated_at}]})).posts[0];
await api('PUT', `posts/${post.id}/`, {posts: [{status: 'published', updated_at: post.updated_at}]});

for (let i = 0; i < 60 && EVENTS.some((e) => !got.find((g) => g.url === `/${e}`)); i++) {
    await new Promise((r) => setTimeout(r, 500));
}
server.close();
for (const id of hooks) {
    await api('DELETE', `webhooks/${id}/`);
}
fs.mkdirSync(outDir, {recursive: true});
for (const event of EVENTS) {
    const d = got.find((g) => g.url === `/${event}`);
    assert.ok(d, `Ghost sent no ${event} (got ${got.map((g) => g.url)})`);
    // X-Ghost-Signature: sha256=<hex of HMAC-SHA256(secret, body + t)>, t=<ms>
    const m = /^sha256=([0-9a-f]{64}), t=(\d+)$/.exec(d.headers['x-ghost-signature'] || '');
    assert.ok(m, `unexpected signature header ${d.headers['x-ghost-signature']}`);
    const want = crypto.createHmac('sha256', SECRET).update(d.raw + m[2]).digest('hex');
    const golden = {
        note: `Recorded by tests/ghostdiff/record-webhooks.mjs from Ghost 5.130.6; the signature was checked with secret "${SECRET}" (${want === m[1] ? 'it matched' : 'it did NOT match'}).`,
        event,
        signature_matches: want === m[1],
        request: {
            method: d.method,
            headers: {
                'content-type': d.headers['content-type'],
                'user-agent': d.headers['user-agent'],
                'x-ghost-signature': 'sha256=<hex>, t=<ms>'
            },
            body: norm(JSON.parse(d.raw))
        }
    };
    fs.writeFileSync(path.join(outDir, `ghost-${event}.json`), JSON.stringify(golden, null, 2) + '\n');
    console.log(`wrote ghost-${event}.json (${d.raw.length} bytes, signature ${golden.signature_matches ? 'ok' : 'MISMATCH'})`);
}
