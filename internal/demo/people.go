package demo

// The Courier's newsroom: invented people, written for the demo.

// person is a demo author.
type person struct {
	Key      string
	Name     string
	Title    string
	Location string
	Bio      string
}

var people = []person{
	{"olena", "Olena Kravets", "Reporter", "Riverton",
		"Olena Kravets covers City Hall, housing and the neighbourhoods of the east bank for the Riverton Courier. She joined the paper in its first year, when the newsroom was four people and a borrowed office above a bakery on Cathedral Street.\n\n" +
			"Before that she spent six years at a regional radio station, where she learned to explain a municipal budget in ninety seconds. She grew up in Lower Quay and still lives a short walk from the river.\n\n" +
			"She reads every email from readers, and answers most of them."},
	{"marko", "Marko Bondar", "Photographer", "Riverton",
		"Marko Bondar has photographed Riverton for the Courier since 2019: council sessions, floods, football on frozen pitches and the quiet early hours on the quays.\n\n" +
			"He started out as a wedding photographer and says the skills are the same: be early, stay late, and never stand in anyone's way. His series on the river ferry crews won a regional press award."},
	{"iryna", "Iryna Savchuk", "Editor-at-large", "Riverton",
		"Iryna Savchuk was the Courier's founding editor and now writes long-form reporting and a weekly column on how the city is run. She has worked as a journalist for more than twenty years, in print, radio and online.\n\n" +
			"She teaches a reporting seminar at Riverton University every spring and chairs the paper's corrections policy: every error we make is noted at the foot of the story it appeared in.\n\n" +
			"Iryna writes in Ukrainian and English, and edits the Courier's Ukrainian edition."},
	{"daniel", "Daniel Weber", "Data reporter", "Riverton",
		"Daniel Weber turns spreadsheets into stories: budgets, tram ridership, air quality readings and the price of bread at the market hall.\n\n" +
			"He trained as a statistician and worked for a logistics company before moving into journalism. He publishes the data behind his stories whenever he can, so readers can check his sums."},
	{"sofia", "Sofia Lysenko", "Sports reporter", "Riverton",
		"Sofia Lysenko covers Riverton Rovers, the rowing clubs on the Verna and the amateur leagues that fill the city's pitches every weekend.\n\n" +
			"A former youth rower herself, she still trains on the river twice a week. She believes local sport is local news, and that a fourth-division derby deserves the same care as a cup final."},
	{"taras", "Taras Hrytsenko", "Environment correspondent", "Riverton",
		"Taras Hrytsenko writes about the river, the weather and the long, expensive work of preparing a riverside city for floods and heat.\n\n" +
			"He holds a degree in hydrology and spent three years at the regional water agency before switching sides of the notebook. He is the one the newsroom calls when the Verna rises."},
	{"natalia", "Natalia Moroz", "Video journalist", "Riverton",
		"Natalia Moroz shoots and edits the Courier's video reports, from council debates to the first swim of the summer at Willow Island.\n\n" +
			"She came to Riverton from a national broadcaster and prefers, she says, stories where she knows the people by name."},
}

// tagSpecs are the demo's tags: the sections, then a few running topics.
var topicTags = []tagSpec{
	{"Tram Line 4", "The long-promised tram line to the east bank: the money, the works and the delays."},
	{"Floods", "High water on the Verna, the defences that hold it back and the districts that live with it."},
	{"Local elections", "The race for City Hall and the council, ahead of the spring vote."},
}
