package demo

// Word lists for synthetic content. The city is Riverton, on the Verna
// river; everything here is invented.

// tagSpec is a section or topic tag with its description.
type tagSpec struct {
	Name        string
	Description string
}

// sections are the paper’s sections; the first eight are the sections the
// masthead links to.
var sections = []tagSpec{
	{"City", "Riverton’s neighbourhoods, services and the decisions made at City Hall that reach every street."},
	{"Politics", "The city council, the regional assembly and the people who want your vote."},
	{"Economy", "Jobs, prices, the port, the factories and the small businesses of the Verna valley."},
	{"Environment", "The river, the air, the parks and the long work of adapting a city to a warmer climate."},
	{"Culture", "Theatre, music, books, festivals and the artists who make Riverton more than a stop on the railway."},
	{"Sport", "Riverton Rovers, the rowing clubs and every amateur league that fills the weekend."},
	{"Transport", "Trams, buses, bridges, bike lanes and the daily commute across the Verna."},
	{"Health", "Hospitals, clinics, public health and the people who keep the city well."},
	{"Education", "Schools, the university and lifelong learning in Riverton."},
	{"Weather", "Forecasts, storms, floods and heat, from the Courier’s weather desk."},
}

var subjects = []string{
	"City council", "Riverton Rovers", "The regional hospital", "Transport office", "The water utility",
	"Mayor Dana Ilchenko", "Residents of Lower Quay", "The port authority", "University researchers",
	"The fire service", "Small businesses", "Tram drivers", "The city library", "Market traders",
	"Parents at School No. 12", "The heating company", "The Verna rowing club", "Regional assembly",
	"Police", "The opera house", "Farmers upstream", "Cyclists", "The chamber of commerce",
	"Volunteers", "The housing department", "The planning committee", "Teachers’ union", "Bus operators",
}

var verbs = []string{
	"approves", "delays", "unveils", "rejects", "plans", "expands", "cuts", "reviews", "wins",
	"opens", "closes", "debates", "funds", "warns over", "celebrates", "questions", "postpones",
	"backs", "suspends", "defends", "launches", "scraps", "tests", "prepares",
}

var objects = []string{
	"new budget", "tram line extension", "bridge repairs", "flood defences", "night market",
	"heating tariffs", "free school meals", "cycle lanes", "stadium upgrade", "housing plan",
	"hospital wing", "river clean-up", "parking rules", "summer festival", "water pipe renewal",
	"bus timetable", "tree planting drive", "youth centre", "riverside promenade", "recycling scheme",
	"emergency shelter plan", "ferry service", "solar panels on schools", "old brewery site",
	"ticket prices", "library hours", "air quality sensors", "market hall lease",
}

var qualifiers = []string{
	"after long debate", "for next year", "despite protests", "on the east bank", "in the old town",
	"amid rising costs", "before winter", "after a tense vote", "ahead of schedule", "for a second time",
	"as spring floods near", "after residents’ petition", "in a surprise move", "with regional money",
	"after an audit", "for the first time in a decade",
}

var places = []string{
	"Lower Quay", "the old town", "Mill Hill", "the east bank", "Station Square", "Verna Park",
	"the port district", "Northgate", "Willow Island", "the market hall", "Cathedral Street",
	"the Iron Bridge", "Brewery Lane", "the university campus", "Southfield",
}

var roles = []string{
	"a council member", "the deputy mayor", "a local shop owner", "a retired engineer", "a nurse at the regional hospital",
	"the head of the transport office", "a spokesperson for the utility", "a history teacher", "a tram driver",
	"the club’s coach", "a student", "a resident of the east bank", "an economist at Riverton University",
	"the chair of the planning committee", "a volunteer",
}

var comments = []string{
	"We have waited for this long enough", "Nobody asked the people who live here",
	"It is not perfect, but it is a start", "The numbers simply do not add up",
	"This will change how we cross the river", "We need a plan for the next ten years, not the next ten weeks",
	"People want to see the work, not another announcement", "The money is there; the question is the time",
	"I have never seen the street so busy", "Winter will tell us whether it works",
	"We owe it to the children who use it every day", "It is the best news the district has had in years",
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// templates are sentence patterns. Slots: {S} subject, {s} subject lower
// case, {V} verb, {O} object, {Q} qualifier, {N} person, {R} role,
// {P} place, {n} number, {M} month, {C} comment. Curly quotes are written
// out so Markdown’s typographer leaves the text as it is.
var templates = []string{
	"{S} {V} the {O} {Q}, officials said on Tuesday.",
	"The decision affects about {n} households in {P}.",
	"“{C},” said {N}, {R}.",
	"“{C}. {C},” {N}, {R}, told the Courier.",
	"Work on the {O} is expected to start in {M} and last about {n} days.",
	"The plan was first discussed in {M}, when {s} raised concerns about the {O}.",
	"According to figures from the city, the {O} will cost about {n} million hryvnias.",
	"Critics say the {O} was approved without a proper hearing in {P}.",
	"Supporters point out that the {O} has been promised for years.",
	"{N}, {R}, said the district had been left out of earlier plans.",
	"The council will return to the {O} at its next session in {M}.",
	"A public meeting is planned at the community centre in {P}.",
	"Residents can comment on the {O} online until the end of {M}.",
	"It is not the first time the issue has come before the council.",
	"The {O} is part of a wider programme that also includes the {O}.",
	"Traffic in {P} will be diverted while the work is under way.",
	"{S} said they would publish the full documents next week.",
	"The last comparable project, the {O}, ran {n} days over schedule.",
	"Officials insisted that services in {P} would not be interrupted.",
	"The Courier asked the mayor’s office for comment but had not received a reply by publication.",
	"{N}, who has lived in {P} for {n} years, said little had changed.",
	"Similar schemes have been tried in other cities along the Verna.",
	"Money for the {O} comes partly from the regional budget.",
	"The vote passed with {n} members in favour.",
	"Engineers inspected the site in {M} and found the work could go ahead.",
	"Shops in {P} reported more customers after the {O} was announced.",
	"{S} {V} the {O}, a move that had been expected since {M}.",
	"Questions remain about who will maintain the {O} once it is finished.",
}

var firstNames = []string{
	"Olena", "Marko", "Iryna", "Taras", "Sofia", "Andrii", "Kateryna", "Petro", "Yulia", "Bohdan",
	"Anna", "Denys", "Maria", "Oleh", "Natalia", "Roman", "Halyna", "Viktor", "Larysa", "Serhii",
	"Emma", "Daniel", "Clara", "Jonas", "Lea", "Martin", "Nina", "Paul", "Vera", "Lukas",
}

var lastNames = []string{
	"Kovalenko", "Bondar", "Tkachenko", "Shevchuk", "Melnyk", "Hrytsenko", "Savchuk", "Lysenko",
	"Moroz", "Polishchuk", "Rudenko", "Zakharchuk", "Fischer", "Novak", "Weber", "Horvath",
	"Kravets", "Marchenko", "Oliinyk", "Petrenko", "Sydorenko", "Vasylenko", "Klymenko",
}

var roleTitles = []string{"Reporter", "Reporter", "Senior reporter", "Editor", "Photographer",
	"Data reporter", "Correspondent", "Sports reporter", "Video journalist", "Editor-at-large"}

var photoCredits = []string{"Iryna Savchuk / Riverton Courier", "Marko Bondar / Riverton Courier",
	"Verna Press Agency", "Lukas Weber / VPA", "Natalia Moroz / Riverton Courier"}
