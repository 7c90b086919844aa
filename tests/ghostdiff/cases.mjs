// The requests the differential test sends, in order. Content API reads
// come first, against the seeded content; Admin API writes follow and
// change it, so later cases see earlier writes (the Go test replays them
// in the same order).
//
// Placeholders, filled in by the recorder for Ghost and by
// internal/ghost/differential_test.go for newsdesk:
//   {{content_key}}            the Content API key
//   {{admin_token}}            a fresh Admin API JWT; {{admin_token:VARIANT}}
//                              a broken one (expired, future, badsig,
//                              unknownkid, audience, longlived)
//   {{id:KIND:SLUG}}           the id of seeded content (post, page, tag, user)
//   {{uuid:KIND:SLUG}}         its uuid
//   {{var:NAME}}               a value saved from an earlier answer ("save")
//   {{integration:other}}      the id of an integration that is not the key's
//   {{session}}, {{origin}}    the owner's staff session cookie and the site's
//                              origin, for what Ghost keeps from integrations
// A case's "save" maps NAME to a dotted path into its JSON answer.

const MISSING_ID = '5f0c0c0c0c0c0c0c0c0c0c0c'; // well-formed, never used

function content(name, pathAndQuery, extra = {}) {
    const [p, q] = pathAndQuery.split('?');
    const query = q === undefined ? '?key={{content_key}}' : (q === '' ? '?key={{content_key}}' : `?key={{content_key}}&${q}`);
    return {name: `content/${name}`, method: 'GET', path: `/ghost/api/content/${p}${query}`, ...extra};
}

function admin(name, method, pathAndQuery, body, extra = {}) {
    return {name: `admin/${name}`, method, path: `/ghost/api/admin/${pathAndQuery}`,
        headers: {Authorization: 'Ghost {{admin_token}}', ...(body !== undefined && !body.multipart ? {'Content-Type': 'application/json'} : {})},
        ...(body !== undefined ? {body} : {}), ...extra};
}

// session is a request made with the owner's staff session, for what
// Ghost keeps from integrations (db/, redirects/).
function session(name, method, pathAndQuery, body, extra = {}) {
    return {name: `admin/${name}`, method, path: `/ghost/api/admin/${pathAndQuery}`,
        headers: {Cookie: '{{session}}', Origin: '{{origin}}', ...(body !== undefined && !body.multipart ? {'Content-Type': 'application/json'} : {})},
        ...(body !== undefined ? {body} : {}), ...extra};
}

// The owner ghost.sh sets up; the Go test gives the seeded owner the same password.
export const OWNER_EMAIL = 'reference@example.com';
export const OWNER_PASSWORD = 'Reference-pass-12345!';

// A 64x48 PNG.
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAVUlEQVR4nOzPUQnAMADFwPfReZ78ygiFO2IgZ/vP9nLfnmagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqBmoGagZqB2AwAA///SbAMgEnJS/wAAAABJRU5ErkJggg==';

export function cases() {
    const list = [];
    const add = (...c) => list.push(...c);

    // --- Content API: posts ---
    add(
        content('posts/browse', 'posts/'),
        content('posts/include-tags-authors', 'posts/?include=tags,authors'),
        content('posts/include-unknown', 'posts/?include=tags,bogus&fields=slug'),
        content('posts/fields', 'posts/?fields=title,slug,url'),
        content('posts/fields-with-include', 'posts/?fields=title,slug&include=tags'),
        content('posts/fields-unknown', 'posts/?fields=slug,nonsense'),
        content('posts/fields-uppercase', 'posts/?fields=SLUG,Title'),
        content('posts/formats-plaintext', 'posts/?formats=plaintext&limit=2'),
        content('posts/formats-html-plaintext', 'posts/?formats=html,plaintext&limit=2'),
        content('posts/formats-mobiledoc', 'posts/?formats=mobiledoc&limit=1&fields=slug,mobiledoc'),
        content('posts/formats-lexical', 'posts/?formats=lexical&limit=1&fields=slug,lexical'),
        content('posts/formats-bogus', 'posts/?formats=bogus'),
        content('posts/limit-1', 'posts/?limit=1'),
        content('posts/limit-5', 'posts/?limit=5&fields=slug'),
        content('posts/limit-0', 'posts/?limit=0&fields=slug'),
        content('posts/limit-minus-1', 'posts/?limit=-1&fields=slug'),
        content('posts/limit-abc', 'posts/?limit=abc&fields=slug'),
        content('posts/limit-1.5', 'posts/?limit=1.5&fields=slug'),
        content('posts/limit-empty', 'posts/?limit=&fields=slug'),
        content('posts/limit-100', 'posts/?limit=100&fields=slug'),
        content('posts/limit-101', 'posts/?limit=101&fields=slug'),
        content('posts/limit-all', 'posts/?limit=all&fields=slug'),
        content('posts/page-2', 'posts/?limit=5&page=2&fields=slug'),
        content('posts/page-3', 'posts/?limit=5&page=3&fields=slug'),
        content('posts/page-beyond', 'posts/?limit=5&page=9&fields=slug'),
        content('posts/page-0', 'posts/?page=0&fields=slug'),
        content('posts/page-minus-1', 'posts/?page=-1&fields=slug'),
        content('posts/page-abc', 'posts/?page=abc&fields=slug'),
        content('posts/order-published-asc', 'posts/?order=published_at%20asc&fields=slug'),
        content('posts/order-published-desc', 'posts/?order=published_at%20desc&fields=slug'),
        content('posts/order-title-asc', 'posts/?order=title%20asc&fields=slug,title'),
        content('posts/order-title-desc', 'posts/?order=title%20DESC&fields=slug,title'),
        content('posts/order-slug', 'posts/?order=slug&fields=slug'),
        content('posts/order-created-asc', 'posts/?order=created_at%20asc&fields=slug'),
        content('posts/order-updated-desc', 'posts/?order=updated_at%20desc&fields=slug'),
        content('posts/order-featured-then-published', 'posts/?order=featured%20desc,published_at%20asc&fields=slug,featured'),
        content('posts/order-bad-direction', 'posts/?order=title%20up&fields=slug'),
        content('posts/order-unknown-field', 'posts/?order=bogus%20asc&fields=slug'),
        content('posts/order-malformed', 'posts/?order=title;drop&fields=slug'),
        content('posts/order-reading-time', 'posts/?order=reading_time%20desc&fields=slug'),

        // NQL: every operator and field newsdesk supports.
        content('posts/filter-tag', 'posts/?filter=tag:politics&fields=slug'),
        content('posts/filter-tag-full', 'posts/?filter=tag:politics&include=tags,authors'),
        content('posts/filter-tag-not', 'posts/?filter=tag:-news&fields=slug'),
        content('posts/filter-tag-in', 'posts/?filter=tag:[politics,world]&fields=slug'),
        content('posts/filter-tag-not-in', 'posts/?filter=tag:-[politics,world]&fields=slug'),
        content('posts/filter-tags-slug', 'posts/?filter=tags.slug:world&fields=slug'),
        content('posts/filter-tags-name', "posts/?filter=tags.name:'World'&fields=slug"),
        content('posts/filter-tag-internal', 'posts/?filter=tag:hash-live&fields=slug'),
        content('posts/filter-tag-unknown', 'posts/?filter=tag:nothing-here&fields=slug'),
        content('posts/filter-primary-tag', 'posts/?filter=primary_tag:news&fields=slug'),
        content('posts/filter-primary-tag-slug', 'posts/?filter=primary_tag.slug:politics&fields=slug'),
        content('posts/filter-author', 'posts/?filter=author:taras-bondar&fields=slug'),
        content('posts/filter-authors-slug', 'posts/?filter=authors.slug:olena-kravets&fields=slug'),
        content('posts/filter-authors-name', "posts/?filter=authors.name:'Taras Bondar'&fields=slug"),
        content('posts/filter-primary-author', 'posts/?filter=primary_author:taras-bondar&fields=slug'),
        content('posts/filter-featured-true', 'posts/?filter=featured:true&fields=slug'),
        content('posts/filter-featured-false', 'posts/?filter=featured:false&fields=slug'),
        content('posts/filter-slug', 'posts/?filter=slug:storm-warning&fields=slug,title'),
        content('posts/filter-slug-in', 'posts/?filter=slug:[storm-warning,quoted-title]&fields=slug'),
        content('posts/filter-id', 'posts/?filter=id:{{id:post:election-results}}&fields=id,slug'),
        content('posts/filter-id-not', 'posts/?filter=id:-{{id:post:election-results}}&fields=slug'),
        content('posts/filter-title', "posts/?filter=title:'Ministers meet in Kyiv'&fields=slug"),
        content('posts/filter-title-contains', "posts/?filter=title:~'bridge'&fields=slug"),
        content('posts/filter-title-contains-case', "posts/?filter=title:~'BRIDGE'&fields=slug"),
        content('posts/filter-title-starts', "posts/?filter=title:~^'Night'&fields=slug"),
        content('posts/filter-title-ends', "posts/?filter=title:~$'again'&fields=slug"),
        content('posts/filter-title-not-contains', "posts/?filter=title:-~'the'&fields=slug"),
        content('posts/filter-title-quoted-quote', "posts/?filter=title:~'\\'quoted'&fields=slug"),
        content('posts/filter-custom-excerpt-null', 'posts/?filter=custom_excerpt:null&fields=slug'),
        content('posts/filter-custom-excerpt-not-null', 'posts/?filter=custom_excerpt:-null&fields=slug'),
        content('posts/filter-feature-image-null', 'posts/?filter=feature_image:null&fields=slug'),
        content('posts/filter-feature-image-not-null', 'posts/?filter=feature_image:-null&fields=slug'),
        content('posts/filter-visibility', 'posts/?filter=visibility:public&fields=slug&limit=3'),
        content('posts/filter-visibility-paid', 'posts/?filter=visibility:paid&fields=slug'),
        content('posts/filter-published-gt', "posts/?filter=published_at:>'2025-02-07 16:00:00'&fields=slug"),
        content('posts/filter-published-gte', "posts/?filter=published_at:>='2025-02-07 16:00:00'&fields=slug"),
        content('posts/filter-published-lt', "posts/?filter=published_at:<'2025-01-12'&fields=slug"),
        content('posts/filter-published-lte', "posts/?filter=published_at:<='2025-01-12 09:15:00'&fields=slug"),
        content('posts/filter-published-iso', "posts/?filter=published_at:>'2025-02-16T08:00:00.000Z'&fields=slug"),
        content('posts/filter-published-relative', 'posts/?filter=published_at:>now-3650d&fields=slug&limit=2'),
        content('posts/filter-created-relative', 'posts/?filter=created_at:>now-30d&fields=slug&limit=2'),
        content('posts/filter-updated-lt', "posts/?filter=updated_at:<'2020-01-01'&fields=slug"),
        content('posts/filter-and', 'posts/?filter=tag:news%2Bfeatured:true&fields=slug'),
        content('posts/filter-or', 'posts/?filter=tag:politics,tag:world&fields=slug'),
        content('posts/filter-group', 'posts/?filter=(tag:politics,tag:world)%2Bfeatured:false&fields=slug'),
        content('posts/filter-and-or-precedence', 'posts/?filter=featured:true%2Btag:politics,tag:world&fields=slug'),
        content('posts/filter-with-order-limit', 'posts/?filter=tag:news&order=published_at%20asc&limit=3&page=2&fields=slug'),
        content('posts/filter-status', 'posts/?filter=status:draft&fields=slug'),
        content('posts/filter-unknown-field', 'posts/?filter=bogus_field:1&fields=slug'),
        content('posts/filter-empty-value', 'posts/?filter=tag:&fields=slug'),
        content('posts/filter-trailing-and', 'posts/?filter=tag:news%2B&fields=slug'),
        content('posts/filter-unclosed-paren', 'posts/?filter=(tag:news&fields=slug'),
        content('posts/filter-unclosed-bracket', 'posts/?filter=tag:[news&fields=slug'),
        content('posts/filter-unterminated-quote', "posts/?filter=title:'Night&fields=slug"),
        content('posts/filter-no-field', 'posts/?filter=:news&fields=slug'),
        content('posts/filter-double-colon', 'posts/?filter=tag::news&fields=slug'),
        content('posts/filter-featured-maybe', 'posts/?filter=featured:maybe&fields=slug'),
        content('posts/filter-bad-date', "posts/?filter=published_at:>'yesterday'&fields=slug"),

        content('posts/read-id', 'posts/{{id:post:council-votes-bridge}}/'),
        content('posts/read-id-include', 'posts/{{id:post:ministers-meet-kyiv}}/?include=tags,authors&formats=html,plaintext'),
        content('posts/read-id-fields', 'posts/{{id:post:ministers-meet-kyiv}}/?fields=title,url&include=authors'),
        content('posts/read-slug', 'posts/slug/council-votes-bridge/?include=tags,authors'),
        content('posts/read-slug-internal-first', 'posts/slug/library-late-thursdays/?include=tags'),
        content('posts/read-slug-long', 'posts/slug/floods-close-river-road/?fields=slug,reading_time'),
        content('posts/read-slug-unicode', 'posts/slug/shkola-biblioteka/?formats=plaintext'),
        content('posts/read-id-missing', `posts/${MISSING_ID}/`),
        content('posts/read-id-malformed', 'posts/not-an-id/'),
        content('posts/read-slug-missing', 'posts/slug/no-such-post/'),
        content('posts/read-slug-draft', 'posts/slug/budget-leaks/'),
        content('posts/read-slug-scheduled', 'posts/slug/anniversary-issue/'),
        content('posts/read-id-draft', 'posts/{{id:post:budget-leaks}}/'),
        content('posts/read-with-filter', 'posts/slug/storm-warning/?filter=tag:politics'),
        content('posts/read-with-limit', 'posts/slug/storm-warning/?limit=abc&fields=slug'),
        content('posts/read-slug-uppercase', 'posts/slug/Storm-Warning/?fields=slug'),
    );

    // --- Content API: authors ---
    add(
        content('authors/browse', 'authors/'),
        content('authors/include-count', 'authors/?include=count.posts'),
        content('authors/fields', 'authors/?fields=name,slug'),
        content('authors/limit-page', 'authors/?limit=1&page=2&fields=slug'),
        content('authors/limit-all', 'authors/?limit=all&fields=slug'),
        content('authors/order-name-desc', 'authors/?order=name%20desc&fields=slug'),
        content('authors/order-slug-asc', 'authors/?order=slug%20asc&fields=slug'),
        content('authors/order-unknown', 'authors/?order=bogus%20asc&fields=slug'),
        content('authors/filter-slug', 'authors/?filter=slug:taras-bondar&fields=slug'),
        content('authors/filter-name-contains', "authors/?filter=name:~'Kra'&fields=slug"),
        content('authors/filter-location', "authors/?filter=location:'Riverton'&fields=slug"),
        content('authors/filter-email', "authors/?filter=email:'olena@example.org'&fields=slug"),
        content('authors/filter-bad', 'authors/?filter=slug:[x&fields=slug'),
        content('authors/limit-abc', 'authors/?limit=abc&fields=slug'),
        content('authors/read-id', 'authors/{{id:user:olena-kravets}}/'),
        content('authors/read-id-count', 'authors/{{id:user:olena-kravets}}/?include=count.posts'),
        content('authors/read-slug', 'authors/slug/taras-bondar/'),
        content('authors/read-slug-no-posts', 'authors/slug/iryna-koval/'),
        content('authors/read-slug-owner', 'authors/slug/mara-hill/'),
        content('authors/read-slug-missing', 'authors/slug/nobody/'),
        content('authors/read-id-missing', `authors/${MISSING_ID}/`),
        content('authors/read-id-malformed', 'authors/xyz/'),
    );

    // --- Content API: tags ---
    add(
        content('tags/browse', 'tags/'),
        content('tags/include-count', 'tags/?include=count.posts'),
        content('tags/fields', 'tags/?fields=name,slug'),
        content('tags/limit-page', 'tags/?limit=2&page=2&fields=slug'),
        content('tags/limit-all', 'tags/?limit=all&fields=slug'),
        content('tags/order-name-desc', 'tags/?order=name%20desc&fields=slug'),
        content('tags/order-slug', 'tags/?order=slug%20asc&fields=slug'),
        content('tags/order-unknown', 'tags/?order=bogus&fields=slug'),
        content('tags/filter-slug-in', 'tags/?filter=slug:[news,world]&fields=slug'),
        content('tags/filter-visibility-internal', 'tags/?filter=visibility:internal&fields=slug'),
        content('tags/filter-visibility-public', 'tags/?filter=visibility:public&fields=slug'),
        content('tags/filter-name-contains', "tags/?filter=name:~'o'&fields=slug"),
        content('tags/filter-description-null', 'tags/?filter=description:null&fields=slug'),
        content('tags/filter-bad', 'tags/?filter=(slug:news&fields=slug'),
        content('tags/read-id', 'tags/{{id:tag:news}}/'),
        content('tags/read-id-count', 'tags/{{id:tag:politics}}/?include=count.posts'),
        content('tags/read-slug', 'tags/slug/world/'),
        content('tags/read-slug-empty-tag', 'tags/slug/culture/?include=count.posts'),
        content('tags/read-slug-internal', 'tags/slug/hash-live/'),
        content('tags/read-slug-missing', 'tags/slug/nothing/'),
        content('tags/read-id-missing', `tags/${MISSING_ID}/`),
    );

    // --- Content API: pages, settings, the rest ---
    add(
        content('pages/browse', 'pages/'),
        content('pages/fields', 'pages/?fields=title,slug'),
        content('pages/limit', 'pages/?limit=1&fields=slug'),
        content('pages/filter', 'pages/?filter=slug:about-us&fields=slug'),
        content('pages/include', 'pages/?include=authors,tags&fields=slug'),
        content('pages/read-slug', 'pages/slug/about-us/'),
        content('pages/read-id', 'pages/{{id:page:corrections-policy}}/'),
        content('pages/read-slug-draft', 'pages/slug/unfinished-page/'),
        content('pages/read-slug-post', 'pages/slug/storm-warning/'),
        content('pages/read-slug-missing', 'pages/slug/nothing/'),
        content('posts/read-slug-page', 'posts/slug/about-us/'),
        content('settings/browse', 'settings/'),
        content('settings/fields', 'settings/?fields=title'),
        content('tiers/browse', 'tiers/'),
        content('newsletters/browse', 'newsletters/'),
        content('offers/read-missing', `offers/${MISSING_ID}/`),
        content('unknown-resource', 'bogus/'),
        content('unknown-subpath', 'posts/slug/'),
        content('unknown-deep', 'posts/slug/storm-warning/extra/'),
        content('root', ''),
        {name: 'content/posts/no-trailing-slash', method: 'GET', path: '/ghost/api/content/posts?key={{content_key}}&limit=1'},
        {name: 'content/posts/read-no-trailing-slash', method: 'GET', path: '/ghost/api/content/posts/slug/storm-warning?key={{content_key}}'},
        {name: 'content/settings/no-trailing-slash', method: 'GET', path: '/ghost/api/content/settings?key={{content_key}}'},
        {name: 'content/posts/uppercase-path', method: 'GET', path: '/ghost/api/content/Posts/?key={{content_key}}&limit=1&fields=slug'},
        {name: 'content/posts/method-post', method: 'POST', path: '/ghost/api/content/posts/?key={{content_key}}',
            headers: {'Content-Type': 'application/json'}, body: {posts: [{title: 'x'}]}},
        {name: 'content/posts/method-put', method: 'PUT', path: '/ghost/api/content/posts/{{id:post:storm-warning}}/?key={{content_key}}',
            headers: {'Content-Type': 'application/json'}, body: {posts: [{title: 'x'}]}},
        {name: 'content/posts/method-patch', method: 'PATCH', path: '/ghost/api/content/posts/{{id:post:storm-warning}}/?key={{content_key}}',
            headers: {'Content-Type': 'application/json'}, body: {posts: [{title: 'x'}]}},
        {name: 'content/posts/method-delete', method: 'DELETE', path: '/ghost/api/content/posts/{{id:post:storm-warning}}/?key={{content_key}}'},
        {name: 'content/posts/method-head', method: 'HEAD', path: '/ghost/api/content/posts/?key={{content_key}}&limit=1'},
        {name: 'content/posts/method-options', method: 'OPTIONS', path: '/ghost/api/content/posts/',
            headers: {Origin: 'https://front.example.com', 'Access-Control-Request-Method': 'GET',
                'Access-Control-Request-Headers': 'accept-version'}},
        {name: 'content/posts/cors-origin', method: 'GET', path: '/ghost/api/content/posts/?key={{content_key}}&limit=1&fields=slug',
            headers: {Origin: 'https://front.example.com'}},
        {name: 'content/posts/no-key', method: 'GET', path: '/ghost/api/content/posts/'},
        {name: 'content/posts/empty-key', method: 'GET', path: '/ghost/api/content/posts/?key='},
        {name: 'content/posts/malformed-key', method: 'GET', path: '/ghost/api/content/posts/?key=abc'},
        {name: 'content/posts/unknown-key', method: 'GET', path: '/ghost/api/content/posts/?key=0123456789abcdef0123456789'},
        {name: 'content/settings/no-key', method: 'GET', path: '/ghost/api/content/settings/'},
        {name: 'content/posts/accept-version-v5', method: 'GET', path: '/ghost/api/content/posts/?key={{content_key}}&limit=1&fields=slug',
            headers: {'Accept-Version': 'v5.0'}},
        {name: 'content/posts/accept-version-v6', method: 'GET', path: '/ghost/api/content/posts/?key={{content_key}}&limit=1&fields=slug',
            headers: {'Accept-Version': 'v6.0'}},
        {name: 'content/posts/accept-version-v2', method: 'GET', path: '/ghost/api/content/posts/?key={{content_key}}&limit=1&fields=slug',
            headers: {'Accept-Version': 'v2.0'}},
        {name: 'content/posts/accept-version-bogus', method: 'GET', path: '/ghost/api/content/posts/?key={{content_key}}&limit=1&fields=slug',
            headers: {'Accept-Version': 'banana'}},
    );

    // --- Admin API: reads and authentication ---
    add(
        {name: 'admin/site/no-auth', method: 'GET', path: '/ghost/api/admin/site/'},
        admin('site/with-token', 'GET', 'site/'),
        admin('posts/browse', 'GET', 'posts/?limit=3'),
        admin('posts/browse-formats', 'GET', 'posts/?formats=html,plaintext,lexical&limit=1&fields=slug,html,plaintext,lexical'),
        admin('posts/browse-filter-status', 'GET', 'posts/?filter=status:draft&fields=slug,status'),
        admin('posts/browse-filter-scheduled', 'GET', 'posts/?filter=status:scheduled&fields=slug,status,published_at'),
        admin('posts/browse-all-statuses', 'GET', 'posts/?limit=all&fields=slug,status'),
        admin('posts/browse-order', 'GET', 'posts/?order=title%20asc&limit=4&fields=slug'),
        admin('posts/browse-limit-abc', 'GET', 'posts/?limit=abc&fields=slug'),
        admin('posts/browse-bad-filter', 'GET', 'posts/?filter=status:&fields=slug'),
        admin('posts/read-id', 'GET', 'posts/{{id:post:council-votes-bridge}}/'),
        admin('posts/read-draft', 'GET', 'posts/{{id:post:budget-leaks}}/'),
        admin('posts/read-slug', 'GET', 'posts/slug/anniversary-issue/'),
        admin('posts/read-missing', 'GET', `posts/${MISSING_ID}/`),
        admin('posts/read-malformed-id', 'GET', 'posts/nope/'),
        admin('tags/browse', 'GET', 'tags/?limit=all'),
        admin('tags/browse-count', 'GET', 'tags/?include=count.posts&fields=slug'),
        admin('tags/read-id', 'GET', 'tags/{{id:tag:politics}}/'),
        admin('tags/read-slug-internal', 'GET', 'tags/slug/hash-live/'),
        admin('tags/read-missing', 'GET', `tags/${MISSING_ID}/`),
        admin('users/browse', 'GET', 'users/'),
        admin('users/browse-roles', 'GET', 'users/?include=roles&fields=slug'),
        admin('users/browse-count', 'GET', 'users/?include=count.posts&fields=slug'),
        admin('users/read-id', 'GET', 'users/{{id:user:olena-kravets}}/'),
        admin('users/read-slug', 'GET', 'users/slug/taras-bondar/?include=roles'),
        admin('users/read-missing', 'GET', 'users/slug/nobody/'),
        admin('pages/browse', 'GET', 'pages/?fields=slug,status'),
        admin('pages/read-slug', 'GET', 'pages/slug/unfinished-page/'),
        admin('pages/read-id', 'GET', 'pages/{{id:page:about-us}}/?fields=slug,status'),
        admin('pages/read-post-id', 'GET', 'pages/{{id:post:storm-warning}}/'),
        admin('redirects/download', 'GET', 'redirects/download/'),
        admin('db/export-integration', 'GET', 'db/'),
        session('db/export-session', 'GET', 'db/', undefined, {headersOnly: true}),
        admin('unknown-resource', 'GET', 'bogus/'),
        admin('posts/no-trailing-slash', 'GET', 'posts?limit=1'),
        admin('posts/method-patch', 'PATCH', 'posts/{{id:post:storm-warning}}/', {posts: [{title: 'x'}]}),
        admin('tags/method-patch', 'PATCH', 'tags/{{id:tag:news}}/', {tags: [{name: 'x'}]}),
        admin('unknown-resource-post', 'POST', 'bogus/', {bogus: [{}]}),
        admin('unknown-resource-put', 'PUT', 'bogus/{{id:post:storm-warning}}/', {bogus: [{}]}),
        admin('unknown-resource-delete', 'DELETE', 'bogus/{{id:post:storm-warning}}/'),
        {name: 'admin/posts/no-auth', method: 'GET', path: '/ghost/api/admin/posts/'},
        {name: 'admin/posts/add-no-auth', method: 'POST', path: '/ghost/api/admin/posts/',
            headers: {'Content-Type': 'application/json'}, body: {posts: [{title: 'x'}]}},
        {name: 'admin/posts/auth-not-ghost', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Bearer abc'}},
        {name: 'admin/posts/auth-garbage', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost not.a.jwt'}},
        {name: 'admin/posts/auth-expired', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost {{admin_token:expired}}'}},
        {name: 'admin/posts/auth-future', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost {{admin_token:future}}'}},
        {name: 'admin/posts/auth-bad-signature', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost {{admin_token:badsig}}'}},
        {name: 'admin/posts/auth-unknown-kid', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost {{admin_token:unknownkid}}'}},
        {name: 'admin/posts/auth-wrong-audience', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost {{admin_token:audience}}'}},
        {name: 'admin/posts/auth-long-lived', method: 'GET', path: '/ghost/api/admin/posts/', headers: {Authorization: 'Ghost {{admin_token:longlived}}'}},
        {name: 'admin/posts/auth-content-key', method: 'GET', path: '/ghost/api/admin/posts/?key={{content_key}}'},
    );

    // --- Admin API: post writes (the publish service will own these) ---
    const post = (extra) => ({posts: [{...extra}]});
    add(
        admin('posts/add-minimal', 'POST', 'posts/', post({title: 'Minimal post'}), {save: {minimal: 'posts.0.id', minimal_updated: 'posts.0.updated_at'}}),
        admin('posts/add-html', 'POST', 'posts/?source=html', post({title: 'From HTML', html: '<p>Hello <strong>world</strong>.</p><h2>Part two</h2><p>More.</p>'})),
        admin('posts/add-html-without-source', 'POST', 'posts/', post({title: 'HTML ignored', html: '<p>Dropped without source=html.</p>'})),
        admin('posts/add-tags-name-new', 'POST', 'posts/', post({title: 'Tag by new name', tags: [{name: 'Brand New Tag'}]})),
        admin('posts/add-tags-slug-new', 'POST', 'posts/', post({title: 'Tag by new slug', tags: [{slug: 'fresh-slug'}]})),
        admin('posts/add-tags-name-slug-new', 'POST', 'posts/', post({title: 'Tag by name and slug', tags: [{name: 'Named Differently', slug: 'slug-chosen'}]})),
        admin('posts/add-tags-strings', 'POST', 'posts/', post({title: 'Tags as strings', tags: ['String Tag', 'News']})),
        admin('posts/add-tags-existing-name', 'POST', 'posts/', post({title: 'Existing tag by name', tags: [{name: 'Politics'}]})),
        admin('posts/add-tags-existing-slug', 'POST', 'posts/', post({title: 'Existing tag by slug', tags: [{slug: 'world'}]})),
        admin('posts/add-tags-unknown-id', 'POST', 'posts/', post({title: 'Unknown tag id', tags: [{id: MISSING_ID}]})),
        admin('posts/add-tags-internal-name', 'POST', 'posts/', post({title: 'Internal tag by name', tags: [{name: '#breaking'}]})),
        admin('posts/add-tags-unicode-name', 'POST', 'posts/', post({title: 'Unicode tag', tags: [{name: 'Київ'}]})),
        admin('posts/add-authors-email', 'POST', 'posts/', post({title: 'Author by email', authors: [{email: 'taras@example.org'}]})),
        admin('posts/add-authors-id', 'POST', 'posts/', post({title: 'Author by id', authors: [{id: '{{id:user:olena-kravets}}'}]})),
        admin('posts/add-authors-slug', 'POST', 'posts/', post({title: 'Author by slug', authors: [{slug: 'taras-bondar'}]})),
        admin('posts/add-authors-unknown', 'POST', 'posts/', post({title: 'Unknown author', authors: [{email: 'nobody@example.org'}]})),
        admin('posts/add-duplicate-slug', 'POST', 'posts/', post({title: 'Storm again', slug: 'storm-warning'})),
        admin('posts/add-duplicate-slug-again', 'POST', 'posts/', post({title: 'Storm once more', slug: 'storm-warning'})),
        admin('posts/add-duplicate-title', 'POST', 'posts/', post({title: 'Minimal post'})),
        admin('posts/add-published', 'POST', 'posts/?source=html', post({title: 'Published at once', status: 'published', html: '<p>Now.</p>'}),
            {save: {published: 'posts.0.id', published_updated: 'posts.0.updated_at'}}),
        admin('posts/add-published-dated', 'POST', 'posts/', post({title: 'Published with a date', status: 'published', published_at: '2025-02-25T10:00:00.000Z'})),
        admin('posts/add-scheduled', 'POST', 'posts/', post({title: 'Scheduled ahead', status: 'scheduled', published_at: '2031-06-01T08:00:00.000Z'}),
            {save: {scheduled: 'posts.0.id', scheduled_updated: 'posts.0.updated_at'}}),
        admin('posts/add-scheduled-past', 'POST', 'posts/', post({title: 'Scheduled in the past', status: 'scheduled', published_at: '2020-01-01T08:00:00.000Z'})),
        admin('posts/add-scheduled-no-date', 'POST', 'posts/', post({title: 'Scheduled without a date', status: 'scheduled'})),
        admin('posts/add-bad-status', 'POST', 'posts/', post({title: 'Bad status', status: 'archived'})),
        admin('posts/add-bad-date', 'POST', 'posts/', post({title: 'Bad date', published_at: 'tomorrow'})),
        admin('posts/add-no-title', 'POST', 'posts/', post({html: '<p>x</p>'})),
        admin('posts/add-long-title', 'POST', 'posts/', post({title: 'x'.repeat(300)})),
        admin('posts/add-featured-excerpt', 'POST', 'posts/', post({title: 'Featured with excerpt', featured: true, custom_excerpt: 'Short.',
            feature_image: 'https://images.example.org/x.jpg', feature_image_alt: 'Alt', feature_image_caption: 'Caption (Credit)',
            meta_title: 'Meta', meta_description: 'Meta description'})),
        admin('posts/add-empty-body', 'POST', 'posts/', {}),
        admin('posts/add-empty-list', 'POST', 'posts/', {posts: []}),
        admin('posts/add-not-json', 'POST', 'posts/', {raw: '{"posts": [}'}),
        admin('posts/edit-current', 'PUT', 'posts/{{var:minimal}}/', post({title: 'Minimal post, edited', updated_at: '{{var:minimal_updated}}'}),
            {save: {minimal_updated2: 'posts.0.updated_at'}}),
        admin('posts/edit-stale', 'PUT', 'posts/{{var:minimal}}/', post({title: 'Stale edit', updated_at: '{{var:minimal_updated}}'})),
        admin('posts/edit-no-updated-at', 'PUT', 'posts/{{var:minimal}}/', post({title: 'No updated_at'})),
        admin('posts/edit-tags', 'PUT', 'posts/{{var:minimal}}/', post({tags: [{name: 'Edit Tag'}, {slug: 'news'}], updated_at: '{{var:minimal_updated2}}'}),
            {save: {minimal_updated3: 'posts.0.updated_at'}}),
        admin('posts/edit-publish', 'PUT', 'posts/{{var:minimal}}/', post({status: 'published', updated_at: '{{var:minimal_updated3}}'}),
            {save: {minimal_updated4: 'posts.0.updated_at'}}),
        admin('posts/edit-unpublish', 'PUT', 'posts/{{var:minimal}}/', post({status: 'draft', updated_at: '{{var:minimal_updated4}}'}),
            {save: {minimal_updated5: 'posts.0.updated_at'}}),
        admin('posts/edit-schedule', 'PUT', 'posts/{{var:minimal}}/', post({status: 'scheduled', published_at: '2032-03-03T03:00:00.000Z', updated_at: '{{var:minimal_updated5}}'}),
            {save: {minimal_updated6: 'posts.0.updated_at'}}),
        admin('posts/edit-slug-taken', 'PUT', 'posts/{{var:minimal}}/', post({slug: 'storm-warning', updated_at: '{{var:minimal_updated6}}'})),
        admin('posts/edit-missing', 'PUT', `posts/${MISSING_ID}/`, post({title: 'x', updated_at: '2025-01-01T00:00:00.000Z'})),
        admin('posts/edit-html', 'PUT', 'posts/{{var:published}}/?source=html', post({html: '<p>Rewritten.</p>', updated_at: '{{var:published_updated}}'})),
        admin('posts/read-after-edits', 'GET', 'posts/{{var:minimal}}/?formats=html,plaintext'),
        admin('posts/delete', 'DELETE', 'posts/{{var:scheduled}}/'),
        admin('posts/delete-again', 'DELETE', 'posts/{{var:scheduled}}/'),
        admin('posts/delete-malformed', 'DELETE', 'posts/nope/'),
        admin('posts/browse-after-writes', 'GET', 'posts/?limit=50&fields=slug,status,title&order=slug%20asc'),
        admin('tags/browse-after-post-writes', 'GET', 'tags/?limit=50&fields=name,slug,visibility&order=slug%20asc'),
    );

    // --- Admin API: tag writes ---
    const tag = (extra) => ({tags: [{...extra}]});
    add(
        admin('tags/add', 'POST', 'tags/', tag({name: 'Sports'}), {save: {sports: 'tags.0.id', sports_updated: 'tags.0.updated_at'}}),
        admin('tags/add-full', 'POST', 'tags/', tag({name: 'Weather', slug: 'weather-desk', description: 'Forecasts.',
            feature_image: 'https://images.example.org/sky.jpg', meta_title: 'Weather', meta_description: 'Forecasts and warnings.',
            accent_color: '#336699'})),
        admin('tags/add-internal', 'POST', 'tags/', tag({name: '#hidden'})),
        admin('tags/add-duplicate-name', 'POST', 'tags/', tag({name: 'Sports'})),
        admin('tags/add-duplicate-slug', 'POST', 'tags/', tag({name: 'Other news', slug: 'news'})),
        admin('tags/add-no-name', 'POST', 'tags/', tag({slug: 'nameless'})),
        admin('tags/add-empty', 'POST', 'tags/', {}),
        admin('tags/add-long-name', 'POST', 'tags/', tag({name: 'y'.repeat(200)})),
        admin('tags/edit', 'PUT', 'tags/{{var:sports}}/', tag({name: 'Sport', description: 'Games and races.'})),
        admin('tags/edit-slug-taken', 'PUT', 'tags/{{var:sports}}/', tag({slug: 'news'})),
        admin('tags/edit-missing', 'PUT', `tags/${MISSING_ID}/`, tag({name: 'x'})),
        admin('tags/read-after-edit', 'GET', 'tags/{{var:sports}}/'),
        admin('tags/delete', 'DELETE', 'tags/{{var:sports}}/'),
        admin('tags/delete-again', 'DELETE', 'tags/{{var:sports}}/'),
        admin('tags/delete-in-use', 'DELETE', 'tags/{{id:tag:world}}/'),
        admin('posts/read-after-tag-delete', 'GET', 'posts/{{id:post:night-trains-return}}/?fields=slug'),
    );

    // --- Admin API: pages ---
    const page = (extra) => ({pages: [{...extra}]});
    add(
        admin('pages/add', 'POST', 'pages/?source=html', page({title: 'Contact', html: '<p>Write to us.</p>'}),
            {save: {contact: 'pages.0.id', contact_updated: 'pages.0.updated_at'}}),
        admin('pages/add-published', 'POST', 'pages/', page({title: 'Ethics', status: 'published', published_at: '2024-11-11T11:00:00.000Z'})),
        admin('pages/add-duplicate-slug', 'POST', 'pages/', page({title: 'About again', slug: 'about-us'})),
        admin('pages/edit', 'PUT', 'pages/{{var:contact}}/', page({title: 'Contact us', status: 'published', updated_at: '{{var:contact_updated}}'})),
        admin('pages/edit-stale', 'PUT', 'pages/{{var:contact}}/', page({title: 'Stale', updated_at: '{{var:contact_updated}}'})),
        admin('pages/delete', 'DELETE', 'pages/{{var:contact}}/'),
        admin('pages/delete-again', 'DELETE', 'pages/{{var:contact}}/'),
    );

    // --- Admin API: redirects and imports ---
    const redirects = JSON.stringify([{from: '/old-bridge-story/', to: '/council-votes-bridge/', permanent: true}]);
    const importFile = JSON.stringify({db: [{meta: {exported_on: 1700000000000, version: '5.130.6'},
        data: {tags: [{id: '5f0c0c0c0c0c0c0c0c0c0c10', name: 'Imported tag', slug: 'imported-tag'}]}}]});
    add(
        admin('redirects/upload', 'POST', 'redirects/upload/', {multipart: [
            {name: 'redirects', filename: 'redirects.json', type: 'application/json', base64: Buffer.from(redirects).toString('base64')}]}),
        admin('redirects/download-after-upload', 'GET', 'redirects/download/'),
        // Ghost keeps redirects/ from integrations (501 above) and serves
        // them to an Administrator's staff session.
        session('redirects/upload-session', 'POST', 'redirects/upload/', {multipart: [
            {name: 'redirects', filename: 'redirects.json', type: 'application/json', base64: Buffer.from(redirects).toString('base64')}]}),
        session('redirects/download-session', 'GET', 'redirects/download/'),
        session('redirects/upload-session-not-json', 'POST', 'redirects/upload/', {multipart: [
            {name: 'redirects', filename: 'redirects.json', type: 'application/json', base64: Buffer.from('[{"from": ').toString('base64')}]}),
        session('redirects/download-session-unchanged', 'GET', 'redirects/download/'),
        admin('db/import-integration', 'POST', 'db/', {multipart: [
            {name: 'importfile', filename: 'import.json', type: 'application/json', base64: Buffer.from(importFile).toString('base64')}]}),
        session('db/import-session', 'POST', 'db/', {multipart: [
            {name: 'importfile', filename: 'import.json', type: 'application/json', base64: Buffer.from(importFile).toString('base64')}]}),
        admin('tags/read-imported', 'GET', 'tags/slug/imported-tag/?fields=name,slug'),
    );

    // --- Admin API: staff sessions (how tools reach db/ and redirects/) ---
    const signIn = (name, body, headers = {Origin: '{{origin}}'}) => ({name: `admin/session/${name}`, method: 'POST',
        path: '/ghost/api/admin/session/', headers: {'Content-Type': 'application/json', ...headers}, body});
    add(
        signIn('add-no-password', {username: OWNER_EMAIL}),
        signIn('add-no-origin', {username: OWNER_EMAIL, password: OWNER_PASSWORD}, {}),
        signIn('add-wrong-password', {username: OWNER_EMAIL, password: 'not-the-password-1'}),
        signIn('add', {username: OWNER_EMAIL, password: OWNER_PASSWORD}),
        admin('session/delete-integration', 'DELETE', 'session/'),
        {name: 'admin/session/delete-no-auth', method: 'DELETE', path: '/ghost/api/admin/session/'},
    );

    // --- Admin API: images ---
    add(
        admin('images/upload', 'POST', 'images/upload/', {multipart: [
            {name: 'file', filename: 'pixel.png', type: 'image/png', base64: PNG},
            {name: 'ref', value: 'my-ref-1'}]}),
        admin('images/upload-no-ref', 'POST', 'images/upload/', {multipart: [
            {name: 'file', filename: 'pixel.png', type: 'image/png', base64: PNG}]}),
        admin('images/upload-text', 'POST', 'images/upload/', {multipart: [
            {name: 'file', filename: 'notes.txt', type: 'text/plain', base64: Buffer.from('just text').toString('base64')}]}),
        admin('images/upload-no-file', 'POST', 'images/upload/', {multipart: [{name: 'ref', value: 'x'}]}),
        admin('images/upload-json', 'POST', 'images/upload/', {nothing: true}),
    );
    // --- Admin API: webhooks (scoped to the key's integration) ---
    // Last, so they were recorded after the rest (GHOST_ONLY in record.mjs)
    // without renumbering it. {{integration:other}} is another integration's
    // id: its webhook, made with the owner's session, is not the key's.
    const webhook = (extra) => ({webhooks: [{...extra}]});
    const HOOK = 'https://hooks.example.org/ghost';
    add(
        admin('webhooks/add', 'POST', 'webhooks/', webhook({event: 'post.published', target_url: HOOK,
            name: 'Push', secret: 'shh'}), {save: {hook: 'webhooks.0.id'}}),
        admin('webhooks/add-minimal', 'POST', 'webhooks/', webhook({event: 'post.tag.attached', target_url: HOOK}),
            {save: {hook2: 'webhooks.0.id'}}),
        admin('webhooks/add-no-event', 'POST', 'webhooks/', webhook({target_url: 'https://hooks.example.org/x'})),
        admin('webhooks/add-no-target', 'POST', 'webhooks/', webhook({event: 'post.published'})),
        admin('webhooks/add-bad-target', 'POST', 'webhooks/', webhook({event: 'post.published', target_url: 'not a url'})),
        admin('webhooks/add-bad-event', 'POST', 'webhooks/', webhook({event: 'post.exploded', target_url: HOOK})),
        admin('webhooks/add-uppercase-event', 'POST', 'webhooks/', webhook({event: 'Post.Published', target_url: 'https://hooks.example.org/u'})),
        admin('webhooks/add-duplicate', 'POST', 'webhooks/', webhook({event: 'post.published', target_url: HOOK})),
        admin('webhooks/add-empty', 'POST', 'webhooks/', {}),
        admin('webhooks/add-empty-list', 'POST', 'webhooks/', {webhooks: []}),
        admin('webhooks/edit', 'PUT', 'webhooks/{{var:hook}}/', webhook({event: 'post.published.edited', target_url: 'https://hooks.example.org/v2'})),
        admin('webhooks/edit-name', 'PUT', 'webhooks/{{var:hook}}/', webhook({name: 'Renamed'})),
        admin('webhooks/edit-bad-event', 'PUT', 'webhooks/{{var:hook}}/', webhook({event: 'post.exploded'})),
        admin('webhooks/edit-integration', 'PUT', 'webhooks/{{var:hook}}/', webhook({integration_id: '{{integration:other}}'})),
        admin('webhooks/edit-missing', 'PUT', `webhooks/${MISSING_ID}/`, webhook({name: 'x'})),
        session('webhooks/add-session-other', 'POST', 'webhooks/', webhook({event: 'post.added', target_url: HOOK,
            integration_id: '{{integration:other}}'}), {save: {other_hook: 'webhooks.0.id'}}),
        admin('webhooks/edit-other', 'PUT', 'webhooks/{{var:other_hook}}/', webhook({name: 'Not mine'})),
        admin('webhooks/delete-other', 'DELETE', 'webhooks/{{var:other_hook}}/'),
        session('webhooks/delete-session-other', 'DELETE', 'webhooks/{{var:other_hook}}/'),
        admin('webhooks/delete', 'DELETE', 'webhooks/{{var:hook}}/'),
        admin('webhooks/delete-again', 'DELETE', 'webhooks/{{var:hook}}/'),
        admin('webhooks/delete-missing', 'DELETE', `webhooks/${MISSING_ID}/`),
        admin('webhooks/delete-malformed', 'DELETE', 'webhooks/nope/'),
        admin('webhooks/delete-minimal', 'DELETE', 'webhooks/{{var:hook2}}/'),
    );
    return list;
}
