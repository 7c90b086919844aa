// The content the recorder puts into a fresh Ghost before recording. The
// recorder then reads it back from Ghost and writes what Ghost made of it to
// internal/ghost/testdata/golden/seed.json, which the Go differential test
// loads into newsdesk; so both answer from the same content.
//
// Published dates are fixed and far from the recording day, so they survive
// normalisation (recent timestamps become "<now>"); scheduled posts lie in 2030.

const words = (n, seed) => {
    const pool = ['river', 'council', 'bridge', 'market', 'school', 'mayor', 'flood', 'road', 'night', 'train',
        'valley', 'museum', 'budget', 'weekend', 'storm', 'library', 'street', 'runner', 'ward', 'vote'];
    const out = [];
    for (let i = 0; i < n; i++) {
        out.push(pool[(i * 7 + seed) % pool.length]);
    }
    return out.join(' ');
};

export const settings = {
    title: 'Riverton Reference',
    description: 'A reference newspaper for the differential tests.',
    timezone: 'Europe/Kyiv',
    locale: 'en',
    accent_color: '#c8102e'
};

// Ghost settings newsdesk has no counterpart for, set to the values newsdesk
// answers with: no social accounts or cover image of Ghost's own, no
// navigation yet, and no members (newsdesk has no memberships).
export const ghostSettings = {
    facebook: '',
    twitter: '',
    cover_image: '',
    navigation: '[]',
    secondary_navigation: '[]',
    members_signup_access: 'none'
};

// The owner exists already (ghost.sh keys sets it up); the recorder edits its profile.
export const owner = {
    name: 'Mara Hill',
    slug: 'mara-hill',
    bio: 'Editor in chief.',
    website: 'https://mara.example.org',
    location: 'Riverton',
    facebook: 'mara.hill',
    twitter: '@marahill',
    profile_image: 'https://images.example.org/mara.jpg'
};

// Staff users come in through Ghost's importer (POST /db/), the one way to
// add staff without e-mail; Ghost marks imported users "locked".
export const users = [
    {name: 'Olena Kravets', slug: 'olena-kravets', email: 'olena@example.org', role: 'Editor',
        bio: 'Covers the city council.', website: 'https://olena.example.org', location: 'Riverton',
        facebook: 'olena.kravets', twitter: '@olenak', profile_image: 'https://images.example.org/olena.jpg'},
    {name: 'Taras Bondar', slug: 'taras-bondar', email: 'taras@example.org', role: 'Author'},
    {name: 'Iryna Koval', slug: 'iryna-koval', email: 'iryna@example.org', role: 'Contributor',
        bio: 'Writes about schools.'}
];

export const tags = [
    {name: 'News', slug: 'news', description: 'Local and national news.'},
    {name: 'World', slug: 'world'},
    {name: 'Politics', slug: 'politics', description: 'Council, parliament and elections.'},
    {name: 'Culture', slug: 'culture', description: 'Nothing here yet.'},
    {name: '#live', slug: 'hash-live'}
];

const p = (...paras) => paras.map(x => (x.startsWith('<') ? x : `<p>${x}</p>`)).join('');

// Created in this order; created_at therefore follows it, while
// published_at does not (museum-reopens is created first, published last).
export const posts = [
    {title: 'Museum reopens after renovation', slug: 'museum-reopens', status: 'published',
        published_at: '2025-03-01T10:00:00.000Z', tags: ['news'], authors: ['olena-kravets'],
        html: p('Riverton — The city museum opened its doors again on Saturday after two years of work.',
            '“It was worth the wait,” said the director.')},
    {title: 'Council votes to rebuild the Old Mill bridge', slug: 'council-votes-bridge', status: 'published',
        published_at: '2025-01-06T08:00:00.000Z', featured: true, tags: ['news', 'politics'], authors: ['olena-kravets'],
        custom_excerpt: 'The vote was seven to two.',
        feature_image: 'https://images.example.org/bridge.jpg', feature_image_alt: 'The Old Mill bridge at dusk',
        feature_image_caption: 'The Old Mill bridge, January 5. (Anna Li / Riverton Courier)',
        meta_title: 'Bridge vote', meta_description: 'The council voted to rebuild the Old Mill bridge.',
        html: p('Riverton — The council voted on Monday to rebuild the Old Mill bridge.',
            '<h2>What happens next</h2>', 'Work starts in <strong>spring</strong> and ends in <em>autumn</em>.',
            'Read the <a href="https://example.org/plan">full plan</a>.')},
    {title: 'Floods close the river road', slug: 'floods-close-river-road', status: 'published',
        published_at: '2025-01-09T14:30:00.000Z', tags: ['news'], authors: ['taras-bondar'],
        html: p('Riverton — The river road is closed after heavy rain.', words(620, 3))},
    {title: 'Library opens late on Thursdays', slug: 'library-late-thursdays', status: 'published',
        published_at: '2025-01-12T09:15:00.000Z', tags: ['hash-live', 'news'], authors: ['olena-kravets'],
        html: p('The central library now stays open until nine on Thursdays.')},
    {title: 'Ministers meet in Kyiv', slug: 'ministers-meet-kyiv', status: 'published',
        published_at: '2025-01-15T12:00:00.000Z', tags: ['world', 'politics'], authors: ['olena-kravets', 'taras-bondar'],
        html: p('Kyiv — Ministers from five countries met on Wednesday.', '<ul><li>Trade</li><li>Energy</li></ul>')},
    {title: 'Market prices rise again', slug: 'market-prices-rise', status: 'published',
        published_at: '2025-01-20T07:45:00.000Z', featured: true, tags: ['news'], authors: ['taras-bondar'],
        custom_excerpt: 'Bread and milk cost more.',
        html: p('Prices at the Saturday market rose for the third month.')},
    {title: 'Школа відкриває нову бібліотеку', slug: 'shkola-biblioteka', status: 'published',
        published_at: '2025-01-24T11:00:00.000Z', tags: ['news'], authors: ['olena-kravets'],
        html: p('Рівертон — Школа номер два відкрила нову бібліотеку.')},
    {title: 'Roadworks on Mill Street', slug: 'roadworks-mill-street', status: 'published',
        published_at: '2025-01-28T06:30:00.000Z', tags: [], authors: ['taras-bondar'],
        html: p('Mill Street is closed to cars until Friday.')},
    {title: 'Election results, ward by ward', slug: 'election-results', status: 'published',
        published_at: '2025-02-02T22:00:00.000Z', featured: true, tags: ['politics'], authors: ['olena-kravets'],
        html: p('All six wards have declared.', '<blockquote>A close race in the east.</blockquote>')},
    {title: 'Storm warning for the weekend', slug: 'storm-warning', status: 'published',
        published_at: '2025-02-07T16:00:00.000Z', tags: ['news', 'world', 'hash-live'], authors: ['taras-bondar'],
        html: p('Forecasters expect winds of up to 90 km/h.')},
    {title: 'A "quoted" title & an ampersand', slug: 'quoted-title', status: 'published',
        published_at: '2025-02-12T13:20:00.000Z', tags: ['world'], authors: ['olena-kravets'],
        html: p('Titles may hold quotes & ampersands; so may <code>code</code>.')},
    {title: 'Riverton marathon draws 4,000 runners', slug: 'riverton-marathon', status: 'published',
        published_at: '2025-02-16T08:00:00.000Z', tags: ['news'], authors: ['olena-kravets'],
        feature_image: 'https://images.example.org/marathon.jpg', feature_image_alt: 'Runners on the bridge',
        html: p('Riverton — Four thousand runners crossed the finish line on Sunday.')},
    {title: 'Night trains return to the valley', slug: 'night-trains-return', status: 'published',
        published_at: '2025-02-21T19:00:00.000Z', tags: ['world'], authors: ['taras-bondar', 'olena-kravets'],
        html: p('The night train to the capital runs again from March.')},
    {title: 'Budget leaks', slug: 'budget-leaks', status: 'draft',
        tags: ['politics'], authors: ['iryna-koval'],
        html: p('A draft nobody outside the newsroom may read.')},
    {title: 'Anniversary issue', slug: 'anniversary-issue', status: 'scheduled',
        published_at: '2030-01-01T09:00:00.000Z', tags: ['news'], authors: ['olena-kravets'],
        html: p('Scheduled for a day far away.')}
];

export const pages = [
    {title: 'About us', slug: 'about-us', status: 'published', published_at: '2024-12-01T09:00:00.000Z',
        authors: ['mara-hill'], html: p('The Riverton Reference is a newspaper for tests.')},
    {title: 'Corrections policy', slug: 'corrections-policy', status: 'published', published_at: '2024-12-02T09:00:00.000Z',
        authors: ['mara-hill'], html: p('We correct mistakes in the open.')},
    {title: 'Unfinished page', slug: 'unfinished-page', status: 'draft', authors: ['mara-hill'],
        html: p('Not public yet.')}
];
