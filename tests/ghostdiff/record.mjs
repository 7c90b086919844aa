// Records a real Ghost's answers as golden files for newsdesk's
// differential test (internal/ghost/differential_test.go).
//
// Re-record (needs Node >= 18 and about five minutes the first time):
//
//   G=/work/shared/ghost-reference/ghost.sh        # or ../shared/ghost-reference/ghost.sh
//   $G install && $G reset
//   rm -rf ~/.cache/ghost-reference/content/images/*   # reset keeps uploads; golden file names assume none
//   $G start
//   read CONTENT ADMIN < <($G keys ghostdiff)
//   (cd tests/ghostclient && npm ci)
//   GHOST_CONTENT_KEY=$CONTENT GHOST_ADMIN_KEY=$ADMIN node tests/ghostdiff/record.mjs
//   $G stop
//
// To add new cases without renumbering the recorded ones, put them at the
// end of cases.mjs and record only them, on a fresh Ghost as above:
//
//   GHOST_ONLY=admin/webhooks/ GHOST_CONTENT_KEY=$CONTENT GHOST_ADMIN_KEY=$ADMIN node tests/ghostdiff/record.mjs
//
// GHOST_ONLY is a comma-separated list of case-name prefixes. The recorder
// then seeds Ghost as usual but keeps seed.json and the existing goldens,
// skips the official clients, and numbers the new files after the last one.
// The chosen cases must not use {{var:...}} values saved by other cases.
//
// Environment: GHOST_URL (default http://127.0.0.1:2368), GHOST_CONTENT_KEY,
// GHOST_ADMIN_KEY, GHOST_OWNER_EMAIL and GHOST_OWNER_PASSWORD (defaults:
// ghost.sh's owner). Start from a fresh Ghost ("reset"): the recorder deletes
// Ghost's sample content, seeds tests/ghostdiff/seed.mjs, writes what Ghost
// made of it to internal/ghost/testdata/golden/seed.json, then sends every
// request of tests/ghostdiff/cases.mjs (and a few through Ghost's official
// clients) and writes one golden file per request. The normalisation is
// described in internal/ghost/testdata/golden/README.md; the Go test applies
// the same rules to newsdesk's answers.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

import * as seed from './seed.mjs';
import {cases} from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const outDir = path.join(repo, 'internal/ghost/testdata/golden');
const require = createRequire(path.join(repo, 'tests/ghostclient/package.json'));
const GhostContentAPI = require('@tryghost/content-api');
const GhostAdminAPI = require('@tryghost/admin-api');

const base = (process.env.GHOST_URL || 'http://127.0.0.1:2368').replace(/\/+$/, '');
const contentKey = process.env.GHOST_CONTENT_KEY;
const adminKey = process.env.GHOST_ADMIN_KEY;
const ownerEmail = process.env.GHOST_OWNER_EMAIL || 'reference@example.com';
const ownerPassword = process.env.GHOST_OWNER_PASSWORD || 'Reference-pass-12345!';
assert.ok(contentKey && adminKey, 'set GHOST_CONTENT_KEY and GHOST_ADMIN_KEY (ghost.sh keys prints them)');

const only = (process.env.GHOST_ONLY || '').split(',').map((x) => x.trim()).filter(Boolean);
const chosen = (c) => only.length === 0 || only.some((p) => c.name.startsWith(p));

const started = Date.now();

// ---------- Admin API tokens ----------

const b64url = (b) => Buffer.from(b).toString('base64url');

// token signs an Admin API JWT the way @tryghost/admin-api does; variants
// break one property each, for the authentication cases.
export function token(variant = '') {
    const [id, secretHex] = adminKey.split(':');
    let kid = id;
    let secret = Buffer.from(secretHex, 'hex');
    const now = Math.floor(Date.now() / 1000);
    let iat = now;
    let exp = now + 300;
    let aud = '/admin/';
    switch (variant) {
    case '': break;
    case 'expired': iat = now - 600; exp = now - 300; break;
    case 'future': iat = now + 600; exp = now + 900; break;
    case 'badsig': secret = Buffer.alloc(32, 7); break;
    case 'unknownkid': kid = '0123456789abcdef01234567'; break;
    case 'audience': aud = '/content/'; break;
    case 'longlived': exp = now + 3600; break;
    default: throw new Error('unknown token variant ' + variant);
    }
    const head = b64url(JSON.stringify({alg: 'HS256', typ: 'JWT', kid}));
    const body = b64url(JSON.stringify({iat, exp, aud}));
    const sig = crypto.createHmac('sha256', secret).update(head + '.' + body).digest('base64url');
    return `${head}.${body}.${sig}`;
}

// ---------- placeholders ----------

const seeded = {}; // "post:slug" -> {id, uuid}
let otherIntegration = ''; // the id of an integration other than the key's, for {{integration:other}}
const vars = {};

function fill(s) {
    if (typeof s !== 'string') {
        return s;
    }
    return s.replace(/\{\{([^}]+)\}\}/g, (m, name) => {
        const [kind, a, b] = name.split(':');
        switch (kind) {
        case 'content_key': return contentKey;
        case 'session': return cookie;
        case 'origin': return base;
        case 'admin_token': return token(a || '');
        case 'id':
        case 'uuid': {
            const e = seeded[`${a}:${b}`];
            assert.ok(e, `no seeded ${a} ${b}`);
            return kind === 'id' ? e.id : e.uuid;
        }
        case 'integration':
            assert.ok(a === 'other' && otherIntegration, `unknown integration placeholder ${m}`);
            return otherIntegration;
        case 'var':
            assert.ok(a in vars, `variable ${a} not saved yet`);
            return vars[a];
        }
        throw new Error('unknown placeholder ' + m);
    });
}

function fillDeep(v) {
    if (typeof v === 'string') {
        return fill(v);
    }
    if (Array.isArray(v)) {
        return v.map(fillDeep);
    }
    if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillDeep(x)]));
    }
    return v;
}

// ---------- Ghost 6's limit cap ----------

// Ghost 6 rewrites ?limit before any API code runs: "all", anything that is
// not a number, and numbers above 100 become 100 (max-limit-cap.js, Ghost
// 6.0 "Enforced max ?limit of 100 in API requests"). Ghost 5.130 has no cap,
// so the recorder sends Ghost 6's rewritten limit and says so beside the file.
function ghost6Limit(rawPath) {
    const m = /([?&])limit=([^&]*)/.exec(rawPath);
    if (!m || m[2] === '') {
        return null;
    }
    const limit = decodeURIComponent(m[2]);
    const n = parseInt(limit, 10);
    if (limit === 'all' || Number.isNaN(n) || n > 100) {
        return {path: rawPath.slice(0, m.index) + `${m[1]}limit=100` + rawPath.slice(m.index + m[0].length), from: limit};
    }
    return null;
}

// ---------- normalisation ----------

const ID = /^[0-9a-f]{24}$/;
const ID_IN = /(?<![0-9a-f])[0-9a-f]{24}(?![0-9a-f])/g;
const UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IMAGE_DIR = /\/content\/images\/\d{4}\/\d{2}\//g;
const EXPORT_NAME = /\.ghost\.\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.json/g;
const idNames = new Map();

// learnIDs names every id that sits beside a slug, so the same object is
// named alike in Ghost's and newsdesk's answers.
function learnIDs(v) {
    if (Array.isArray(v)) {
        v.forEach(learnIDs);
    } else if (v && typeof v === 'object') {
        // Ghost 5 gives the owner the id "1"; Ghost 6 an ObjectID like everyone else.
        if (typeof v.id === 'string' && (ID.test(v.id) || v.id === '1') && typeof v.slug === 'string' && !idNames.has(v.id)) {
            idNames.set(v.id, `<id:${v.slug}>`);
        }
        Object.values(v).forEach(learnIDs);
    }
}

function normString(s) {
    if (DATE.test(s)) {
        const t = Date.parse(s);
        if (t >= started - 10 * 60e3 && t <= Date.now() + 10 * 60e3) {
            return '<now>';
        }
        return s;
    }
    return s.split(base).join('<site>').split(contentKey).join('<content_key>').split('@' + new URL(base).hostname).join('@<site-host>')
        .replace(ID_IN, (id) => idNames.get(id) || '<id>')
        .replace(UUID_IN, '<uuid>')
        .replace(IMAGE_DIR, '/content/images/<yyyy>/<mm>/')
        .replace(EXPORT_NAME, '.ghost.<date>.json');
}

function norm(v, key = '') {
    if (v === '1' && (key === 'id' || key.endsWith('_id')) && idNames.has('1')) {
        return idNames.get('1');
    }
    if (typeof v === 'string') {
        return normString(v);
    }
    if (Array.isArray(v)) {
        return v.map((x) => norm(x));
    }
    if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x, k)]));
    }
    return v;
}

const KEEP_HEADERS = ['content-type', 'cache-control', 'access-control-allow-origin', 'access-control-allow-methods',
    'access-control-allow-headers', 'access-control-max-age', 'access-control-expose-headers', 'allow', 'location',
    'content-version', 'vary', 'etag', 'x-cache-invalidate', 'deprecation', 'warning', 'content-disposition'];

function normHeaders(h) {
    const out = {};
    for (const k of KEEP_HEADERS) {
        const v = h.get(k);
        if (v !== null) {
            out[k] = k === 'etag' ? '<etag>' : normString(v);
        }
    }
    return out;
}

// ---------- sending ----------

function dotted(obj, p) {
    return p.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

async function send(c) {
    let rawPath = c.path;
    const cap = ghost6Limit(rawPath);
    if (cap) {
        rawPath = cap.path;
    }
    const headers = {};
    for (const [k, v] of Object.entries(c.headers || {})) {
        headers[k] = fill(v);
    }
    let body;
    if (c.body !== undefined) {
        if (c.body.multipart) {
            body = new FormData();
            for (const part of c.body.multipart) {
                if (part.base64 !== undefined) {
                    body.append(part.name, new Blob([Buffer.from(part.base64, 'base64')], {type: part.type}), part.filename);
                } else {
                    body.append(part.name, part.value);
                }
            }
        } else if (c.body.raw !== undefined) {
            body = c.body.raw;
        } else {
            body = JSON.stringify(fillDeep(c.body));
        }
    }
    const res = await fetch(base + fill(rawPath), {method: c.method, headers, body, redirect: 'manual'});
    const text = c.method === 'HEAD' ? '' : await res.text();
    let json;
    if ((res.headers.get('content-type') || '').includes('json') && text) {
        json = JSON.parse(text);
    }
    return {res, text, json, cap};
}

let seq = 0;

function fileName(name) {
    seq++;
    return `${String(seq).padStart(4, '0')}-${name.replace(/[^a-z0-9.]+/gi, '-').replace(/-+$/, '')}`;
}

async function record(c) {
    const {res, text, json, cap} = await send(c);
    if (json) {
        learnIDs(json);
        for (const [k, p] of Object.entries(c.save || {})) {
            const v = dotted(json, p);
            assert.ok(v !== undefined, `${c.name}: nothing at ${p} to save as ${k}: ${text.slice(0, 300)}`);
            vars[k] = v;
        }
    } else {
        assert.ok(!c.save, `${c.name}: no JSON to save from (status ${res.status}): ${text.slice(0, 300)}`);
    }
    const golden = {
        name: c.name,
        request: {method: c.method, path: c.path, ...(c.headers ? {headers: c.headers} : {}), ...(c.body !== undefined ? {body: c.body} : {})},
        ...(c.headersOnly ? {headers_only: true} : {}),
        ...(c.save ? {save: c.save} : {}),
        ...(c.client ? {client: c.client} : {}),
        response: {
            status: res.status,
            error_type: json && Array.isArray(json.errors) && json.errors[0] ? json.errors[0].type : null,
            headers: normHeaders(res.headers),
            ...(c.headersOnly ? {body_keys: json ? Object.keys(json).sort() : []}
                : json !== undefined ? {body: norm(json)} : {body_text: normString(text).slice(0, 400)})
        }
    };
    const file = fileName(c.name);
    fs.writeFileSync(path.join(outDir, file + '.json'), JSON.stringify(golden, null, 2) + '\n');
    if (cap) {
        fs.writeFileSync(path.join(outDir, file + '.ghost6.md'),
            `Ghost 6 behaviour, not Ghost 5.130.6's: Ghost 6 caps ?limit at 100 and turns \`limit=all\` and\n` +
            `limits that are not numbers into 100 before any API code runs (Ghost 6.0, "Enforced max ?limit\n` +
            `of 100 in API requests"). The recorder sent limit=100 for \`limit=${cap.from}\` to Ghost 5.130.6,\n` +
            `so this file holds the answer Ghost 6 gives.\n`);
    }
    console.log(`${file}  ${c.method} ${res.status}${golden.response.error_type ? ' ' + golden.response.error_type : ''}`);
    return {status: res.status, json};
}

// ---------- seeding ----------

let cookie = '';

async function session(method, p, body, isForm) {
    const headers = {Origin: base, Cookie: cookie};
    if (body !== undefined && !isForm) {
        headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${base}/ghost/api/admin/${p}`, {method, headers,
        body: body === undefined ? undefined : (isForm ? body : JSON.stringify(body))});
    const text = await res.text();
    if (res.status >= 300) {
        throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
    }
    return text && (res.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : {};
}

async function signIn() {
    const res = await fetch(`${base}/ghost/api/admin/session/`, {method: 'POST',
        headers: {'Content-Type': 'application/json', Origin: base},
        body: JSON.stringify({username: ownerEmail, password: ownerPassword})});
    assert.ok(res.status < 300, `sign-in failed: ${res.status} ${await res.text()}`);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const hexID = (n) => crypto.createHash('sha1').update('seed' + n).digest('hex').slice(0, 24);

async function seedGhost(adminAPI) {
    // Ghost's sample content goes, so both sides start from the same.
    for (const kind of ['posts', 'pages']) {
        const all = await adminAPI[kind].browse({limit: 'all', fields: 'id'});
        for (const x of all) {
            await adminAPI[kind].delete({id: x.id});
        }
    }
    for (const t of await adminAPI.tags.browse({limit: 'all', fields: 'id'})) {
        await adminAPI.tags.delete({id: t.id});
    }
    const me = (await session('GET', 'users/me/')).users[0];
    for (const u of (await session('GET', 'users/?limit=all')).users) {
        if (u.id !== me.id) {
            await session('DELETE', `users/${u.id}/`);
        }
    }

    await session('PUT', 'settings/', {settings: Object.entries({...seed.settings, ...seed.ghostSettings}).map(([key, value]) => ({key, value}))});
    // Without members, Ghost still lists its free tier and default newsletter;
    // its sample paid tier goes, and the newsletter takes the site's title.
    for (const t of (await session('GET', 'tiers/?limit=all')).tiers) {
        if (t.type === 'paid' && t.active) {
            await session('PUT', `tiers/${t.id}/`, {tiers: [{...t, active: false}]});
        }
    }
    for (const n of (await session('GET', 'newsletters/?limit=all')).newsletters) {
        await session('PUT', `newsletters/${n.id}/`, {newsletters: [{name: seed.settings.title}]});
    }
    await session('PUT', `users/${me.id}/`, {users: [{...seed.owner, email: me.email}]});

    const roles = ['Administrator', 'Editor', 'Author', 'Contributor'].map((name, i) => ({id: hexID('role' + i), name}));
    const importFile = {db: [{meta: {exported_on: Date.now(), version: '5.130.6'}, data: {
        users: seed.users.map((u, i) => ({id: hexID('user' + i), status: 'active', visibility: 'public',
            created_at: new Date(started - (seed.users.length - i) * 1000).toISOString(),
            ...Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'role'))})),
        roles,
        roles_users: seed.users.map((u, i) => ({id: hexID('ru' + i), user_id: hexID('user' + i),
            role_id: roles.find((r) => r.name === u.role).id}))
    }}]};
    const form = new FormData();
    form.append('importfile', new Blob([JSON.stringify(importFile)], {type: 'application/json'}), 'users.json');
    await session('POST', 'db/', form, true);

    const users = (await session('GET', 'users/?limit=all')).users;
    const userID = (slug) => {
        const u = users.find((x) => x.slug === slug);
        assert.ok(u, `user ${slug} was not created (have ${users.map((x) => x.slug)})`);
        return u.id;
    };
    for (const t of seed.tags) {
        await adminAPI.tags.add(t);
    }
    const make = async (kind, x) => {
        const {tags = [], authors = [], ...rest} = x;
        await adminAPI[kind].add({...rest, tags: tags.map((slug) => ({slug})), authors: authors.map((slug) => ({id: userID(slug)}))},
            {source: 'html'});
    };
    for (const x of seed.posts) {
        await make('posts', x);
    }
    for (const x of seed.pages) {
        await make('pages', x);
    }
}

// readBack writes what Ghost made of the seed, for newsdesk to load the same.
async function readBack(adminAPI, write = true) {
    const opts = {limit: 'all', formats: 'html,plaintext', include: 'tags,authors', filter: 'status:[draft,scheduled,published]'};
    const strip = (x) => ({...x, tags: (x.tags || []).map((t) => t.slug), authors: (x.authors || []).map((a) => a.slug),
        primary_tag: undefined, primary_author: undefined, lexical: undefined, mobiledoc: undefined});
    const posts = (await adminAPI.posts.browse(opts)).map(strip);
    const pages = (await adminAPI.pages.browse(opts)).map(strip);
    const tags = [...await adminAPI.tags.browse({limit: 'all'})];
    const users = (await session('GET', 'users/?limit=all&include=roles')).users
        .map((u) => ({...u, roles: undefined, role: u.roles[0].name}));
    const settings = (await (await fetch(`${base}/ghost/api/content/settings/?key=${contentKey}`)).json()).settings;
    for (const p of posts) {
        seeded[`post:${p.slug}`] = {id: p.id, uuid: p.uuid};
    }
    for (const p of pages) {
        seeded[`page:${p.slug}`] = {id: p.id, uuid: p.uuid};
    }
    for (const t of tags) {
        seeded[`tag:${t.slug}`] = {id: t.id};
    }
    for (const u of users) {
        seeded[`user:${u.slug}`] = {id: u.id};
    }
    // Oldest first, the order they were made in.
    const byCreated = (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
    const out = {
        note: 'Written by tests/ghostdiff/record.mjs: the seeded content as Ghost 5.130.6 stored it. internal/ghost/differential_test.go loads it into newsdesk.',
        settings: {title: settings.title, description: settings.description, timezone: settings.timezone,
            locale: settings.locale, accent_color: settings.accent_color, logo: settings.logo},
        users: users.sort(byCreated), tags: tags.sort(byCreated), posts: posts.sort(byCreated), pages: pages.sort(byCreated)
    };
    for (const list of [out.users, out.tags, out.posts, out.pages]) {
        for (const x of list) {
            learnIDs(x);
        }
    }
    if (write) {
        fs.writeFileSync(path.join(outDir, 'seed.json'), JSON.stringify(JSON.parse(JSON.stringify(out)), null, 2) + '\n');
    }
    // A second integration, whose webhooks the key may not touch.
    otherIntegration = (await session('POST', 'integrations/', {integrations: [{name: 'Other integration'}]})).integrations[0].id;
}

// ---------- the official clients ----------

// clientCases runs calls through Ghost's official clients; their makeRequest
// hook turns each call into a recorded raw request, so the Go test replays
// exactly what the clients send.
async function clientCases() {
    const recordVia = (label) => async ({url, method, params = {}, headers = {}, data}) => {
        const u = new URL(url);
        const query = Object.entries(params).map(([k, v]) => {
            const val = k === 'key' ? '{{content_key}}' : encodeURIComponent([].concat(v).join(','));
            return `${k}=${val}`;
        }).join('&');
        const hs = {...headers};
        if (hs.Authorization) {
            hs.Authorization = 'Ghost {{admin_token}}';
        }
        const c = {name: `client/${label.next()}`, method: method.toUpperCase(), path: u.pathname + (query ? '?' + query : ''),
            headers: hs, client: label.what};
        if (data !== undefined) {
            c.body = data;
        }
        const {status, json} = await record(c);
        if (status >= 400) {
            throw Object.assign(new Error(`status ${status}`), {response: {data: json}});
        }
        return label.what.startsWith('admin') ? json : {data: json};
    };
    const label = (what) => {
        let n = 0;
        const l = {what, next: () => `${what}${n++ ? '-' + n : ''}`};
        return l;
    };
    const calls = [
        ['content-v5-posts-browse', (m) => new GhostContentAPI({url: base, key: contentKey, version: 'v5.0', makeRequest: m})
            .posts.browse({limit: 5, page: 2, include: 'tags,authors', filter: 'tag:news'})],
        ['content-v6-posts-read-slug', (m) => new GhostContentAPI({url: base, key: contentKey, version: 'v6.0', makeRequest: m})
            .posts.read({slug: 'ministers-meet-kyiv'}, {formats: 'html,plaintext', include: 'authors'})],
        ['content-default-authors-browse', (m) => new GhostContentAPI({url: base, key: contentKey, version: true, makeRequest: m})
            .authors.browse({include: 'count.posts'})],
        ['content-v5-tags-browse', (m) => new GhostContentAPI({url: base, key: contentKey, version: 'v5.0', makeRequest: m})
            .tags.browse({limit: 'all', order: 'slug asc'})],
        ['content-v5-settings-browse', (m) => new GhostContentAPI({url: base, key: contentKey, version: 'v5.0', makeRequest: m})
            .settings.browse()],
        ['content-v5-pages-browse', (m) => new GhostContentAPI({url: base, key: contentKey, version: 'v5.0', makeRequest: m})
            .pages.browse({fields: 'title,slug'})],
        ['admin-v5-posts-browse', (m) => new GhostAdminAPI({url: base, key: adminKey, version: 'v5.0', makeRequest: m})
            .posts.browse({limit: 2, filter: 'status:published', fields: 'slug,status'})],
        ['admin-v6-site-read', (m) => new GhostAdminAPI({url: base, key: adminKey, version: 'v6.0', makeRequest: m})
            .site.read()],
        ['admin-default-tags-browse', (m) => new GhostAdminAPI({url: base, key: adminKey, version: true, makeRequest: m})
            .tags.browse({limit: 3, order: 'slug asc', fields: 'slug'})]
    ];
    for (const [what, call] of calls) {
        const l = label(what);
        try {
            await call(recordVia(l));
        } catch (err) {
            // The client may reject an answer (an error status); the exchange is recorded all the same.
            console.log(`  client ${what}: ${err.name}: ${err.message}`);
        }
    }
}

async function main() {
    fs.mkdirSync(outDir, {recursive: true});
    for (const f of fs.readdirSync(outDir)) {
        if (!/^\d{4}-.*\.(json|md)$/.test(f)) {
            continue;
        }
        if (only.length === 0) {
            fs.unlinkSync(path.join(outDir, f));
        } else {
            seq = Math.max(seq, parseInt(f.slice(0, 4), 10));
        }
    }
    await signIn();
    const adminAPI = new GhostAdminAPI({url: base, key: adminKey, version: 'v5.0'});
    await seedGhost(adminAPI);
    await readBack(adminAPI, only.length === 0);

    if (only.length > 0) {
        const picked = cases().filter(chosen);
        assert.ok(picked.length > 0, `no case starts with ${only.join(' or ')}`);
        for (const c of picked) {
            await record(c);
        }
        console.log(`recorded ${picked.length} exchanges into ${path.relative(repo, outDir)}`);
        return;
    }
    const list = cases();
    const firstWrite = list.findIndex((c) => c.name === 'admin/posts/add-minimal');
    for (const c of list.slice(0, firstWrite)) {
        await record(c);
    }
    await clientCases();
    for (const c of list.slice(firstWrite)) {
        await record(c);
    }
    console.log(`recorded ${seq} exchanges into ${path.relative(repo, outDir)}`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
