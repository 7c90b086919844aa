package domain

import "strconv"

// ReadingMinutes estimates reading time the way Ghost does: 275 words a
// minute, plus 12 seconds for the first image, 11 for the second and so on
// down to 3 seconds for each image after the tenth; rounded to minutes.
func ReadingMinutes(words, images int) int {
	const wordsPerSecond = 275.0 / 60
	seconds := float64(words) / wordsPerSecond
	for i := 0; i < images; i++ {
		seconds += float64(max(12-i, 3))
	}
	// Math.round in JavaScript rounds .5 up.
	return int(seconds/60 + 0.5)
}

// ReadingTimeLabel is "1 min read" for anything up to a minute, else "N min read".
func ReadingTimeLabel(minutes int) string {
	if minutes <= 1 {
		return "1 min read"
	}
	return strconv.Itoa(minutes) + " min read"
}
