package demo

import (
	"context"
	"fmt"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// The demo's live blogs: the Verna in flood, still running (entries over
// the last two days, key points, a pinned entry, pictures, a correction),
// and the by-election count, which ended weeks ago.

// liveEntry is one demo entry: minutes after the blog's start, by whom,
// and what.
type liveEntry struct {
	After      time.Duration
	By         string
	Title      string
	Key        bool
	Body       string
	Correction string
}

type liveBlogSpec struct {
	story
	Started   time.Duration // before now
	Ended     time.Duration // before now; zero while live
	KeyPoints []string
	Pin       int // index into Entries of the pinned entry; -1 for none
	Entries   []liveEntry
	// Breaking pins the blog as breaking news for this long from now, so
	// a blog started days ago is on every page while it runs.
	Breaking time.Duration
}

func figure(image, alt, caption, credit string) string {
	return "![" + alt + "](" + URLPrefix + image + ".jpg)\n*" + caption + " (" + credit + ")*"
}

var floodBlog = liveBlogSpec{
	story: story{
		Kind: domain.KindLive, Authors: "olena,marko,daniel", Tags: "Weather,Environment",
		Title:      "Verna floods: the river tops the Lower Quay wall, live",
		Standfirst: "The Verna is at its highest in twenty years. Evacuations on the east bank, the Iron Bridge closed, and what to do if water reaches your street.",
		Image:      "flood-watch", Alt: "High water under a heavy grey sky",
		Caption: "Lower Quay: the Verna over the footpath", Credit: creditMarko,
	},
	Started:  46 * time.Hour,
	Breaking: 12 * time.Hour,
	KeyPoints: []string{
		"The Verna peaked at 4.62 m at the Iron Bridge gauge on Thursday night, the highest reading since 2006.",
		"About 1,900 people left homes in Lower Quay and Southfield; three shelters are open.",
		"The Iron Bridge is closed to traffic; trams 1 and 3 run to Station Square only.",
		"No one has been hurt. The water agency expects the level to fall slowly from Saturday.",
	},
	Pin: 27,
	Entries: []liveEntry{
		{0, "olena", "The water agency raises its warning to red", true,
			"The Verna water agency has raised its flood warning for Riverton from amber to red after a night of heavy rain upstream. The gauge at the Iron Bridge read 3.41 m at 6 a.m., 90 cm above normal for November.", ""},
		{14, "olena", "", false,
			"The agency's duty officer, Halyna Moroz, told us the crest is expected \"late tomorrow, perhaps overnight\". She asked residents of Lower Quay to move cars off the riverside streets this morning.", ""},
		{38, "marko", "", false,
			figure("quay-dusk", "Water lapping at the steps of Lower Quay", "Lower Quay: the river reaches the top step before eight in the morning", creditMarko) +
				"\n\nThe lowest steps at Lower Quay are already under water. Traders at the fish market are carrying stock up to the first floor.", ""},
		{61, "daniel", "", false,
			"For context: the Verna has passed 4 m at the Iron Bridge five times since records began in 1952. The highest reading was 4.88 m in April 1979.", ""},
		{95, "olena", "Mobile barriers go up along Lower Quay", true,
			"Crews from the water agency have started raising the mobile flood barriers between the fish market and the rowing club, the same drill we filmed in October. The work takes about three hours.", ""},
		{130, "olena", "", false,
			"City Hall has opened a flood line for residents: **0800 310 310**, staffed around the clock. Callers can ask for sandbags, report water in cellars or ask for help moving.", ""},
		{171, "daniel", "", false,
			"The gauge reads 3.78 m. That is a rise of 37 cm in under three hours.", ""},
		{220, "marko", "", false,
			figure("overcast-port", "Cranes at the river port under low cloud", "Port district: cargo moved away from the water", creditMarko) +
				"\n\nAt the port, forklift drivers are moving containers to the upper yard. The harbour master says no ships will sail until the level falls.", ""},
		{265, "olena", "Sandbags handed out at Southfield School No. 4", false,
			"Volunteers are filling sandbags in the yard of Southfield School No. 4 on Meadow Street. Residents can collect up to twenty per household; bring your own car.",
			"An earlier version of this entry named the school as Southfield School No. 2. Sandbags are handed out at School No. 4 on Meadow Street."},
		{330, "olena", "", false,
			"Trams 1 and 3 will stop at Station Square from 2 p.m., the transport office says. Buses replace them across the river, using the Northgate bridge.", ""},
		{402, "daniel", "", false,
			"4.02 m at the Iron Bridge. The water agency's model now puts the crest between 4.4 and 4.7 m.", ""},
		{455, "olena", "Evacuation ordered for the riverside streets of Lower Quay", true,
			"The mayor, Viktor Hnatiuk, has ordered the evacuation of eleven streets in Lower Quay, about 700 homes, from 6 p.m. Police and volunteers are going door to door. Shelters are open at the Sports Palace and the University gym.", ""},
		{470, "olena", "", false,
			"The list of streets under the evacuation order: Quay Street, Ferry Lane, Netmakers' Row, Fish Market Square, Willow Street, Low Street, Boat Lane, Mill Race, Tanners' Yard, Salt Street and the riverside half of Cathedral Street.", ""},
		{520, "marko", "", false,
			figure("night-bridge", "Lights of the city reflected in the swollen river at night", "Riverton: the evening view from Mill Hill, with the river wider than usual", creditMarko), ""},
		{590, "olena", "", false,
			"At the Sports Palace, about 160 people have registered so far. Red Cross volunteers are serving soup; a vet is on hand for pets, which are welcome.", ""},
		{680, "daniel", "", false,
			"The rise is slowing: 4.21 m at 10 p.m., up 19 cm in two hours, against 30 cm in the two hours before.", ""},
		{800, "olena", "", false,
			"We are pausing live coverage for a few hours. The flood line (0800 310 310) is open all night. We will be back before dawn.", ""},
		{1150, "olena", "Good morning: the water is still rising", false,
			"The Iron Bridge gauge read 4.39 m at 5 a.m. The barriers on Lower Quay held overnight; the water agency says some cellars behind them have filled from below.", ""},
		{1190, "marko", "", false,
			figure("spring-willow", "Willow Island almost submerged in the morning mist", "Willow Island: only the tops of the willows above the water", creditMarko) +
				"\n\nWillow Island, where the city holds its summer festival, is almost gone under water.", ""},
		{1240, "olena", "The Iron Bridge is closed", true,
			"Police closed the Iron Bridge to all traffic at 7.15 a.m. after engineers found debris packed against the second pier. Pedestrians can cross by the Northgate bridge, 2 km upstream.", ""},
		{1275, "daniel", "", false,
			"How long is the detour? On foot, Station Square to Southfield via Northgate takes about 50 minutes instead of 15. Cyclists can use the riverside path as far as the rowing club; it is closed beyond.", ""},
		{1330, "olena", "", false,
			"Schools on the east bank are closed today. The university has moved lectures online until Monday.", ""},
		{1395, "olena", "Southfield: evacuation extended", true,
			"The evacuation order now covers nine more streets in Southfield, bringing the total to about 1,900 residents. A third shelter has opened at the Congress Hall on Station Square.", ""},
		{1440, "marko", "", false,
			figure("east-bank-noon", "Blocks of flats on the east bank with water in the courtyards", "Southfield: water in the courtyards between the blocks", creditMarko), ""},
		{1500, "daniel", "", false,
			"4.55 m. The agency has published a map of the areas it expects to flood if the level reaches 4.8 m; we will link it here when the page, which is struggling under demand, loads again.", ""},
		{1510, "daniel", "", false,
			"The map is back up on the water agency's site. Streets shaded dark blue are expected under water at 4.8 m; none of them is outside the current evacuation zone.", ""},
		{1580, "olena", "", false,
			"Residents ask whether tap water is safe. The water company says yes: the treatment works at Mill Hill are above any forecast level, and the supply is tested every two hours.", ""},
		{1620, "iryna", "What to do if water reaches your street", false,
			"- Switch off electricity and gas at the mains if you can do so safely.\n- Move documents, medicines and chargers upstairs.\n- Do not walk or drive through moving water: 15 cm can knock you over.\n- Call **0800 310 310** for help, **112** if life is in danger.\n- Check on neighbours who live alone.", ""},
		{1700, "olena", "", false,
			"The mayor says there is no plan to extend the evacuation further tonight, \"unless the river surprises us\".", ""},
		{1790, "daniel", "The Verna peaks at 4.62 m", true,
			"The gauge at the Iron Bridge read 4.62 m at 9.40 p.m. and has not risen since. It is the highest level since April 2006, when the river reached 4.71 m.", ""},
		{1850, "olena", "", false,
			"Still 4.62 m at 10.40 p.m. The water agency says it will not call the crest until the level has fallen for three hours in a row.", ""},
		{1980, "olena", "", false,
			"We are pausing again overnight. Thank you to the readers who sent photographs and questions today: we read every one.", ""},
		{2270, "olena", "The river is falling", true,
			"4.48 m at 6 a.m.: the Verna has fallen 14 cm overnight, and the water agency has called the crest. The red warning stays in place.", ""},
		{2310, "marko", "", false,
			figure("verna-golden-hour", "The Verna at sunrise, still wide over its banks", "Riverton: sunrise over the Verna from the Iron Bridge approach", creditMarko), ""},
		{2360, "olena", "", false,
			"Engineers are back on the Iron Bridge to clear the debris from the second pier. It stays closed at least until they have inspected the piers, the city says.", ""},
		{2410, "daniel", "", false,
			"How fast will it fall? In 2006 the river took five days to go back below 3 m. The agency expects about the same this time, if no more rain comes.", ""},
		{2470, "olena", "", false,
			"The first residents of Lower Quay are asking when they can go home. Not yet, says City Hall: the order stays until the level is below 4 m and the barriers can be checked.", ""},
		{2520, "iryna", "", false,
			"A note from the editors: we have corrected an earlier entry that gave the wrong school for sandbag collection. Our corrections policy is linked at the foot of every page.", ""},
		{2570, "olena", "", false,
			"Southfield shelters now hold about 430 people overnight, down from 610. Many evacuees are staying with relatives.", ""},
		{2610, "marko", "", false,
			figure("river-gold", "Rescue boats on the river in afternoon light", "Verna river: a water agency boat checks the barriers", creditMarko) +
				"\n\nA water agency boat checks the Lower Quay barriers from the river side.", ""},
		{2650, "daniel", "", false,
			"4.31 m. The level has now fallen 31 cm from the peak.", ""},
		{2700, "olena", "", false,
			"Trams 1 and 3 are still turning at Station Square. The transport office says full service depends on the Iron Bridge reopening.", ""},
		{2720, "olena", "", false,
			"Insurance: the regional ombudsman reminds residents to photograph any damage before cleaning up, and to keep receipts for pumps and dryers.", ""},
		{2745, "daniel", "", false,
			"Latest reading: 4.24 m, falling about 3 cm an hour.", ""},
	},
}

var electionBlog = liveBlogSpec{
	story: story{
		Kind: domain.KindLive, Authors: "iryna,olena", Tags: "Politics",
		Title:      "Northgate by-election: the count as it happened",
		Standfirst: "Maria Tkachenko of the Greens won the council seat by 312 votes on a turnout of 41 per cent.",
		Image:      "northgate-dusk", Alt: "Northgate's towers against a pink sky",
		Caption: "Northgate: the district went to the polls on Sunday", Credit: creditMarko,
	},
	Started:   20*24*time.Hour + 4*time.Hour,
	Ended:     20*24*time.Hour - 3*time.Hour,
	KeyPoints: []string{"Maria Tkachenko (Greens) won with 2,874 votes.", "Turnout was 41 per cent, up from 33 per cent in 2022.", "The result keeps the council's majority unchanged."},
	Pin:       -1,
	Entries: []liveEntry{
		{0, "iryna", "Polls have closed in Northgate", true,
			"Polling stations closed at 8 p.m. Counting starts at the Northgate community centre within the hour.", ""},
		{35, "olena", "", false, "Ballot boxes are arriving from the eleven polling stations. Candidates' agents are lined up along the counting tables.", ""},
		{80, "iryna", "", false, "Turnout is 41 per cent, the returning officer says: higher than in the full council election two years ago.", ""},
		{150, "olena", "", false, "Early tallies from the agents suggest a close race between the Greens and the Riverton Forward candidate.", ""},
		{230, "iryna", "", false, "A recount has been requested for two boxes from Polling Station 7. The returning officer has agreed.", ""},
		{330, "olena", "Maria Tkachenko wins", true,
			"Maria Tkachenko of the Greens has won the Northgate seat with 2,874 votes to 2,562 for Ostap Melnyk of Riverton Forward, a majority of 312.", ""},
		{345, "olena", "", false, "\"Northgate wanted its tram depot built and its river path kept. I will fight for both,\" Tkachenko said in her speech.", ""},
		{400, "iryna", "", false, "That is the end of our live coverage. Our analysis of the result will be on the site in the morning.", ""},
	},
}

// loadLiveBlogs stores the demo's live blogs' entries and state; the posts
// themselves are created with the stories.
func loadLiveBlogs(ctx context.Context, store storage.Store, now time.Time, specs []liveBlogSpec, posts []*domain.Post,
	authors map[string]domain.Author) error {
	for i, spec := range specs {
		p := posts[i]
		start := now.Add(-spec.Started)
		var pinned string
		for j, le := range spec.Entries {
			a, ok := authors[le.By]
			if !ok {
				return fmt.Errorf("live entry by unknown author %q", le.By)
			}
			at := start.Add(le.After * time.Minute)
			if at.After(now) {
				at = now.Add(-time.Minute)
			}
			r := markdown.Render(le.Body)
			e := &domain.LiveEntry{PostID: p.ID, Status: domain.EntryPublished, Title: le.Title, BodyMD: le.Body,
				BodyHTML: r.HTML, Plaintext: r.Plaintext, KeyEvent: le.Key, Author: a, PublishedAt: at, CreatedAt: at, UpdatedAt: at}
			if le.Correction != "" {
				e.Correction, e.CorrectedAt = le.Correction, at.Add(3*time.Hour)
				if e.CorrectedAt.After(now) {
					e.CorrectedAt = now
				}
				e.UpdatedAt = e.CorrectedAt
			}
			if err := store.AddEntry(ctx, e); err != nil {
				return fmt.Errorf("demo live entry %d of %q: %w", j, p.Slug, err)
			}
			if j == spec.Pin {
				pinned = e.ID
			}
		}
		b := &domain.LiveBlog{PostID: p.ID, KeyPoints: spec.KeyPoints, PinnedEntryID: pinned, StartedAt: start}
		if spec.Ended > 0 {
			b.EndedAt = now.Add(-spec.Ended)
		}
		if err := store.SaveLiveBlog(ctx, b, time.Time{}); err != nil {
			return fmt.Errorf("demo live blog %q: %w", p.Slug, err)
		}
	}
	return nil
}

// liveBlogPosts makes the posts of the live blogs, published when their
// coverage started.
func liveBlogPosts(now time.Time, loc *time.Location, specs []liveBlogSpec, authors map[string]domain.Author,
	tags map[string]domain.Tag) ([]*domain.Post, error) {
	var out []*domain.Post
	for _, spec := range specs {
		p, err := spec.story.post(now.Add(-spec.Started).In(loc), authors, tags)
		if err != nil {
			return nil, fmt.Errorf("demo live blog %q: %w", spec.Title, err)
		}
		if spec.Breaking > 0 {
			p.BreakingUntil = now.Add(spec.Breaking)
		}
		out = append(out, p)
	}
	return out, nil
}
