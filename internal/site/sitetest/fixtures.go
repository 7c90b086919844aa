// Package sitetest loads a small, realistic set of authors, tags and posts
// of every kind into a store, for the site's tests and for looking at the
// site while working on it.
package sitetest

import (
	"context"
	"fmt"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// Fixture holds what Load created, by short names.
type Fixture struct {
	Authors map[string]*domain.User
	Tags    map[string]*domain.Tag
	Posts   map[string]*domain.Post
	// Stream lists the public posts newest first, as the feed shows them.
	Stream []*domain.Post
}

// Images lists every picture the fixtures reference with its size, so a
// caller can generate files for them.
var Images = map[string][2]int{
	"/content/images/2026/11/kyiv-rescue.jpg":    {1600, 1067},
	"/content/images/2026/11/parliament.jpg":     {1600, 900},
	"/content/images/2026/11/harbour.jpg":        {1200, 800},
	"/content/images/2026/11/grain-port.jpg":     {1400, 933},
	"/content/images/2026/11/concert-hall.jpg":   {1200, 1500},
	"/content/images/2026/11/lab.jpg":            {1600, 1000},
	"/content/images/2026/11/video-poster.jpg":   {1280, 720},
	"/content/images/authors/olena-kravets.jpg":  {400, 400},
	"/content/images/authors/daniel-brooks.jpg":  {400, 400},
	"/content/images/authors/marta-hnatiuk.jpg":  {400, 400},
	"/content/images/2026/11/energy-station.jpg": {1600, 1067},
}

// Load creates the fixtures. Posts are published at fixed offsets before
// now: the newest a few minutes ago, one every 47 minutes after that.
func Load(ctx context.Context, s storage.Store, now time.Time) (*Fixture, error) {
	f := &Fixture{Authors: map[string]*domain.User{}, Tags: map[string]*domain.Tag{}, Posts: map[string]*domain.Post{}}
	users := []struct {
		key string
		u   domain.User
	}{
		{"olena", domain.User{Author: domain.Author{Name: "Olena Kravets", Title: "Reporter", Location: "Kyiv",
			Avatar: "/content/images/authors/olena-kravets.jpg", Website: "https://example.org/olena",
			Links: []domain.Link{{Label: "Mastodon", URL: "https://example.social/@olena"}},
			Bio: "Olena Kravets covers emergencies, energy and the war's home front from Kyiv.\n\n" +
				"Before joining the News Feed she spent six years at a regional newspaper in Chernihiv, reporting on local government and courts.\n\n" +
				"She can be reached securely through the newsroom's tip line."}}},
		{"daniel", domain.User{Author: domain.Author{Name: "Daniel Brooks", Title: "Video Producer",
			Avatar: "/content/images/authors/daniel-brooks.jpg",
			Bio:    "Daniel Brooks produces the News Feed's video reports.\n\nHe previously worked as a camera operator for international broadcasters."}}},
		{"marta", domain.User{Author: domain.Author{Name: "Marta Hnatiuk", Title: "Economics Editor",
			Avatar: "/content/images/authors/marta-hnatiuk.jpg",
			Bio:    "Marta Hnatiuk edits the economy desk.\n\nShe writes about trade, agriculture and public money."}}},
	}
	for _, x := range users {
		u := x.u
		if err := s.CreateUser(ctx, &u); err != nil {
			return nil, fmt.Errorf("create author %s: %w", x.key, err)
		}
		f.Authors[x.key] = &u
	}
	tags := []struct{ key, name, desc string }{
		{"ukraine", "Ukraine", "News from across Ukraine: the front, the cities, the people."},
		{"world", "World", "International news and diplomacy."},
		{"economy", "Economy", "Trade, energy, agriculture and public money."},
		{"culture", "Culture", "Music, books, film and the arts."},
		{"science", "Science", "Research, health and technology."},
		{"live", "#live", "Internal: live coverage."},
	}
	for _, x := range tags {
		t := &domain.Tag{Name: x.name, Description: x.desc}
		if err := s.CreateTag(ctx, t); err != nil {
			return nil, fmt.Errorf("create tag %s: %w", x.key, err)
		}
		f.Tags[x.key] = t
	}

	step := 47 * time.Minute
	at := func(i int) time.Time {
		return now.Add(-4*time.Minute - time.Duration(i)*step).Truncate(time.Millisecond)
	}
	add := func(key string, p *domain.Post, authors []string, tags ...string) error {
		for _, a := range authors {
			p.Authors = append(p.Authors, f.Authors[a].Author)
		}
		for _, t := range tags {
			p.Tags = append(p.Tags, *f.Tags[t])
		}
		if p.Language == "" {
			p.Language = "en"
		}
		markdown.Apply(p)
		if err := p.Validate(); err != nil {
			return fmt.Errorf("post %s: %w", key, err)
		}
		if err := s.CreatePost(ctx, p); err != nil {
			return fmt.Errorf("create post %s: %w", key, err)
		}
		f.Posts[key] = p
		return nil
	}
	pub := domain.StatusPublished
	img := func(url, alt, caption, credit string) domain.Image {
		wh := Images[url]
		return domain.Image{URL: url, Alt: alt, Caption: caption, Credit: credit, Width: wh[0], Height: wh[1]}
	}

	type spec struct {
		key     string
		post    domain.Post
		authors []string
		tags    []string
	}
	specs := []spec{
		{"rescue", domain.Post{Kind: domain.KindArticle, Status: pub, Title: "Rescuers search rubble after overnight strike on Kyiv apartment block",
			Standfirst: "At least nine people were injured when a drone hit a nine-storey building in the Solomianskyi district; emergency crews worked through the night.",
			Image: img("/content/images/2026/11/kyiv-rescue.jpg", "Rescuers in helmets climb a heap of concrete beside a damaged apartment block",
				"Kyiv: rescuers clear debris from a residential building hit by a drone, November 27, 2026.", "Olena Kravets / News Feed"),
			BodyMD: "KYIV — Rescue crews spent the night pulling concrete slabs from the entrance of a nine-storey apartment block in the capital's Solomianskyi district after a drone struck its upper floors shortly after 2 a.m.\n\n" +
				"\"We heard the engine, then the whole stairwell shook,\" said Iryna, 64, who lives on the third floor and asked that her surname not be used. \"My neighbours carried me down.\"\n\n" +
				"The State Emergency Service said nine people were taken to hospital, two of them in serious condition. Firefighters put out a blaze on the eighth floor within an hour.\n\n" +
				"> \"Every building on this street has lost windows tonight,\" the district's acting head told reporters at the scene.\n\n" +
				"City authorities opened a heating point in a nearby school and said engineers would inspect the structure in the morning before residents are allowed back.\n\n" +
				"## Power restored by morning\n\nThe strike also damaged a substation, cutting electricity to about 4,000 households. Power was restored to most of them by 7 a.m., the grid operator said.",
		}, []string{"olena"}, []string{"ukraine", "live"}},
		{"grain", domain.Post{Kind: domain.KindBrief, Status: pub, Title: "Grain exports through Odesa ports rise for third month",
			BodyMD: "Shipments of grain and oilseeds through the Odesa ports rose 8% in November from October, to 4.1 million tonnes, the infrastructure ministry said on Friday.\n\n" +
				"Corn made up more than half of the total.",
		}, []string{"marta"}, []string{"economy"}},
		{"video", domain.Post{Kind: domain.KindVideo, Status: pub, Title: "Watch: inside the metro station that became a night shelter",
			VideoURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
			Image:    img("/content/images/2026/11/video-poster.jpg", "People sleeping on mats on a metro platform", "", "Daniel Brooks / News Feed"),
			BodyMD:   "Our video team spent a night with the families who sleep on the platform of a central Kyiv metro station during air-raid alerts.",
		}, []string{"daniel"}, []string{"ukraine"}},
		{"parliament", domain.Post{Kind: domain.KindArticle, Status: pub, Title: "Parliament approves 2027 budget with record defence spending",
			Standfirst: "Lawmakers passed the budget in its second reading by 257 votes, sending it to the president for signature.",
			Image: img("/content/images/2026/11/parliament.jpg", "The session hall of the Verkhovna Rada seen from the gallery",
				"Kyiv: lawmakers vote on the 2027 state budget, November 26, 2026.", "Marta Hnatiuk / News Feed"),
			BodyMD: "KYIV — The Verkhovna Rada approved the 2027 state budget on Thursday, with defence and security taking more than half of all spending.\n\n" +
				"The finance minister said the gap would again be covered largely by international partners.",
		}, []string{"marta", "olena"}, []string{"economy", "ukraine"}},
		{"power", domain.Post{Kind: domain.KindBrief, Status: pub, Title: "Scheduled power cuts return in three regions",
			BodyMD: "Ukrenergo said hourly outage schedules would apply on Saturday in the Kharkiv, Sumy and Poltava regions after attacks on generating capacity.",
		}, []string{"olena"}, []string{"ukraine"}},
		{"harbour", domain.Post{Kind: domain.KindArticle, Status: pub, Title: "Storm closes Black Sea harbours as ships wait offshore",
			Standfirst: "Winds of up to 25 metres per second forced harbour masters to suspend loading.",
			Image: img("/content/images/2026/11/harbour.jpg", "Cargo ships at anchor under a grey sky",
				"Odesa: cargo ships wait outside the harbour, November 25, 2026.", "Marta Hnatiuk / News Feed"),
			BodyMD: "ODESA — Loading was suspended at all three Greater Odesa ports on Wednesday as a storm swept the northwest Black Sea.",
		}, []string{"marta"}, []string{"economy", "world"}},
		{"concert", domain.Post{Kind: domain.KindArticle, Status: pub, Title: "Kharkiv orchestra plays its first season in the concert hall since 2022",
			Standfirst: "The restored hall reopened with Lyatoshynsky's Third Symphony before a sold-out audience.",
			Image: img("/content/images/2026/11/concert-hall.jpg", "An orchestra on stage in a hall with newly restored balconies",
				"Kharkiv: the philharmonic orchestra rehearses in the restored hall, November 24, 2026.", "Olena Kravets / News Feed"),
			BodyMD: "KHARKIV — For the first time in four years, the city's philharmonic orchestra played a full season opening in its own hall.",
		}, []string{"olena"}, []string{"culture"}},
		{"lab", domain.Post{Kind: domain.KindArticle, Status: pub, Title: "Lviv researchers test cheaper sensor for detecting unexploded ordnance",
			Standfirst: "The prototype combines ground radar with a low-cost magnetometer.",
			Image:      img("/content/images/2026/11/lab.jpg", "Two researchers look at a sensor on a lab bench", "Lviv: engineers test the prototype.", "Marta Hnatiuk / News Feed"),
			BodyMD:     "LVIV — Engineers at a Lviv university say their sensor could cut the cost of surveying farmland for mines.",
		}, []string{"marta"}, []string{"science"}},
		{"metrofile", domain.Post{Kind: domain.KindVideo, Status: pub, Title: "Sixty seconds: the first tram back on Kharkiv's Saltivka line",
			VideoURL: "/content/media/2026/11/tram.mp4",
			Image:    img("/content/images/2026/11/video-poster.jpg", "A tram on a snowy street", "", ""),
			BodyMD:   "A one-minute ride on the first tram to run on the route since it was damaged.",
		}, []string{"daniel"}, []string{"ukraine"}},
		{"energy", domain.Post{Kind: domain.KindArticle, Status: pub, Title: "Energy ministry says winter reserves are larger than last year",
			Standfirst: "Gas storage stands at 13.2 billion cubic metres, the ministry said.",
			Image:      img("/content/images/2026/11/energy-station.jpg", "Power lines at a substation at dusk", "Kyiv region: a substation repaired after attacks.", "Olena Kravets / News Feed"),
			BodyMD:     "KYIV — Ukraine enters winter with more gas in storage than a year ago, the energy ministry said.",
		}, []string{"olena"}, []string{"economy"}},
	}
	// Fill the rest of the stream with briefs so it needs several pages.
	for i := 0; len(specs) < 34; i++ {
		specs = append(specs, spec{fmt.Sprintf("brief-%02d", i), domain.Post{Kind: domain.KindBrief, Status: pub,
			Title:  fmt.Sprintf("Regional council briefing, item %d", i+1),
			BodyMD: fmt.Sprintf("The council reported on repairs to %d schools and %d kilometres of road this week.", 3+i%7, 10+i),
		}, []string{"olena"}, []string{[]string{"ukraine", "world", "economy"}[i%3]}})
	}
	for i, sp := range specs {
		p := sp.post
		p.PublishedAt = at(i)
		if err := add(sp.key, &p, sp.authors, sp.tags...); err != nil {
			return nil, err
		}
		f.Stream = append(f.Stream, &p)
	}
	// Breaking for the next hour: the top story.
	top := f.Posts["rescue"]
	top.BreakingUntil = now.Add(time.Hour)
	if err := s.UpdatePost(ctx, top, time.Time{}); err != nil {
		return nil, fmt.Errorf("pin breaking: %w", err)
	}
	if err := s.AddCorrection(ctx, &domain.Correction{PostID: top.ID, Kind: "correction",
		Body:      "An earlier version of this article gave the wrong district. The building is in Solomianskyi district.",
		CreatedAt: now.Add(-2 * time.Minute)}); err != nil {
		return nil, fmt.Errorf("add correction: %w", err)
	}

	// Posts readers must not see.
	hidden := []spec{
		{"draft", domain.Post{Kind: domain.KindArticle, Status: domain.StatusDraft, Title: "Unfinished draft about the budget", BodyMD: "Draft."}, []string{"marta"}, []string{"economy"}},
		{"scheduled", domain.Post{Kind: domain.KindArticle, Status: domain.StatusScheduled, Title: "Embargoed report on exports", BodyMD: "Embargoed.",
			PublishedAt: now.Add(6 * time.Hour)}, []string{"marta"}, []string{"economy"}},
	}
	for _, sp := range hidden {
		p := sp.post
		if err := add(sp.key, &p, sp.authors, sp.tags...); err != nil {
			return nil, err
		}
	}
	return f, nil
}
