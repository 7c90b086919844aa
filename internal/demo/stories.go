package demo

import "newsdesk/internal/domain"

// story is one demo post as written; Load turns it into a domain.Post.
// Stories are listed newest first; Load spaces their publication times
// over the last five weeks.
type story struct {
	Kind       domain.Kind
	Lang       string // empty means English
	Authors    string // author keys, comma-separated
	Tags       string // tag names, comma-separated, section first
	Title      string
	Standfirst string
	Image      string // name of a lead image; empty for none
	Alt        string
	Caption    string // "Place: what happens"; Load appends the date
	Credit     string
	Video      string // YouTube video id for video items
	Featured   bool
	Correction string // a correction note added after publication
	Body       string // Markdown
}

const (
	creditMarko   = "Marko Bondar / Riverton Courier"
	creditNatalia = "Natalia Moroz / Riverton Courier"
	creditVPA     = "Lukas Weber / Verna Press Agency"
)

var stories = []story{
	{
		Kind: domain.KindArticle, Authors: "olena", Tags: "Transport,Tram Line 4,Politics",
		Title:      "Council approves money for Tram Line 4 after a night-long session",
		Standfirst: "The vote ends three years of delays, but the east bank will wait until at least 2028 for its first tram.",
		Image:      "northgate-dusk", Alt: "Towers of Northgate against a pink evening sky",
		Caption: "Northgate: the site of the planned tram depot at dusk", Credit: creditMarko, Featured: true,
		Body: `RIVERTON — After eleven hours of debate that ended shortly before dawn, the city council voted 24 to 13 to release 1.9 billion hryvnias for Tram Line 4, the long-promised link between the old town and the east bank.

The money covers the first stage of the line: 6.2 kilometres of track from Station Square across the Iron Bridge to Southfield, eleven stops and a new depot in Northgate.

“People on the east bank have been promised this tram since before some of them were born,” said Dana Ilchenko, the mayor, as the result was read out. “Tonight we stopped promising and started paying.”

## What changed

The plan that failed twice before relied on a single contractor and a loan the city could not guarantee. The new version splits the work into three contracts and draws a third of the money from the regional development fund.

Opponents were not convinced. “We are voting for a price, not for a tram,” said Viktor Rudenko, who leads the opposition group on the council. “Every large project in this city has cost more than we were told.”

## What happens next

- Tenders for the track and the bridge works open in January.
- Utility pipes under Cathedral Street will be moved first, from March.
- The first trams are expected to run in the autumn of 2028.

Residents of Southfield who gathered outside City Hall before the vote greeted the news with cautious applause. “I will believe it when I can ride it,” said Halyna Petrenko, 71, who has taken two buses to the hospital every week for a decade.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Weather,Floods",
		Title: "River level at Lower Quay rises 40 centimetres overnight",
		Body: `The Verna rose 40 centimetres at the Lower Quay gauge overnight after heavy rain upstream, the regional water agency said on Thursday morning. The level remains more than a metre below the point at which the temporary barriers go up.

The agency expects the river to peak on Friday evening. Residents of riverside streets are asked to keep basements clear and follow updates on the city's flood page.`,
	},
	{
		Kind: domain.KindVideo, Authors: "natalia", Tags: "Transport,Tram Line 4",
		Title: "Watch: what the council actually voted for on Tram Line 4", Video: "rT4cXq2LmVw",
		Body: `In four minutes, Natalia Moroz walks the planned route from Station Square to Southfield and explains what the money buys, what it does not, and why the east bank still has to wait.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "City",
		Title: "Market hall opens on Sundays from December",
		Body:  `The market hall on Brewery Lane will open on Sundays from 8 am to 2 pm from the first week of December, the market's management announced. Traders voted for the change last month after a trial over the summer brought in more than 3,000 extra visitors each weekend.`,
	},
	{
		Kind: domain.KindArticle, Authors: "daniel", Tags: "Economy,City",
		Title:      "Heating bills: what the new tariff means for a typical flat",
		Standfirst: "We ran the numbers for five kinds of homes. A two-room flat in an older block will pay about 14 per cent more this winter.",
		Image:      "winter-grey", Alt: "Pale winter sky over the roofs of the old town",
		Caption: "Old town: chimneys and roofs on a cold morning", Credit: creditMarko,
		Correction: "An earlier version of this article gave the monthly increase for a one-room flat as 310 hryvnias. The correct figure is 210 hryvnias.",
		Body: `RIVERTON — The city heating company's new tariff, approved by the regional regulator on Monday, raises the price of a gigacalorie by 11 per cent. What that means for a household depends on how old its building is and whether it has a meter.

The Courier asked the heating company for consumption figures by building type and combined them with the new price. The results are averages: your bill will differ.

## Five homes, five bills

- A one-room flat in a metered block built after 2005: about 210 hryvnias more a month.
- A two-room flat in a 1970s block without a building meter: about 480 hryvnias more.
- A three-room flat in a renovated older block with insulation: about 260 hryvnias more.
- A house on the private network in Mill Hill: not affected; the tariff covers district heating only.
- A student room at the university dormitories: no change this year; the university has a fixed contract.

“The insulated blocks are the story here,” said Kateryna Oliinyk, an economist at Riverton University who reviewed our figures. “The same tariff hits an unrenovated building almost twice as hard.”

The heating company says 60 per cent of the city's blocks now have building meters. Its director, Roman Zakharchuk, said the rest would be fitted “within two heating seasons”.

Households whose bills exceed a fifth of their income can apply for a subsidy at the social services office on Station Square or online.`,
	},
	{
		Kind: domain.KindBrief, Authors: "sofia", Tags: "Sport",
		Title: "Rovers sign goalkeeper from relegated Ostriv",
		Body:  `Riverton Rovers have signed goalkeeper Denys Melnyk, 24, on an eighteen-month contract from Ostriv, who were relegated in May. Melnyk kept eleven clean sheets last season and replaces the injured Petro Savchuk, who is expected to be out until March.`,
	},
	{
		Kind: domain.KindArticle, Lang: "uk", Authors: "iryna", Tags: "City,Politics",
		Title:      "Міська рада затвердила бюджет на наступний рік",
		Standfirst: "Найбільші статті витрат — ремонт мостів, школи та лікарня. Опозиція голосувала проти.",
		Image:      "verna-golden-hour", Alt: "Річка Верна на заході сонця, за нею старе місто",
		Caption: "Рівертон: Верна на заході сонця, вид із Залізного мосту", Credit: creditMarko,
		Body: `РІВЕРТОН — Міська рада ухвалила бюджет на наступний рік: 6,8 мільярда гривень видатків, з яких майже третина піде на ремонт мостів, шкіл і регіональної лікарні.

За документ проголосували 25 депутатів, проти — 12. Дебати тривали понад п'ять годин.

«Це бюджет, у якому немає нічого зайвого, але є все необхідне», — сказала мерка Дана Ільченко після голосування.

Опозиція критикує скорочення витрат на громадський транспорт. «Ми знову відкладаємо нові автобуси на рік, а старі ламаються щотижня», — заявив депутат Віктор Руденко.

Найбільші статті бюджету:

- ремонт Залізного мосту — 410 мільйонів гривень;
- утеплення дев'яти шкіл — 260 мільйонів;
- нове хірургічне крило лікарні — 380 мільйонів.

Бюджет набуде чинності з 1 січня. Повний текст документа опубліковано на сайті міської ради.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "Transport",
		Title: "Iron Bridge closed to cars on Sunday morning",
		Body:  `The Iron Bridge will be closed to cars from 6 am to noon on Sunday for a load test before the winter. Trams and pedestrians can cross as usual. Buses on routes 7 and 12 will divert over the Northgate bridge.`,
	},
	{
		Kind: domain.KindArticle, Authors: "taras", Tags: "Environment,Floods",
		Title:      "Engineers say Lower Quay barriers would hold a once-a-century flood — just",
		Standfirst: "A new report finds the defences built after 2010 are sound, but leaves the old town's cellars exposed.",
		Image:      "flood-watch", Alt: "High water under a heavy grey sky",
		Caption: "Lower Quay: the river close to the top of the embankment", Credit: creditVPA,
		Body: `RIVERTON — The flood barriers along Lower Quay would hold back a flood of the size expected once a century, but with only 12 centimetres to spare, according to an engineering review published by the regional water agency on Wednesday.

The review, commissioned after last spring's high water, tested the embankment walls, the mobile barriers stored in the port and the pumping stations that keep the old town's streets dry.

“The walls are in better shape than we feared,” said Larysa Klymenko, the engineer who led the review. “The weak point is not the wall. It is the water that comes up from below.”

The report found that in a severe flood, groundwater would rise into the cellars of about 300 buildings in the old town, even with the barriers in place. Many of those cellars hold heating equipment and electrical switchboards.

## A question of money

The agency recommends raising two sections of the wall by 30 centimetres and installing non-return valves on the old town's drains, at a cost of about 140 million hryvnias. Neither is in next year's budget.

Serhii Polishchuk, who runs a café on Cathedral Street, has moved his freezers upstairs twice in five years. “Everyone here knows the river comes in through the floor,” he said. “It is good that the engineers know it too.”

The water agency will present the report at a public meeting in the community centre on Mill Hill next Tuesday at 6 pm.`,
	},
	{
		Kind: domain.KindBrief, Authors: "daniel", Tags: "Economy",
		Title: "Unemployment in the Verna valley falls to a five-year low",
		Body: `Registered unemployment in the Verna valley fell to 6.1 per cent in October, the lowest figure in five years, according to the regional employment service. The port and the new logistics park in Southfield account for most of the new jobs.

The figures count only people registered with the service and do not include those working abroad.`,
	},
	{
		Kind: domain.KindArticle, Authors: "iryna,olena", Tags: "Politics,Local elections",
		Title:      "Three candidates, one question: who pays for the river?",
		Standfirst: "The race for City Hall is turning into an argument about flood defences, and about who should foot the bill.",
		Image:      "river-gold", Alt: "Rowing boats on a golden river at sunset",
		Caption: "Verna river: rowers pass the old town embankment", Credit: creditMarko,
		Body: `RIVERTON — Five months before the spring vote, the three people who want to be Riverton's next mayor agree on one thing: the river is the city's biggest problem. They disagree on almost everything else.

Dana Ilchenko, the mayor, is running for a second term on her record of finishing the Lower Quay barriers. She wants the regional government to pay for the next stage. “The Verna does not stop at the city limits, and neither should the bill,” she told a meeting of the chamber of commerce last week.

Viktor Rudenko, the opposition leader on the council, says the city cannot wait for the region. He proposes a flood levy on large commercial properties along the river. “The port makes money from the river,” he said. “It can help keep it out of our cellars.”

The third candidate, Maria Tkachenko, a paediatrician who runs the Southfield residents' association, is the newcomer. She argues that the city spends too much on walls and too little on letting the river spread out upstream, where farmland could flood safely.

“We keep building higher and the water keeps finding a way,” she said. “Give it somewhere to go.”

## The numbers behind the argument

The city has spent about 900 million hryvnias on flood defences since 2010, according to council records analysed by the Courier. The engineering review published this month recommends another 140 million.

Polls are scarce in a city of Riverton's size. A survey by the university's sociology department in October found 41 per cent of residents undecided.

The Courier will publish interviews with all three candidates in the coming weeks. Send us the questions you want asked.`,
	},
	{
		Kind: domain.KindBrief, Authors: "sofia", Tags: "Sport",
		Title: "Rowing club opens its boathouse to schools",
		Body:  `The Verna Rowing Club will offer free taster sessions to pupils from six city schools on Saturday mornings through the winter, using indoor rowing machines at its Willow Island boathouse. The club hopes to start a junior squad on the water in April.`,
	},
	{
		Kind: domain.KindArticle, Authors: "olena", Tags: "City,Economy",
		Title:      "The old brewery site will become homes, a park and a school",
		Standfirst: "After two failed plans, the council has picked a developer for the eight-hectare site by the river.",
		Image:      "quay-dusk", Alt: "Warehouses on Lower Quay at dusk with lights coming on",
		Caption: "Brewery Lane: the empty brewery buildings beside the river", Credit: creditMarko,
		Body: `RIVERTON — The derelict brewery on Brewery Lane, closed since 2009 and fenced off ever since, will be turned into 640 homes, a riverside park and a primary school under a plan approved by the planning committee on Monday.

The developer, a consortium led by the Riverton firm Verna Build, will keep the brewery's brick malt house and turn it into a library and community hall.

“This site has been a hole in the middle of the city for fifteen years,” said Andrii Shevchuk, who chairs the planning committee. “Now it will be a neighbourhood.”

A fifth of the homes will be rented at below-market rates through the city's housing company. Campaigners had asked for a third.

Residents of the streets behind the site welcomed the park but worried about traffic. “Six hundred new households and one narrow lane,” said Nina Fischer, who has lived on Brewery Lane for thirty years. “Someone needs to think about the cars.”

Building is due to start next autumn and take about five years.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Environment",
		Title: "Air quality sensors go live at ten schools",
		Body: `Air quality sensors installed on the roofs of ten city schools began publishing readings on Monday. The data is updated every fifteen minutes on the city's open data portal.

The first week's readings show the highest levels of fine dust near the Station Square bus terminal during the morning rush.`,
	},
	{
		Kind: domain.KindArticle, Authors: "daniel", Tags: "Transport,Economy",
		Title:      "Bus ridership is back above pre-pandemic levels. The buses are not.",
		Standfirst: "Riverton's buses carried more passengers in October than in any month since 2019, on a fleet that is smaller and older.",
		Image:      "east-bank-noon", Alt: "Blocks of flats on the east bank under a clear blue sky",
		Caption: "East bank: housing blocks along the route 12 bus corridor", Credit: creditMarko,
		Body: `RIVERTON — City buses carried 4.3 million passengers in October, according to ticket data released by the transport office, the highest monthly figure since the autumn of 2019.

The fleet that carried them has shrunk. The city had 168 buses in service in 2019; it has 141 today, and their average age has risen from nine years to thirteen.

“We are running more passengers on fewer vehicles, and you can feel it at 8 in the morning,” said Bohdan Marchenko, who has driven route 12 for eighteen years.

## The crowded routes

The data shows the pressure falls on three routes: the 7, which links Northgate with the hospital; the 12, which runs along the east bank; and the 21 to the university. Together they carry almost half of all passengers.

The transport office says eighteen new buses are on order and should arrive in the spring. Its head, Petro Vasylenko, said the office had also asked the council for money to lease twenty more.

Passengers have noticed. “I let two buses go past most mornings because I cannot get on,” said Yulia Sydorenko, a nurse who commutes from Southfield. “Then I am late, and the patients wait.”`,
	},
	{
		Kind: domain.KindBrief, Lang: "uk", Authors: "iryna", Tags: "Culture",
		Title: "Міська бібліотека подовжує години роботи",
		Body:  `З понеділка центральна міська бібліотека на Соборній вулиці працюватиме до 21:00 у будні дні. Читальна зала на другому поверсі буде відкрита й у неділю з 10:00 до 16:00. Бібліотека пояснює зміни зростанням кількості студентів, які готуються до сесії.`,
	},
	{
		Kind: domain.KindVideo, Authors: "natalia,marko", Tags: "Environment,Floods",
		Title: "Video: a morning with the crews who build the flood barriers", Video: "Vn8pQk3wXyE",
		Body: `Before sunrise, crews from the water agency practise raising the mobile barriers along Lower Quay. We followed them for a drill that takes three hours and, they hope, will never be needed for real this year.`,
	},
	{
		Kind: domain.KindArticle, Authors: "sofia", Tags: "Sport",
		Title:      "Rovers beat Northgate 2-1 in a derby settled in stoppage time",
		Standfirst: "A header from 19-year-old Taras Lysenko in the 93rd minute sent the home crowd into the rain happy.",
		Image:      "stadium-lights", Alt: "Floodlights and buildings glowing at night",
		Caption: "Southfield: the stadium district before the derby", Credit: creditVPA,
		Body: `RIVERTON — Riverton Rovers beat Northgate Athletic 2-1 at the Southfield stadium on Saturday night, with a stoppage-time header from a teenager who had been on the pitch for six minutes.

Taras Lysenko, 19, rose above two defenders to meet a corner from captain Oleh Novak in the 93rd minute. It was his first goal for the club.

“I did not see it go in, I just heard the noise,” Lysenko said afterwards, still in his muddy kit. “My mother was in the stand. She will not stop talking about it.”

Northgate had led at half-time through a deflected shot from Lukas Horvath. Rovers equalised on the hour when Novak converted a penalty after a handball.

The crowd of 4,200 was the biggest at Southfield this season, despite steady rain from kick-off.

The win lifts Rovers to fourth in the regional league, two points behind the promotion places. They travel to Ostriv next Saturday.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "City",
		Title: "Water off on Mill Hill on Tuesday",
		Body:  `Homes on the upper streets of Mill Hill will have no water from 9 am to 5 pm on Tuesday while the water utility replaces a valve on the main pipe. A water tanker will stand outside the Mill Hill community centre.`,
	},
	{
		Kind: domain.KindArticle, Authors: "iryna", Tags: "Culture",
		Title:      "A theatre in a tram depot: how the Verna Players found a home",
		Standfirst: "For twenty years the city's oldest amateur company rehearsed in borrowed rooms. Now it has a hall of its own, with rails in the floor.",
		Image:      "festival-sunset", Alt: "The riverside at sunset with people gathering",
		Caption: "Verna Park: audience arrives for an open-air performance", Credit: creditMarko,
		Body: `RIVERTON — The old tram depot on Northgate Road has not seen a tram since 1998. On Friday it will see a full house.

The Verna Players, an amateur theatre company founded in 1961, open their first season in the restored depot with a new play about the ferrymen who carried passengers across the river before the Iron Bridge was built.

The company spent two decades rehearsing in school halls, church basements and, for one winter, a disused swimming pool. “We once performed Chekhov in a gym with the basketball hoops still up,” said Clara Novak, the company's director. “You learn to act around things.”

The depot was bought by the city in 2019 for the Tram Line 4 project, which needs only half of it. The other half was offered to cultural groups at a nominal rent. The Players raised 2.1 million hryvnias from local businesses and a crowdfunding campaign to fit it out.

The rails are still in the floor. The set designer, Jonas Weber, decided to use them: the stage moves on an old tram bogie, pushed by hand.

## Tickets

The play runs on Fridays and Saturdays until the end of January. Tickets cost 150 hryvnias, and every Sunday matinee is free for pupils from city schools.`,
	},
	{
		Kind: domain.KindBrief, Authors: "daniel", Tags: "Economy",
		Title: "Port handles record grain volume in October",
		Body:  `The Riverton river port handled 212,000 tonnes of grain in October, a monthly record, the port authority said. Most of it was loaded onto barges bound for the Danube. The port expects volumes to fall in December when ice on the upper river slows traffic.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Weather",
		Title: "First frost of the season expected on Thursday night",
		Body: `Temperatures in Riverton are expected to drop to minus two degrees on Thursday night, the first frost of the season, according to the regional weather service.

Gardeners on the allotments along the east bank are advised to cover late vegetables. Daytime temperatures will recover to about eight degrees by the weekend.`,
	},
	{
		Kind: domain.KindArticle, Authors: "olena", Tags: "Health,City",
		Title:      "The hospital's new surgical wing will open a year late",
		Standfirst: "Construction problems and a shortage of anaesthetists push the opening to the end of next year.",
		Image:      "cathedral-morning", Alt: "Domes of the cathedral quarter above the river in early light",
		Caption: "Cathedral Street: early light over the old town and the hospital", Credit: creditMarko,
		Body: `RIVERTON — The new surgical wing at Riverton Regional Hospital, due to open this winter, will not take its first patients until the end of next year, the hospital's director confirmed on Thursday.

Cracks found in the foundations in the spring forced the contractor to reinforce part of the building, adding five months to the work. The rest of the delay, the director said, is about people rather than concrete.

“We can finish the building. We cannot yet staff it,” said Dr Anna Bondar, the hospital's director. “We need eight more anaesthetists, and every hospital in the country is looking for the same eight.”

The hospital has offered housing support and a higher salary to doctors who move to Riverton, and has started a training programme with the medical university in the regional capital.

Patients feel the delay. Waiting times for planned operations such as hip replacements now average seven months.

“I was told spring, then summer,” said Oleh Melnyk, 66, a retired engineer waiting for a knee operation. “I have stopped asking.”`,
	},
	{
		Kind: domain.KindBrief, Authors: "sofia", Tags: "Sport",
		Title: "City half marathon moves to the riverside",
		Body:  `Next year's Riverton half marathon will follow a new course along both banks of the Verna, crossing the Iron Bridge twice, the organisers announced. Registration opens on January 15, with 3,000 places available.`,
	},
	{
		Kind: domain.KindArticle, Authors: "taras", Tags: "Environment",
		Title:      "Ten thousand trees, and the argument over where to put them",
		Standfirst: "The city's planting drive is on schedule. Residents of the east bank say they are getting the saplings the old town did not want.",
		Image:      "spring-willow", Alt: "Soft morning light and mist over Willow Island",
		Caption: "Willow Island: young trees planted along the riverbank", Credit: creditMarko,
		Body: `RIVERTON — The city planted its ten-thousandth tree of the year on Saturday, a small lime on a traffic island in Southfield, meeting the target of a programme launched in the spring.

Most of the trees have gone to the east bank, where the council's own heat map shows summer surface temperatures up to seven degrees higher than in the leafy old town.

That was the point, said Vera Petrenko, who runs the programme at the parks department. “The trees go where the heat is,” she said.

Some residents say the heat is not the only thing they were given. In Southfield, about a fifth of the saplings planted in April died over the summer. Residents say no one came to water them.

“They plant, they take a photo, they leave,” said Roman Horvath, who waters the trees outside his block himself with a bucket. “A dead tree is not shade.”

The parks department says it has hired two more watering crews and will replace every tree that died, free of charge. It also plans to hand out watering bags to residents who volunteer to look after the trees on their street.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "City",
		Title: "Lost property office moves to Station Square",
		Body:  `The city's lost property office has moved from the old town hall to the transport office building on Station Square. Items left on trams and buses are now held there for three months. The office is open on weekdays from 9 am to 6 pm.`,
	},
	{
		Kind: domain.KindArticle, Lang: "uk", Authors: "taras", Tags: "Environment,Floods",
		Title:      "Як Рівертон готується до весняної повені",
		Standfirst: "Водна агенція вперше проведе навчання з мешканцями Нижньої набережної.",
		Image:      "overcast-port", Alt: "Крани та склади річкового порту під сірими хмарами",
		Caption: "Портовий район: тихий ранок біля вантажного терміналу", Credit: creditVPA,
		Body: `РІВЕРТОН — Регіональна водна агенція цієї зими вперше залучить мешканців Нижньої набережної до навчань на випадок повені.

Навчання відбудуться у лютому. Рятувальники покажуть, як встановлювати мобільні бар'єри, а мешканці дізнаються, куди евакуюватися і що взяти з собою.

«Люди на набережній живуть із річкою все життя. Але бар'єри — це нова річ, і її треба знати», — сказала інженерка Лариса Клименко.

Минулої весни рівень Верни піднявся на два метри за три дні. Затопило підвали близько ста будинків.

Агенція радить мешканцям прибережних вулиць уже зараз:

- перевірити, чи немає в підвалі електрощитків і котлів;
- зберігати документи вище рівня підлоги;
- підписатися на сповіщення про рівень води на сайті міста.`,
	},
	{
		Kind: domain.KindBrief, Authors: "daniel", Tags: "Economy",
		Title: "Bread prices at the market hall up 9 per cent on last year",
		Body:  `A loaf of rye bread at the market hall cost 38 hryvnias on average in November, up 9 per cent on the same month last year, according to prices the Courier collects every month from twelve stalls. White bread rose 6 per cent. Bakers blame flour and electricity costs.`,
	},
	{
		Kind: domain.KindArticle, Authors: "iryna", Tags: "Education,City",
		Title:      "School No. 12 will stay open, the council decides",
		Standfirst: "A campaign by parents and a new housing estate nearby saved a school the education department wanted to merge.",
		Image:      "campus-green", Alt: "The university quarter in warm evening light",
		Caption: "Mill Hill: the streets around School No. 12 in the evening", Credit: creditMarko,
		Body: `RIVERTON — School No. 12 on Mill Hill, which the city's education department proposed to close and merge with a larger school across the river, will stay open, the council decided on Thursday.

The department had argued that the school, with 240 pupils in a building designed for 600, was too expensive to heat and run. Parents collected 4,800 signatures against the merger, and pointed out that the new estate on the brewery site would bring hundreds of families to the area within five years.

“Our children would have crossed the river twice a day on a bus that is already full,” said Natalia Kovalenko, who led the campaign and has two children at the school. “We are not against saving money. We are against wasting childhood on a bus.”

The council asked the education department to rent the empty classrooms to a music school and an adult education centre to cover part of the running costs.

The school's head teacher, Marta Savchuk, said pupils had followed the debate closely. “The older ones wrote letters to every council member,” she said. “Some of them got answers.”`,
	},
	{
		Kind: domain.KindBrief, Authors: "sofia", Tags: "Sport",
		Title: "Ice rink in Verna Park opens on December 1",
		Body: `The open-air ice rink in Verna Park will open on December 1, weather permitting, and stay open until the end of February. Entry is free; skate hire costs 80 hryvnias an hour.

The rink will be closed on Mondays for maintenance.`,
	},
	{
		Kind: domain.KindArticle, Authors: "olena,daniel", Tags: "Politics,City",
		Title:      "Where the city's parking money goes",
		Standfirst: "Parking fees brought in 93 million hryvnias last year. Less than half was spent on roads.",
		Image:      "market-morning", Alt: "Rooftops of the market hall district in sunshine",
		Caption: "Market hall: cars parked along Brewery Lane in the morning", Credit: creditMarko,
		Body: `RIVERTON — Drivers paid 93 million hryvnias to park in Riverton last year, according to the city's accounts. The Courier traced where the money went.

About 41 per cent paid for road repairs and markings. A quarter covered the cost of running the parking system itself: the machines, the app, the wardens and a contract with the private company that processes payments. The rest went into the city's general budget.

That last part surprises many drivers. “I thought parking paid for potholes,” said Marko Tkachenko, a delivery driver. “Apparently it pays for everything.”

The city says that is how the law works: parking income is not earmarked. “Every hryvnia goes to the city's needs, and roads are one of them,” said a spokesperson for the finance department.

Opposition council members want a rule that at least 70 per cent of parking income goes to transport: roads, buses and cycle lanes. A vote is expected in January.

The contract with the payment company, signed in 2021 for ten years, takes 14 per cent of every payment. That is roughly double what similar contracts cost in other cities of Riverton's size, according to an analysis by Riverton University.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Environment",
		Title: "Storks leave Willow Island later than ever recorded",
		Body:  `The last pair of white storks nesting on Willow Island left for the south on October 19, the latest departure since records began in 1974, volunteers from the Riverton bird society said. Milder autumns have pushed the date back by about two weeks over the past thirty years.`,
	},
	{
		Kind: domain.KindVideo, Authors: "natalia", Tags: "Culture",
		Title: "Video: rehearsal night with the Verna Players in the old tram depot", Video: "Lp5dK9sZq0M",
		Body: `Three weeks before opening night, the city's oldest amateur theatre company rehearses on a stage that rolls on tram rails. Director Clara Novak explains why they kept them.`,
	},
	{
		Kind: domain.KindArticle, Authors: "daniel", Tags: "Economy",
		Title:      "Small shops are coming back to Cathedral Street",
		Standfirst: "Five years ago, one shop in four on the old town's main street was empty. Today it is one in ten.",
		Image:      "plum-sunset", Alt: "A purple and orange sunset over the city towers",
		Caption: "Station Square: evening light over the shopping streets", Credit: creditVPA,
		Body: `RIVERTON — In 2020 the Courier counted 31 empty shopfronts on Cathedral Street, out of 124. This month we walked the street again and counted 12.

The new arrivals are small: a repair café, two bakeries, a bookshop that also sells coffee, a bicycle workshop and a tailor who used to work from her kitchen.

Landlords have helped. After years of empty windows, several cut rents by a third, and the city halved the local business tax for the first two years of a new shop on the street.

“I pay less here than I did for a stall at the market,” said Lea Fischer, who opened the bookshop in March. “And people come in just because it is warm and smells of coffee.”

Not everyone is thriving. Two of the new shops have already closed, and traders complain that roadworks for the tram line will cut off their customers next year.

The city says it will keep at least one pavement open throughout the works and put up signs pointing to the shops.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "Transport",
		Title: "Night buses return on weekends",
		Body:  `Night bus routes N1 and N2 will run again on Friday and Saturday nights from December 6, the transport office said. The buses will leave Station Square every 40 minutes between midnight and 5 am. The service was cut during the pandemic.`,
	},
	{
		Kind: domain.KindBrief, Lang: "uk", Authors: "sofia", Tags: "Sport",
		Title: "«Рівертон Роверс» зіграють товариський матч з молоддю",
		Body:  `У неділю на стадіоні «Південне поле» відбудеться товариський матч між основним складом «Рівертон Роверс» і командою клубної академії до 19 років. Початок о 14:00, вхід вільний. Зібрані пожертви підуть на новий тренувальний майданчик.`,
	},
	{
		Kind: domain.KindArticle, Authors: "taras", Tags: "Environment,City",
		Title:      "The recycling scheme works in the old town. On the east bank, the bins overflow.",
		Standfirst: "A year after separate collection began, the city recycles a quarter of its household waste, but not evenly.",
		Image:      "harbour-night", Alt: "Harbour lights shining on black water",
		Caption: "Port district: the waste sorting plant beside the river harbour", Credit: creditMarko,
		Body: `RIVERTON — A year after Riverton started collecting paper, plastic and glass separately, the city recycles 26 per cent of its household waste, up from 9 per cent, according to figures from the sorting plant in the port district.

The figures hide a gap between districts. In the old town and on Mill Hill, where collection runs twice a week, residents sort almost a third of their rubbish. On the east bank, where bins are emptied once a week for twice as many people, the rate is about 15 per cent.

“The yellow bins are full by Tuesday and emptied on Saturday,” said Emma Kovalenko, who lives in a nine-storey block in Southfield. “So people give up and throw everything in the black one.”

The waste company says it has ordered four more collection lorries and will move the east bank to twice-weekly collection in February.

## How to sort

- Yellow: plastic bottles, packaging and metal cans, rinsed.
- Blue: paper and cardboard, folded flat.
- Green: glass bottles and jars, without lids.
- Black: everything else.`,
	},
	{
		Kind: domain.KindBrief, Authors: "iryna", Tags: "Culture",
		Title: "Poetry festival to fill the ferry for a day",
		Body:  `The river ferry between Lower Quay and Willow Island will carry poets instead of commuters on Saturday, when the Verna Words festival holds readings on board every hour from 11 am. Tickets are not needed; the usual fare applies.`,
	},
	{
		Kind: domain.KindArticle, Authors: "olena", Tags: "City,Politics",
		Title:      "A year of the residents' budget: what people chose and what got built",
		Standfirst: "Riverton let residents decide how to spend 30 million hryvnias. Playgrounds won. A swimming pool is still waiting.",
		Image:      "green-evening", Alt: "Hills and roofs in warm evening light",
		Caption: "Mill Hill: a new playground built with the residents' budget", Credit: creditMarko,
		Body: `RIVERTON — Last year, for the first time, Riverton residents voted on how to spend part of the city's money. More than 21,000 people took part, choosing 34 projects from 160 proposals.

A year on, 22 of those projects are finished, nine are under way and three have stalled.

Playgrounds were the clear winners: eleven were built or rebuilt, most of them on the east bank. Benches and lighting on the riverside path, a repair of the Mill Hill steps and new books for three school libraries are also done.

“It is the first time I felt the city asked me something and then did it,” said Paul Weber, who proposed the riverside lighting after his daughter was frightened walking home in the dark.

The stalled projects are the biggest: a small swimming pool at School No. 4, which turned out to need a new heating system; a skate park that lost its site to the tram depot; and a community garden whose land is contested in court.

The city will repeat the vote in the spring, with 40 million hryvnias to spend. Proposals can be submitted until the end of January.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Weather",
		Title: "Strong wind warning for Saturday",
		Body: `The regional weather service has issued a yellow warning for wind gusts of up to 70 kilometres an hour in the Verna valley on Saturday afternoon.

The city asks residents to secure balcony furniture and avoid parking under trees in Verna Park.`,
	},
	{
		Kind: domain.KindArticle, Authors: "sofia", Tags: "Sport",
		Title:      "Girls' football in Riverton has tripled in three years",
		Standfirst: "There are now fourteen girls' teams in the city. There are still only two changing rooms for them.",
		Image:      "east-bank-noon", Alt: "Blocks of flats on the east bank under a clear sky",
		Caption: "East bank: the artificial pitch behind School No. 9", Credit: creditMarko,
		Body: `RIVERTON — When Sofia Horvath started a girls' football team at School No. 9 in 2021, eight girls turned up. This season the city league has fourteen girls' teams and more than 300 players.

The growth has outpaced the facilities. Girls' teams train mostly on the worst slots at the city's three artificial pitches, often late in the evening, and only two of the city's changing blocks have separate rooms for girls.

“We change on the bus, or in the corridor of the school,” said Daria Marchenko, 14, who plays in midfield for the under-15s. “The boys have the room. They always have the room.”

The sports department says a new changing block is planned at the Southfield pitches next year. The city's football association has also agreed to rotate evening training slots from January.

Horvath, now the coach of three teams, says the girls want only what the boys have. “Pitches, showers, a referee who turns up,” she said. “That's it. That's the list.”`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "City",
		Title: "Registry office to open on Saturdays for weddings",
		Body:  `The city registry office will hold weddings on Saturdays from January, after the number of couples asking for weekend ceremonies doubled this year. Saturday slots can be booked online from December 15.`,
	},
	{
		Kind: domain.KindArticle, Authors: "iryna", Tags: "Culture,Education",
		Title:      "The university's museum reopens with the river at its centre",
		Standfirst: "A two-year renovation turned a dusty collection into an exhibition about the Verna and the people who lived from it.",
		Image:      "river-gold", Alt: "Boats on a golden river at sunset",
		Caption: "Verna river: a fisherman's boat of the kind shown in the museum", Credit: creditVPA,
		Body: `RIVERTON — For decades the museum on the top floor of Riverton University's main building was a place school classes visited once and never again: glass cases, faded labels, a stuffed pike.

It reopened on Saturday after a two-year renovation with a single subject: the river.

The new exhibition follows the Verna from its source in the hills to the port, through objects the museum already owned and many it borrowed from families in the city. A ferryman's logbook from 1911. A flood gauge from Lower Quay with the high-water marks of a century painted on it. A wooden boat, rebuilt by students from the engineering faculty.

“We had the objects all along,” said Martin Fischer, the museum's curator. “We did not have the story.”

The pike is still there. It now hangs over a display about the river's fish, with a label that explains why there are fewer of them.

The museum is open from Tuesday to Sunday. Entry is free for students and residents under 18.`,
	},
	{
		Kind: domain.KindBrief, Authors: "daniel", Tags: "Economy",
		Title: "Logistics park in Southfield hires 300 more workers",
		Body:  `The logistics park in Southfield will hire about 300 warehouse workers and drivers before the end of the year, its operator said. The park opened in March and now employs 1,100 people, making it one of the biggest employers in the city.`,
	},
	{
		Kind: domain.KindVideo, Authors: "natalia", Tags: "Sport",
		Title: "Video: the last training session on the river before the ice", Video: "Qw3eRt7yUi8",
		Body: `The Verna Rowing Club's senior crews take their boats out one last time before winter. Coach Vera Klymenko explains what changes when training moves indoors.`,
	},
	{
		Kind: domain.KindArticle, Authors: "olena", Tags: "Transport,City",
		Title:      "Cycle lane on the Iron Bridge: a trial that divided the city",
		Standfirst: "For six weeks, one car lane on the bridge belonged to bicycles. The city says the trial worked. Many drivers disagree.",
		Image:      "night-bridge", Alt: "The city at night with lit windows reflected in the river",
		Caption: "Iron Bridge: evening traffic on the bridge during the cycle lane trial", Credit: creditMarko,
		Body: `RIVERTON — For six weeks this autumn, one of the four lanes on the Iron Bridge was closed to cars and given to bicycles. The trial ended on Sunday. The arguments about it have not.

Counters on the bridge recorded an average of 1,900 cyclists a day during the trial, up from about 600 before it, according to the transport office. Car journeys across the bridge at rush hour took on average four minutes longer.

“Four minutes, and three times as many people cycling. That is a good trade,” said Lukas Petrenko of the Riverton cycling association.

Drivers, and some businesses in the old town, see it differently. “Four minutes on average means twenty minutes on a bad day,” said Maria Bondar, who runs a delivery company. “My drivers do twelve crossings a day.”

The council will decide in February whether to make the lane permanent. The transport office has proposed keeping it from April to October and returning it to cars in winter.

The Courier wants to hear from readers who cross the bridge every day, by any means. Write to us.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Environment",
		Title: "River clean-up volunteers pull 2.4 tonnes of rubbish from the Verna",
		Body:  `About 400 volunteers collected 2.4 tonnes of rubbish from the banks of the Verna on Saturday, the organisers of the annual river clean-up said. The strangest find: a shopping trolley from a supermarket that closed in 2004.`,
	},
	{
		Kind: domain.KindArticle, Lang: "uk", Authors: "olena", Tags: "City,Transport",
		Title:      "Мешканці Південного поля просять новий автобусний маршрут",
		Standfirst: "Петицію підписали понад дві тисячі людей. Транспортний відділ обіцяє розглянути її до кінця року.",
		Image:      "festival-sunset", Alt: "Набережна на заході сонця",
		Caption: "Південне поле: вечір на зупинці маршруту 12", Credit: creditMarko,
		Body: `РІВЕРТОН — Понад дві тисячі мешканців Південного поля підписали петицію з проханням запустити прямий автобусний маршрут до регіональної лікарні.

Зараз дорога до лікарні з цього району займає близько години з пересадкою на Вокзальній площі.

«Для літніх людей дві пересадки — це не дрібниця. Особливо взимку», — каже Галина Петренко, одна з авторок петиції.

У транспортному відділі кажуть, що новий маршрут можливий лише після надходження нових автобусів навесні. Рішення обіцяють ухвалити до кінця року.`,
	},
	{
		Kind: domain.KindBrief, Authors: "sofia", Tags: "Sport",
		Title: "Chess club wins regional team championship",
		Body:  `The Riverton chess club won the regional team championship on Sunday, beating the defending champions from the regional capital 4.5 to 3.5 in the final round. The club's youngest player, Marko Oliinyk, 12, won his game on the bottom board.`,
	},
	{
		Kind: domain.KindArticle, Authors: "daniel", Tags: "Health",
		Title:      "How long Riverton waits for a family doctor",
		Standfirst: "We asked all 23 clinics for their waiting times. The answers range from the same day to three weeks.",
		Image:      "overcast-port", Alt: "Grey cloud over the sheds of the river port",
		Caption: "Port district: the clinic on Harbour Street on a grey morning", Credit: creditMarko,
		Body: `RIVERTON — A patient who asks for a non-urgent appointment with a family doctor in Riverton waits on average six working days, according to a survey of the city's 23 public clinics carried out by the Courier in November.

The averages hide large differences. At the two clinics in the old town, most patients were offered an appointment the same week. At the clinic on Harbour Street, which serves the port district and part of the east bank, the wait was up to three weeks.

The reason is simple arithmetic. The Harbour Street clinic has five doctors for about 14,000 registered patients. The old town clinics have one doctor for every 1,600.

“We never say no to anyone urgent,” said Dr Vera Melnyk, who has worked at Harbour Street for nineteen years. “But the ordinary things, the blood pressure check, the prescription, those wait.”

The city's health department says it plans to open a new clinic in Southfield in 2026 and is offering flats to young doctors willing to work on the east bank.

The Courier's full table, with the waiting time at every clinic, is published below this article and will be updated every quarter.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "City",
		Title: "Christmas market returns to Station Square",
		Body:  `The Christmas market will open on Station Square on December 13 with 60 stalls, a carousel and a stage for school choirs. It will run until January 7. The organisers say this year's market will use only reusable cups.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Weather",
		Title: "November was the warmest on record in Riverton",
		Body:  `The average temperature in Riverton in November was 7.8 degrees, the highest since measurements began at the university weather station in 1936, the station said. Only three nights in the month were below freezing.`,
	},
	{
		Kind: domain.KindArticle, Authors: "iryna", Tags: "Politics",
		Title:      "Why the Courier is publishing the council's expenses",
		Standfirst: "From today, every receipt a council member submits is searchable on our site. Here is why, and how we did it.",
		Body: `RIVERTON — Every month, Riverton's 37 council members may claim expenses for travel, phone bills and office costs. The rules say the claims are public. In practice, they were available only on paper, by appointment, at City Hall.

Over the past four months, Courier reporters made those appointments, photographed 2,300 receipts and typed them into a database. From today, anyone can search it.

We did this not because we suspect wrongdoing. Most claims are small and ordinary: bus tickets, printer ink, a taxi home after a late session. We did it because public money should be visible without an appointment.

We did find questions. Four council members claimed for more than 20,000 hryvnias of taxi journeys in a year. One claimed for the same hotel night twice; he has since repaid it and says it was a mistake.

The mayor's office said it welcomed the project and would publish future claims online itself from next year. “If a newspaper can type them up, so can we,” said the mayor's spokesperson.

We will update the database every month until the city does.`,
	},
	{
		Kind: domain.KindBrief, Authors: "daniel", Tags: "Economy",
		Title: "New ferry timetable adds early crossing for port workers",
		Body:  `From Monday, the river ferry will make an extra crossing at 5:40 am from Willow Island to the port, after a request from the port workers' union. The rest of the winter timetable is unchanged.`,
	},
	{
		Kind: domain.KindArticle, Authors: "taras", Tags: "Environment,Economy",
		Title:      "Solar panels on nine schools cut their power bills by a third",
		Standfirst: "The first full year of data from the city's school solar programme is in. The results are better than promised.",
		Image:      "green-evening", Alt: "Roofs on Mill Hill in warm evening light",
		Caption: "Mill Hill: school roofs with the new solar panels", Credit: creditMarko,
		Body: `RIVERTON — Nine Riverton schools that installed solar panels last autumn cut their electricity bills by 34 per cent on average over the following twelve months, according to figures from the city's energy office.

The programme cost 48 million hryvnias, most of it from a European grant. The city had promised savings of about a quarter.

“The sunny spring helped, but the main thing is that schools use power during the day, when the panels produce it,” said Jonas Melnyk, who runs the energy office. “It is almost a perfect match.”

The schools also became more resilient. During the power cuts in February, all nine kept their lights and computers running through the school day.

The city plans to put panels on eleven more schools and the central library next year.`,
	},
	{
		Kind: domain.KindBrief, Authors: "sofia", Tags: "Sport",
		Title: "Rovers' youth team reaches cup quarter-final",
		Body:  `Riverton Rovers' under-19 team beat the regional capital's academy 3-0 to reach the quarter-final of the national youth cup for the first time. The quarter-final will be played in Riverton in March.`,
	},
	{
		Kind: domain.KindBrief, Authors: "olena", Tags: "City",
		Title:      "Street names in Northgate to change after public vote",
		Correction: "This brief originally said 7,000 residents took part in the vote. The figure was 3,400.",
		Body: `Four streets in Northgate will get new names after a public vote in which 3,400 residents took part, the council said. Among them, Factory Lane becomes Ferrymen's Lane, after the crews who ran the river crossing before the bridges were built.

New signs will go up in January. Residents do not need to change their documents until they are renewed.`,
	},
	{
		Kind: domain.KindBrief, Authors: "taras", Tags: "Environment,Floods",
		Title: "Flood sirens to be tested on Wednesday at noon",
		Body:  `The city will test its flood sirens along both banks of the Verna on Wednesday at noon. The test lasts three minutes and no action is needed. The sirens are tested twice a year, before the spring thaw and before the autumn rains.`,
	},
	{
		Kind: domain.KindArticle, Authors: "olena", Tags: "City,Health",
		Title:      "Riverton opens its first round-the-clock pharmacy on the east bank",
		Standfirst: "Until now, a night-time prescription meant a taxi across the river.",
		Image:      "east-bank-noon", Alt: "Housing blocks on the east bank in sunshine",
		Caption: "Southfield: the new pharmacy on the ground floor of a housing block", Credit: creditMarko,
		Body: `RIVERTON — The east bank got its first pharmacy open 24 hours a day on Monday, in a converted shop on the ground floor of a housing block in Southfield.

Until now, the only all-night pharmacy in the city was on Station Square, on the other side of the river. After the last bus, residents of the east bank needed a taxi to reach it.

“When my son had a fever at two in the morning, I walked across the Iron Bridge with a prescription in my pocket,” said Iryna Lysenko, who lives three streets away. “Now I can be there in five minutes.”

The pharmacy is run by a family business that already has two shops in the old town. The city helped by cutting the rent on the municipal premises for five years.`,
	},
	{
		Kind: domain.KindBrief, Lang: "uk", Authors: "taras", Tags: "Weather",
		Title: "У вихідні в Рівертоні очікують перший сніг",
		Body:  `Синоптики прогнозують перший сніг у Рівертоні в ніч на суботу. Температура вночі знизиться до мінус трьох градусів, удень — близько нуля. Водіїв просять заздалегідь змінити шини та бути обережними на Залізному мосту.`,
	},
	{
		Kind: domain.KindBrief, Authors: "iryna", Tags: "Culture",
		Title: "Courier readers' book club meets at the new bookshop",
		Body: `The Courier's readers' book club will hold its first meeting at the bookshop on Cathedral Street on Thursday at 7 pm. This month's book is a collection of stories about the river ferrymen, written by a retired Riverton teacher.

Entry is free. Tea is provided; the biscuits, the shop says, are for sale.`,
	},
	{
		Kind: domain.KindBrief, Authors: "daniel", Tags: "Economy,Transport",
		Title: "Taxi fares rise by 10 per cent from Monday",
		Body:  `Riverton's three largest taxi companies will raise their fares by about 10 per cent from Monday, blaming fuel and insurance costs. A trip from Station Square to the hospital will cost about 190 hryvnias during the day.`,
	},
}
