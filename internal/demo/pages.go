package demo

import (
	"fmt"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// staticPage is one of the Courier's standing pages: not news, so it is
// kept out of the streams and feeds and linked from the footer instead.
type staticPage struct {
	Slug   string
	Title  string
	Author string // a person key
	Body   string // Markdown
}

// footerMenu is the demo's secondary navigation: every standing page
// once, in the order a reader looking for them would scan.
var footerMenu = []domain.NavItem{
	{Label: "About the Courier", URL: "/about/"},
	{Label: "Corrections policy", URL: "/corrections-policy/"},
	{Label: "Ethics and standards", URL: "/ethics/"},
	{Label: "Contact the newsroom", URL: "/contact/"},
}

var staticPages = []staticPage{
	{
		Slug: "about", Title: "About the Riverton Courier", Author: "iryna",
		Body: `The Riverton Courier is an independent daily news site for Riverton and the towns of the Verna valley. We publish in English and in Ukrainian, and we cover what happens between the river and the hills: City Hall and the council, the economy of the port and the market hall, transport, the environment, sport and culture.

We started in a borrowed office above a bakery on Cathedral Street with four people and one laptop each. Today seven of us work in the newsroom, with a network of freelance photographers and stringers across the valley.

## Who owns us

Nobody but ourselves. The Courier is a non-profit company owned by its staff. No political party, developer, advertiser or local business holds a share in it or a seat on its board, and none ever will: our articles of association forbid it.

## How we are paid for

Readers pay for most of what we do, through monthly and yearly contributions. The rest comes from advertising that is always marked as such and from grants for specific projects, which we list in our annual report. A funder never sees a story before it is published and never chooses what we cover.

## What we promise

- To report what we can verify, and to say clearly what we cannot.
- To correct our mistakes openly, at the foot of the story they appeared in.
- To give people we write about a fair chance to answer before we publish.
- To keep the News Feed free to read for everyone.`,
	},
	{
		Slug: "corrections-policy", Title: "Corrections policy", Author: "iryna",
		Body: `We get things wrong sometimes. When we do, we say so, as quickly and as visibly as we published the mistake.

## How a correction appears

A factual error in a published story is fixed in the text, and a dated note at the foot of the story says what was wrong and what is right. We do not quietly change a story and pretend it always said what it says now. Spelling mistakes and broken links are fixed without a note; anything a reader might have relied on gets one.

A **clarification** is added when a story was accurate but could be read in a way we did not intend. An **update** says that something new has happened since we published.

## Headlines and photographs

A wrong headline or caption is corrected like any other error, with a note. If a photograph showed the wrong person or place, we replace it and say so.

## Asking for a correction

Write to the editor at the address on our contact page, name the story and tell us what you believe is wrong. Every request is read by an editor, not a machine, and we answer within two working days. If we decide not to correct a story, we tell you why.

## Removing stories

We do not remove published stories on request, except where the law requires it or where keeping them would put someone in danger. An old story about a criminal charge that was later dropped gets an update saying so.`,
	},
	{
		Slug: "ethics", Title: "Ethics and standards", Author: "iryna",
		Body: `These are the rules our reporters, photographers and editors work by. They are short on purpose: a rule nobody remembers protects nobody.

## Accuracy

Every fact in a story is checked by the reporter who wrote it, and every number by a second person. We name our sources wherever we can. When we grant anonymity, at least one editor knows who the source is, and the story says why the source could not be named.

## Fairness

People and organisations criticised in a story get a real chance to respond before it is published, with enough time to do so. If they decline, we say that they declined.

## Independence

Staff do not accept gifts worth more than a cup of coffee, paid trips or free tickets from anyone they might write about. Reporters do not cover organisations in which they or their families have an interest, and they tell an editor when they might.

## Photographs and video

We do not stage news pictures or alter them beyond ordinary adjustments of light and colour. Illustrations and composites are labelled as such.

## Children and victims

We do not name children involved in crimes or accidents, or victims of sexual violence, unless they or their guardians ask us to and an editor agrees that it is in their interest.`,
	},
	{
		Slug: "contact", Title: "Contact the newsroom", Author: "olena",
		Body: `The newsroom is on the second floor of the old customs house at 12 Lower Quay, Riverton. Visitors are welcome on weekdays from 10:00 to 17:00; please call ahead.

## News tips

If you have seen something we should know about, tell us. Write to the news desk, or ask for the duty editor by phone. We read every tip and protect the people who send them: we never reveal a source without their consent.

## Corrections

To report a mistake in a story, see our [corrections policy](/corrections-policy/) and write to the editor. Please name the story and say what you believe is wrong.

## Reporters and editors

Every author page on this site lists what that reporter covers. Our reporters read their email; most of them answer it, too.

## Advertising

Advertising is handled by our commercial team, which works separately from the newsroom and has no say in what we report.`,
	},
}

// pages turns the standing pages into published posts of type page,
// dated a while before the oldest story, as a paper writes them once.
func pages(at time.Time, authors map[string]domain.Author) ([]*domain.Post, error) {
	out := make([]*domain.Post, 0, len(staticPages))
	for i, sp := range staticPages {
		a, ok := authors[sp.Author]
		if !ok {
			return nil, fmt.Errorf("demo page %q: unknown author %q", sp.Slug, sp.Author)
		}
		when := at.Add(-time.Duration(i) * time.Hour)
		p := &domain.Post{
			Type:        domain.TypePage,
			Kind:        domain.KindArticle,
			Status:      domain.StatusPublished,
			Slug:        sp.Slug,
			Title:       sp.Title,
			BodyMD:      sp.Body,
			Language:    "en",
			Authors:     []domain.Author{a},
			PublishedAt: when,
			CreatedAt:   when,
			UpdatedAt:   when,
		}
		markdown.Apply(p)
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("demo page %q: %w", sp.Slug, err)
		}
		out = append(out, p)
	}
	return out, nil
}
