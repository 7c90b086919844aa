// Drives a running newsdesk with Ghost's official API clients, unchanged.
// Environment: NEWSDESK_URL (no trailing slash), NEWSDESK_CONTENT_KEY,
// NEWSDESK_ADMIN_KEY. Exits non-zero on the first failed check.
//
//   node tests/ghostclient/run.mjs
//
// internal/ghost/clients_test.go runs it against a real "newsdesk serve".
import assert from 'node:assert/strict';
import {writeFileSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const GhostContentAPI = require('@tryghost/content-api');
const GhostAdminAPI = require('@tryghost/admin-api');

const url = process.env.NEWSDESK_URL;
const contentKey = process.env.NEWSDESK_CONTENT_KEY;
const adminKey = process.env.NEWSDESK_ADMIN_KEY;
assert.ok(url && contentKey && adminKey, 'set NEWSDESK_URL, NEWSDESK_CONTENT_KEY and NEWSDESK_ADMIN_KEY');

let step = '';
const check = (name) => { step = name; console.log('ok -', name); };

// A 64x48 PNG, so the upload needs no file from the repository.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAVUlEQVR4nOzPUQnAMADFwPfReZ78ygiFO2IgZ/vP9nLfnmagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqB2AwAA///SbAMgEnJS/wAAAABJRU5ErkJggg==', 'base64');

async function rejects(promise, type, what) {
    try {
        await promise;
    } catch (err) {
        assert.equal(err.name, type, what + ': got ' + err.name + ': ' + err.message);
        return err;
    }
    assert.fail(what + ': expected a ' + type);
}

async function main() {
    const content = new GhostContentAPI({url, key: contentKey, version: 'v6.0'});
    const content5 = new GhostContentAPI({url, key: contentKey, version: 'v5.0'});
    const admin = new GhostAdminAPI({url, key: adminKey, version: 'v6.0'});

    // --- Content API ---
    const page2 = await content.posts.browse({limit: 5, page: 2, include: 'tags,authors'});
    assert.equal(page2.length, 5);
    assert.equal(page2.meta.pagination.page, 2);
    assert.equal(page2.meta.pagination.limit, 5);
    assert.equal(page2.meta.pagination.prev, 1);
    assert.ok(page2.meta.pagination.total >= 10, 'total');
    for (const p of page2) {
        assert.ok(Array.isArray(p.tags) && Array.isArray(p.authors) && p.primary_author, 'include=tags,authors');
        assert.ok(p.url.startsWith(url + '/'), 'absolute post url');
        assert.equal(typeof p.reading_time, 'number');
        assert.ok(p.tags.every((t) => t.name.startsWith('#') === (t.visibility === 'internal')), 'internal tags marked internal, as in Ghost');
    }
    check('posts.browse with limit, page and include');

    const world = await content.posts.browse({filter: 'tag:world+featured:false', limit: 'all', include: 'tags'});
    assert.ok(world.length > 0);
    for (const p of world) {
        assert.ok(p.tags.some((t) => t.slug === 'world') && p.featured === false, 'filter tag:world+featured:false');
    }
    const either = await content.posts.browse({filter: 'tag:[world,politics]', limit: 1});
    assert.ok(either.meta.pagination.total >= world.length);
    const since = await content.posts.browse({filter: "published_at:>'2026-03-01 12:00:00'", fields: 'title,slug,published_at'});
    for (const p of since) {
        assert.deepEqual(Object.keys(p).sort(), ['published_at', 'slug', 'title']);
        assert.ok(new Date(p.published_at) > new Date('2026-03-01T12:00:00Z'));
    }
    check('posts.browse with NQL filters and fields');

    const first = page2[0];
    const bySlug = await content.posts.read({slug: first.slug}, {formats: 'html,plaintext', include: 'authors'});
    assert.equal(bySlug.id, first.id);
    assert.equal(bySlug.title, first.title);
    assert.equal(typeof bySlug.html, 'string');
    assert.equal(typeof bySlug.plaintext, 'string');
    const byID = await content5.posts.read({id: first.id});
    assert.equal(byID.slug, first.slug);
    check('posts.read by slug and id (Accept-Version v6.0 and v5.0)');

    const authors = await content.authors.browse({include: 'count.posts'});
    assert.ok(authors.length > 0 && authors.every((a) => a.slug && a.url && typeof a.count.posts === 'number'));
    const author = await content.authors.read({slug: authors[0].slug});
    assert.equal(author.id, authors[0].id);
    const tags = await content.tags.browse({limit: 'all'});
    assert.ok(tags.length > 0 && tags.every((t) => t.name.startsWith('#') === (t.visibility === 'internal')));
    const tag = await content.tags.read({slug: 'world'});
    assert.equal(tag.slug, 'world');
    const settings = await content.settings.browse();
    assert.equal(typeof settings.title, 'string');
    check('authors, tags and settings');

    await rejects(content.posts.read({slug: 'no-such-post-anywhere'}), 'NotFoundError', 'missing post');
    const bad = await rejects(content.posts.browse({filter: 'tag:'}), 'BadRequestError', 'bad filter');
    assert.equal(bad.response.status, 400);
    assert.equal(bad.message, 'Request not understood error, cannot list posts.');
    assert.match(bad.help, /character 5/);
    await rejects(content.posts.browse({limit: -1}), 'ValidationError', 'negative limit');
    check('errors as Ghost answers them');

    // --- Admin API ---
    const title = 'Ghost client story ' + Date.now();
    const html = '<p>Kyiv — a dateline paragraph from the <strong>Admin API</strong>.</p><blockquote><p>“Quoted,” she said.</p></blockquote>';
    const draft = await admin.posts.add({title, html, tags: ['World', 'Ghost Client'], custom_excerpt: 'Made by @tryghost/admin-api.'}, {source: 'html'});
    assert.equal(draft.status, 'draft');
    assert.equal(draft.title, title);
    assert.match(draft.html, /<strong>Admin API<\/strong>/);
    assert.deepEqual(draft.tags.map((t) => t.slug), ['world', 'ghost-client']);
    check('posts.add a draft from HTML');

    const edited = await admin.posts.edit({id: draft.id, title: title + ' (edited)', updated_at: draft.updated_at});
    assert.equal(edited.title, title + ' (edited)');
    assert.notEqual(edited.updated_at, draft.updated_at);
    await rejects(admin.posts.edit({id: draft.id, title: 'lost update', updated_at: draft.updated_at}), 'UpdateCollisionError', 'stale updated_at');
    check('posts.edit, and UpdateCollisionError with a stale updated_at');

    const dir = mkdtempSync(join(tmpdir(), 'ghostclient-'));
    const file = join(dir, 'lead.png');
    writeFileSync(file, png);
    const image = await admin.images.upload({file, ref: 'lead-image'});
    assert.ok(image.url.startsWith(url + '/'), 'absolute image url: ' + image.url);
    assert.equal(image.ref, 'lead-image');
    const fetched = await fetch(image.url);
    assert.equal(fetched.status, 200, 'uploaded image is served');
    assert.ok(Buffer.from(await fetched.arrayBuffer()).equals(png), 'uploaded image is served byte for byte as it was sent');
    check('images.upload, served back as sent');

    const published = await admin.posts.edit({
        id: draft.id, status: 'published', feature_image: image.url, feature_image_alt: 'Lead',
        feature_image_caption: 'Kyiv, March 3. (Anna Li / Agency)', updated_at: edited.updated_at
    });
    assert.equal(published.status, 'published');
    assert.ok(published.published_at);
    check('posts.edit to publish');

    const read = await admin.posts.read({id: draft.id});
    assert.equal(read.status, 'published');
    const adminTags = await admin.tags.browse({limit: 'all'});
    assert.ok(adminTags.some((t) => t.slug === 'ghost-client'));
    const users = await admin.users.browse();
    assert.ok(users.length > 0);
    const site = await admin.site.read();
    assert.equal(site.url, url + '/');
    check('admin posts.read, tags, users and site');

    // --- Static pages: their own endpoints, out of posts ---
    const about = await admin.pages.add({title: 'About ' + title, html: '<p>An <em>independent</em> newsroom.</p>', status: 'published'}, {source: 'html'});
    assert.equal(about.status, 'published');
    assert.match(about.html, /<em>independent<\/em>/);
    const aboutEdited = await admin.pages.edit({id: about.id, title: 'About us ' + title, updated_at: about.updated_at});
    assert.equal(aboutEdited.title, 'About us ' + title);
    const publicPage = await content.pages.read({slug: about.slug});
    assert.equal(publicPage.id, about.id);
    assert.ok((await content.pages.browse({limit: 'all'})).some((p) => p.id === about.id), 'pages.browse lists the page');
    assert.ok(!(await content.posts.browse({limit: 'all'})).some((p) => p.id === about.id), 'posts.browse leaves the page out');
    await rejects(content.posts.read({id: about.id}), 'NotFoundError', 'a page read as a post');
    const pageHTML = await fetch(url + '/' + about.slug + '/');
    assert.equal(pageHTML.status, 200, 'the page is served at /{slug}/');
    const extra = await admin.pages.add({title: 'Scratch page ' + title});
    await admin.pages.delete({id: extra.id});
    await rejects(admin.pages.read({id: extra.id}), 'NotFoundError', 'a deleted page');
    check('pages.add, edit, read, browse and delete');

    // --- Every write path again, through the client at v5.0 and at its
    // default version (integrations pin either) ---
    for (const [label, client] of [['v5.0', new GhostAdminAPI({url, key: adminKey, version: 'v5.0'})],
        ['default', new GhostAdminAPI({url, key: adminKey, version: true})]]) {
        const story = await client.posts.add({title: label + ' story ' + title, html: '<p>Filed at ' + label + '.</p>', tags: [{name: 'Client ' + label}]}, {source: 'html'});
        assert.equal(story.status, 'draft', label + ': posts.add makes a draft');
        assert.deepEqual(story.tags.map((t) => t.name), ['Client ' + label], label + ': a tag named in the post is created');
        const live = await client.posts.edit({id: story.id, status: 'published', updated_at: story.updated_at});
        assert.equal(live.status, 'published', label + ': posts.edit publishes');
        assert.equal((await fetch(url + '/' + live.slug + '/')).status, 200, label + ': the published story is served');
        const back = await client.posts.edit({id: story.id, status: 'draft', updated_at: live.updated_at});
        assert.equal(back.status, 'draft', label + ': posts.edit unpublishes');
        assert.equal((await fetch(url + '/' + live.slug + '/')).status, 404, label + ': an unpublished story is gone from the site');
        await client.posts.delete({id: story.id});
        await rejects(client.posts.read({id: story.id}), 'NotFoundError', label + ': a deleted post');

        const pg = await client.pages.add({title: label + ' page ' + title, html: '<p>Standing page.</p>', status: 'published'}, {source: 'html'});
        const pgEdited = await client.pages.edit({id: pg.id, title: label + ' page, edited ' + title, updated_at: pg.updated_at});
        assert.equal(pgEdited.title, label + ' page, edited ' + title, label + ': pages.edit');
        await client.pages.delete({id: pg.id});
        await rejects(client.pages.read({id: pg.id}), 'NotFoundError', label + ': a deleted page');

        const up = await client.images.upload({file, ref: label});
        assert.equal(up.ref, label, label + ': images.upload keeps ref');
        assert.ok(Buffer.from(await (await fetch(up.url)).arrayBuffer()).equals(png), label + ': uploaded image served as sent');

        const tag = await client.tags.add({name: 'Client tag ' + label + ' ' + title, description: 'From the client.'});
        assert.ok(tag.id && tag.slug && tag.created_at, label + ': tags.add');
        const again = await client.tags.add({name: 'Client tag ' + label + ' ' + title});
        assert.equal(again.slug, tag.slug + '-2', label + ': a taken slug moves to -2, as in Ghost');
        const renamed = await client.tags.edit({id: tag.id, name: 'Renamed ' + label});
        assert.equal(renamed.name, 'Renamed ' + label);
        await client.tags.delete({id: tag.id});
        await client.tags.delete({id: again.id});
        await rejects(client.tags.read({id: tag.id}), 'NotFoundError', label + ': a deleted tag');

        const hook = await client.webhooks.add({event: 'post.published', target_url: 'https://hooks.example.org/' + label, secret: 'shh'});
        assert.ok(hook.id && hook.integration_id && hook.created_at, label + ': webhooks.add');
        assert.equal(hook.event, 'post.published', label + ': webhooks.add event');
        const moved = await client.webhooks.edit({id: hook.id, event: 'post.published.edited'});
        assert.equal(moved.event, 'post.published.edited', label + ': webhooks.edit');
        await rejects(client.webhooks.add({event: 'post.published', target_url: 'http://127.0.0.1:9/'}), 'ValidationError', label + ': a loopback target');
        await client.webhooks.delete({id: hook.id});
    }
    check('posts, pages, tags, images and webhooks written at v5.0 and the default version');

    // --- The post is on the public News Feed ---
    const feed = await content.posts.browse({limit: 3});
    assert.equal(feed[0].id, draft.id, 'the new post leads the Content API feed');
    assert.equal(feed[0].feature_image_caption, 'Kyiv, March 3. (Anna Li / Agency)');
    const page = await fetch(url + '/' + published.slug + '/');
    const home = await fetch(url + '/');
    assert.equal(page.status, 200, 'public post page');
    assert.ok((await page.text()).includes(title), 'public post page shows the title');
    assert.equal(home.status, 200, 'front page');
    assert.ok((await home.text()).includes(title), 'the News Feed on / lists the new post');
    check('the published post is on the News Feed');
}

main().then(() => console.log('all Ghost client checks passed')).catch((err) => {
    console.error('FAILED after step "' + step + '":', err && err.stack || err);
    if (err && err.response && err.response.data) console.error(JSON.stringify(err.response.data));
    process.exit(1);
});
