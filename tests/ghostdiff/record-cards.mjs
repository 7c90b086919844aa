// Records a Ghost export holding a post with every Lexical card Ghost
// 5.130 offers, for newsdesk's importer tests
// (internal/importer/testdata/ghost-5.130-every-card.json, checked by
// TestGhostRecordedEveryCard).
//
// Re-record (needs Node >= 18; Ghost from the reference script):
//
//   G=/work/shared/ghost-reference/ghost.sh
//   $G install && $G reset && $G start
//   $G keys cards >/dev/null                 # sets up the owner on a fresh site
//   node tests/ghostdiff/record-cards.mjs
//   $G stop
//
// Everything goes through Ghost's Admin API with the owner's staff session
// (POST /ghost/api/admin/session/, as Ghost Admin signs in): bodies are
// sent as Lexical JSON, not ?source=html, so each card arrives as Ghost's
// editor writes it; images, audio, video and a file are uploaded; a second
// staff user comes in through Ghost's importer (the one way without
// e-mail); then GET /ghost/api/admin/db/ exports the site, which is
// written as Ghost sent it (pretty-printed). No API key is needed or
// written. Environment: GHOST_URL (default http://127.0.0.1:2368),
// GHOST_OWNER_EMAIL and GHOST_OWNER_PASSWORD (defaults: ghost.sh's owner),
// OUT (default the testdata path above).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {PNG} from './cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const out = process.env.OUT || path.join(repo, 'internal/importer/testdata/ghost-5.130-every-card.json');
const base = (process.env.GHOST_URL || 'http://127.0.0.1:2368').replace(/\/+$/, '');
const ownerEmail = process.env.GHOST_OWNER_EMAIL || 'reference@example.com';
const ownerPassword = process.env.GHOST_OWNER_PASSWORD || 'Reference-pass-12345!';

let cookie = '';

async function call(method, p, body, isForm) {
    const headers = {Origin: base, Cookie: cookie};
    if (body !== undefined && !isForm) {
        headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${base}/ghost/api/admin/${p}`, {method, headers,
        body: body === undefined ? undefined : (isForm ? body : JSON.stringify(body))});
    const text = await res.text();
    if (res.status >= 300) {
        throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 800)}`);
    }
    return text && (res.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : text;
}

async function signIn() {
    const res = await fetch(`${base}/ghost/api/admin/session/`, {method: 'POST',
        headers: {'Content-Type': 'application/json', Origin: base},
        body: JSON.stringify({username: ownerEmail, password: ownerPassword})});
    assert.ok(res.status < 300, `sign-in failed: ${res.status} ${await res.text()}`);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function upload(kind, field, name, type, bytes, extra = {}) {
    const form = new FormData();
    form.append(field, new Blob([bytes], {type}), name);
    for (const [k, v] of Object.entries(extra)) {
        form.append(k, v);
    }
    const res = await call('POST', `${kind}/upload/`, form, true);
    const list = res[kind] || res.images || res.media || res.files;
    return list[0].url;
}

// ---------- Lexical builders ----------

const FORMAT = {bold: 1, italic: 2, strike: 4, underline: 8, code: 16, sub: 32, sup: 64, highlight: 128};

function text(t, ...formats) {
    return {detail: 0, format: formats.reduce((n, f) => n | FORMAT[f], 0), mode: 'normal', style: '', text: t,
        type: 'extended-text', version: 1};
}

function link(url, ...children) {
    return {children, direction: 'ltr', format: '', indent: 0, type: 'link', rel: 'noreferrer', target: null, title: null, url, version: 1};
}

const lb = {type: 'linebreak', version: 1};

function para(...children) {
    return {children, direction: 'ltr', format: '', indent: 0, type: 'paragraph', version: 1};
}

function heading(tag, ...children) {
    return {children, direction: 'ltr', format: '', indent: 0, type: 'extended-heading', tag, version: 1};
}

function item(value, ...children) {
    return {children, direction: 'ltr', format: '', indent: 0, type: 'listitem', value, version: 1};
}

function list(listType, start, ...items) {
    return {children: items, direction: 'ltr', format: '', indent: 0, type: 'list', listType, start,
        tag: listType === 'number' ? 'ol' : 'ul', version: 1};
}

function doc(...children) {
    return JSON.stringify({root: {children, direction: 'ltr', format: '', indent: 0, type: 'root', version: 1}});
}

const card = (type, fields, version = 1) => ({type, version, ...fields});

// everyCardDoc is the Lexical body with every card, around the uploaded files' URLs.
export function everyCardDoc({lead, square, g1, g2, g3, audio, video, file}) {
    return doc(
        para(text('The council met on '), text('Tuesday', 'bold'), text(' and voted '), text('twice', 'italic'), text(', '),
            text('not once', 'strike'), text(', on the '), text('bridge', 'underline'), text(' budget ('), text('line 42', 'code'),
            text('), H'), text('2', 'sub'), text('O levels, 10'), text('3', 'sup'), text(' litres, a '), text('key vote', 'highlight'),
            text(' and '), text('all of it', 'bold', 'italic'), text('. See '), link('https://example.org/minutes', text('the minutes')),
            text('.'), lb, text('A second line after a soft break.')),
        heading('h2', text('What was decided')),
        heading('h3', text('The bridge')),
        heading('h4', text('Costs')),
        heading('h5', text('Small print')),
        heading('h6', text('Smallest print')),
        list('bullet', 1,
            item(1, text('Repairs start in '), text('May', 'bold')),
            item(2, text('Two lanes stay open')),
            item(3, list('bullet', 1, item(1, text('Buses first')), item(2, text('Then cyclists'))))),
        list('number', 3, item(3, text('Third step')), item(4, text('Fourth step'))),
        {children: [text('We will not close the river to boats.')], direction: 'ltr', format: '', indent: 0, type: 'extended-quote', version: 1},
        {children: [text('Nobody asked the fishermen.')], direction: 'ltr', format: '', indent: 0, type: 'aside', version: 1},
        card('image', {src: square, width: 64, height: 48, title: 'The square', alt: 'Rescuers in the square',
            caption: '<span style="white-space: pre-wrap;">Rescuers at work, March 3. (Jane Doe / Agency)</span>', cardWidth: 'wide',
            href: 'https://example.org/photos'}),
        card('gallery', {images: [
            {row: 0, src: g1, width: 64, height: 48, fileName: 'gallery-1.png', alt: 'The flood from the bridge', caption: 'From the bridge'},
            {row: 0, src: g2, width: 64, height: 48, fileName: 'gallery-2.png', alt: 'The flooded market', caption: ''},
            {row: 1, src: g3, width: 64, height: 48, fileName: 'gallery-3.png', alt: '', caption: ''}],
        caption: '<span style="white-space: pre-wrap;">The flood in three pictures. (John Roe)</span>'}),
        card('embed', {url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', embedType: 'video',
            html: '<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" frameborder="0" allowfullscreen title="The mayor speaks"></iframe>',
            metadata: {title: 'The mayor speaks', provider_name: 'YouTube', type: 'video', thumbnail_url: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg'},
            caption: 'The mayor&#39;s address.'}),
        card('embed', {url: 'https://vimeo.com/76979871', embedType: 'video',
            html: '<iframe src="https://player.vimeo.com/video/76979871?app_id=122963" width="426" height="240" frameborder="0" allow="autoplay; fullscreen" title="The new Vimeo player"></iframe>',
            metadata: {title: 'The new Vimeo player', provider_name: 'Vimeo', type: 'video'}, caption: ''}),
        card('embed', {url: 'https://x.com/rivertonnews/status/1234567890123456789', embedType: 'twitter',
            html: '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The bridge is closed.</p>&mdash; Riverton News (@rivertonnews) <a href="https://twitter.com/rivertonnews/status/1234567890123456789">March 3, 2025</a></blockquote>\n<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
            metadata: {provider_name: 'Twitter', type: 'rich', author_name: 'Riverton News'}, caption: 'The closure, as announced.'}),
        card('embed', {url: 'https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk', embedType: 'rich',
            html: '<iframe style="border-radius: 12px" width="100%" height="152" title="Spotify Embed: Council podcast" frameborder="0" allowfullscreen allow="encrypted-media" src="https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"></iframe>',
            metadata: {provider_name: 'Spotify', type: 'rich', title: 'Council podcast'}, caption: ''}),
        card('bookmark', {url: 'https://example.org/flood-defences', metadata: {icon: 'https://example.org/favicon.ico',
            title: 'Flood defences, explained', description: 'How the city plans to keep the river out.', author: 'Jane Doe',
            publisher: 'Riverton Courier', thumbnail: 'https://example.org/flood.jpg'}, caption: 'Background reading.'}),
        card('callout', {calloutText: '<p><span style="white-space: pre-wrap;">The bridge stays closed until </span><b><strong style="white-space: pre-wrap;">Friday</strong></b><span style="white-space: pre-wrap;">.</span></p>',
            calloutEmoji: '🚧', backgroundColor: 'yellow'}),
        card('codeblock', {code: 'SELECT count(*)\nFROM votes\nWHERE item = \'bridge\';', language: 'sql', caption: 'The query behind the chart.'}),
        card('button', {buttonText: 'Read the full report', alignment: 'center', buttonUrl: 'https://example.org/report.pdf'}),
        card('horizontalrule', {}),
        card('toggle', {heading: '<span style="white-space: pre-wrap;">How we verified this</span>',
            content: '<p><span style="white-space: pre-wrap;">We spoke to three witnesses and read the minutes.</span></p>'}),
        card('header', {size: 'small', style: 'dark', buttonEnabled: true, buttonUrl: 'https://example.org/subscribe', buttonText: 'Subscribe',
            header: '<span style="white-space: pre-wrap;">Election night</span>', subheader: '<span style="white-space: pre-wrap;">Results as they come in</span>',
            backgroundImageSrc: lead, accentColor: '#FF1A75', alignment: 'center', backgroundColor: '#000000', backgroundImageWidth: 64,
            backgroundImageHeight: 48, backgroundSize: 'cover', textColor: '#FFFFFF', buttonColor: '#ffffff', buttonTextColor: '#000000',
            layout: 'full', swapped: false}, 2),
        card('product', {productImageSrc: g1, productImageWidth: 64, productImageHeight: 48,
            productTitle: '<span style="white-space: pre-wrap;">Flood map poster</span>',
            productDescription: '<p><span style="white-space: pre-wrap;">A print of the 2025 flood map.</span></p>',
            productRatingEnabled: true, productStarRating: 4, productButtonEnabled: true, productButton: 'Buy it',
            productUrl: 'https://shop.example.org/flood-map'}),
        card('audio', {duration: 63, mimeType: 'audio/mpeg', src: audio, title: 'Council session recording', thumbnailSrc: ''}),
        card('video', {src: video, caption: '<span style="white-space: pre-wrap;">The flood from the air.</span>', fileName: 'flood.mp4',
            mimeType: 'video/mp4', width: 640, height: 360, duration: 12.5, thumbnailSrc: '', customThumbnailSrc: '',
            thumbnailWidth: null, thumbnailHeight: null, cardWidth: 'regular', loop: false}),
        card('file', {src: file, fileTitle: 'Budget 2025', fileCaption: 'The council\'s budget, as adopted.', fileName: 'budget.pdf', fileSize: 15}),
        card('html', {html: '<table class="results"><tr><th>Ward</th><th>Votes</th></tr><tr><td>North</td><td>1,204</td></tr></table>'}),
        card('markdown', {markdown: 'Markdown card: **bold**, a [link](https://example.org/md) and\n\n- one\n- two'}),
        card('signup', {alignment: 'left', backgroundColor: '#F0F0F0', backgroundImageSrc: '', backgroundSize: 'cover', textColor: '#000000',
            buttonColor: 'accent', buttonTextColor: '#FFFFFF', buttonText: 'Subscribe', disclaimer: '<span style="white-space: pre-wrap;">No spam.</span>',
            header: '<span style="white-space: pre-wrap;">Get the morning briefing</span>',
            subheader: '<span style="white-space: pre-wrap;">Every weekday at seven.</span>', labels: [], layout: 'wide',
            successMessage: 'Email sent! Check your inbox to complete your signup.', swapped: false}),
        card('call-to-action', {layout: 'minimal', alignment: 'left',
            textValue: '<p><span style="white-space: pre-wrap;">Support local reporting.</span></p>', showButton: true, showDividers: true,
            buttonText: 'Donate', buttonUrl: 'https://example.org/donate', buttonColor: '#000000', buttonTextColor: '#ffffff',
            hasSponsorLabel: true, sponsorLabel: '<p><span style="white-space: pre-wrap;">SPONSORED</span></p>', backgroundColor: 'grey',
            linkColor: 'text', imageUrl: g2, imageWidth: 64, imageHeight: 48}),
        card('email', {html: '<p>Only in the newsletter: <strong>thanks for reading</strong>.</p>'}),
        card('email-cta', {alignment: 'left', buttonText: 'Upgrade', buttonUrl: 'https://example.org/upgrade',
            html: '<p>Newsletter readers: become a member.</p>', segment: 'status:free', showButton: true, showDividers: true}),
        para(text('Everyone reads up to here.')),
        card('paywall', {}),
        para(text('Only for members: the full vote tally.'))
    );
}

// ---------- the site ----------

async function main() {
    await signIn();

    // A fresh Ghost has sample content; it goes, so the export holds only what is made here.
    for (const kind of ['posts', 'pages']) {
        for (const x of (await call('GET', `${kind}/?limit=all&fields=id&filter=status:[draft,published,scheduled]`))[kind]) {
            await call('DELETE', `${kind}/${x.id}/`);
        }
    }
    for (const t of (await call('GET', 'tags/?limit=all&fields=id')).tags) {
        await call('DELETE', `tags/${t.id}/`);
    }
    await call('PUT', 'settings/', {settings: [
        {key: 'title', value: 'Riverton Cards'},
        {key: 'description', value: 'A Ghost 5.130 site holding every Lexical card.'},
        {key: 'timezone', value: 'Europe/Kyiv'},
        {key: 'accent_color', value: '#c8102e'}
    ]});
    const me = (await call('GET', 'users/me/')).users[0];
    await call('PUT', `users/${me.id}/`, {users: [{name: 'Mara Hill', slug: 'mara-hill', bio: 'Editor in chief.',
        website: 'https://mara.example.org', location: 'Riverton', twitter: '@marahill', email: me.email}]});

    // A second staff author, through Ghost's importer.
    const roleID = 'a1b2c3d4e5f6a7b8c9d0e1f2';
    const importFile = {db: [{meta: {exported_on: Date.now(), version: '5.130.6'}, data: {
        users: [{id: '0123456789abcdef01234567', name: 'Olena Kravets', slug: 'olena-kravets', email: 'olena@example.org',
            status: 'active', visibility: 'public', bio: 'Covers the city council.', location: 'Riverton'}],
        roles: [{id: roleID, name: 'Editor'}],
        roles_users: [{id: 'fedcba9876543210fedcba98', user_id: '0123456789abcdef01234567', role_id: roleID}]
    }}]};
    const form = new FormData();
    form.append('importfile', new Blob([JSON.stringify(importFile)], {type: 'application/json'}), 'users.json');
    await call('POST', 'db/', form, true);
    const olena = (await call('GET', 'users/slug/olena-kravets/')).users[0];

    const png = Buffer.from(PNG, 'base64');
    const lead = await upload('images', 'file', 'lead.png', 'image/png', png, {ref: 'lead.png'});
    const square = await upload('images', 'file', 'square.png', 'image/png', png);
    const g1 = await upload('images', 'file', 'gallery-1.png', 'image/png', png);
    const g2 = await upload('images', 'file', 'gallery-2.png', 'image/png', png);
    const g3 = await upload('images', 'file', 'gallery-3.png', 'image/png', png);
    // Ghost checks the extension and the type it is sent, not the bytes.
    let audio = 'https://media.example.org/council.mp3';
    let video = 'https://media.example.org/flood.mp4';
    let file = 'https://media.example.org/budget.pdf';
    try {
        audio = await upload('media', 'file', 'council.mp3', 'audio/mpeg', Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00'));
        video = await upload('media', 'file', 'flood.mp4', 'video/mp4', Buffer.from('\x00\x00\x00\x18ftypmp42'));
    } catch (err) {
        console.log(`media upload refused, absolute URLs kept: ${err.message.slice(0, 200)}`);
    }
    try {
        file = await upload('files', 'file', 'budget.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    } catch (err) {
        console.log(`file upload refused, absolute URL kept: ${err.message.slice(0, 200)}`);
    }

    const tags = {};
    for (const t of [
        {name: 'News', slug: 'news', description: 'What happened.'},
        {name: 'City Council', slug: 'city-council', description: 'The council and its votes.'},
        {name: '#cards', slug: 'hash-cards'}
    ]) {
        tags[t.slug] = (await call('POST', 'tags/', {tags: [t]})).tags[0];
    }
    let tiers = (await call('GET', 'tiers/?limit=all')).tiers;
    let paid = tiers.find((t) => t.type === 'paid');
    if (!paid.active) {
        paid = (await call('PUT', `tiers/${paid.id}/`, {tiers: [{...paid, active: true}]})).tiers[0];
    }
    const gold = (await call('POST', 'tiers/', {tiers: [{name: 'Gold', description: 'For patrons.', visibility: 'public',
        monthly_price: 1500, yearly_price: 15000, currency: 'usd', benefits: ['Everything']}]})).tiers[0];

    const everyCard = everyCardDoc({lead, square, g1, g2, g3, audio, video, file});

    const post = async (kind, p) => (await call('POST', `${kind}/`, {[kind]: [p]}))[kind][0];
    const authors = [{id: me.id}, {id: olena.id}];
    const allTags = [{id: tags.news.id}, {id: tags['city-council'].id}, {id: tags['hash-cards'].id}];

    await post('posts', {title: 'Every card Ghost has', slug: 'every-card', status: 'published', featured: true,
        published_at: '2025-03-03T09:00:00.000Z', custom_excerpt: 'A post with every Lexical card of Ghost 5.130.',
        feature_image: lead, feature_image_alt: 'The bridge at dawn', feature_image_caption: 'The bridge at dawn. (Jane Doe / Agency)',
        meta_title: 'Every card', meta_description: 'Every Lexical card, for the importer.', authors, tags: allTags, lexical: everyCard});
    await post('posts', {title: 'For members', slug: 'for-members', status: 'published', visibility: 'members',
        published_at: '2025-03-04T09:00:00.000Z', authors: [{id: olena.id}], tags: [{id: tags.news.id}],
        lexical: doc(para(text('The start of the story is free.')), card('paywall', {}), para(text('The rest is for members.')))});
    await post('posts', {title: 'For paying members', slug: 'for-paying-members', status: 'published', visibility: 'paid',
        published_at: '2025-03-05T09:00:00.000Z', authors: [{id: me.id}], tags: [{id: tags['city-council'].id}],
        lexical: doc(para(text('Paid members read on.')), card('paywall', {}), para(text('The paid part.')))});
    await post('posts', {title: 'For Gold members', slug: 'for-gold-members', status: 'published', visibility: 'tiers',
        tiers: [{id: paid.id}, {id: gold.id}], published_at: '2025-03-06T09:00:00.000Z', authors: [{id: olena.id}, {id: me.id}],
        tags: [{id: tags['city-council'].id}, {id: tags['hash-cards'].id}],
        lexical: doc(para(text('Two tiers may read this.')), card('paywall', {}), para(text('The tiers part.')))});
    await post('posts', {title: 'A draft', slug: 'a-draft', status: 'draft', authors: [{id: olena.id}],
        lexical: doc(para(text('Not yet.')))});
    await post('pages', {title: 'About us', slug: 'about-us', status: 'published', published_at: '2025-01-01T09:00:00.000Z',
        authors: [{id: me.id}], lexical: doc(heading('h2', text('Who we are')), para(text('A newsroom in Riverton.')))});

    const res = await fetch(`${base}/ghost/api/admin/db/`, {headers: {Origin: base, Cookie: cookie}});
    assert.equal(res.status, 200, `export: ${res.status}`);
    const exported = await res.json();
    fs.writeFileSync(out, JSON.stringify(exported, null, 1) + '\n');
    console.log(`wrote ${path.relative(repo, out)} (${fs.statSync(out).size} bytes)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    main().catch((err) => {
        console.error(err);
        process.exit(1);
    });
}
