package demo

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The demo's pictures are painted by this file at load time: riverside
// scenes for lead images (sky, hills, a skyline, a bridge, the river with
// the sky reflected in it) and initials on gradients for avatars. Seeds
// make every run paint the same pictures.

const (
	leadWidth  = 1600
	leadHeight = 900
	avatarSize = 400
	// URLPrefix is where the demo's images are served; files live under
	// <mediaDir>/demo.
	URLPrefix = "/content/images/demo/"
)

// rgb is a colour with float channels for blending.
type rgb struct{ r, g, b float64 }

func hexColor(s string) rgb {
	var r, g, b uint8
	fmt.Sscanf(strings.TrimPrefix(s, "#"), "%02x%02x%02x", &r, &g, &b)
	return rgb{float64(r), float64(g), float64(b)}
}

func mix(a, b rgb, t float64) rgb {
	t = clamp01(t)
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// clamp01 limits t to [0, 1]; plain comparisons, as math.Min and math.Max
// handle NaN and cost more in the per-pixel loops.
func clamp01(t float64) float64 {
	if t < 0 {
		return 0
	}
	if t > 1 {
		return 1
	}
	return t
}

// palette is the light of one scene.
type palette struct {
	skyTop, horizon, sun, hills, city, water, bank string
	night                                          bool
}

// palettes by mood; sections pick among them so the stream looks varied.
var palettes = []palette{
	{"#2b4c7e", "#f2b880", "#fff1c9", "#6d6a8a", "#33314a", "#41557a", "#1d2233", false}, // golden hour
	{"#4f86c6", "#cfe3f3", "#ffffff", "#7c9bb5", "#4b5d70", "#5d88ad", "#2f3e2f", false}, // clear noon
	{"#1b1f3b", "#d0647a", "#ffd0a0", "#4b3a5e", "#241c33", "#3b2f4f", "#120e1c", false}, // dusk
	{"#7b8794", "#d5d9dd", "#f4f4f4", "#8b949c", "#59616a", "#6f7c88", "#3b4046", false}, // overcast
	{"#0b1026", "#2e3f73", "#f5e7b2", "#1c2547", "#0e1430", "#18224a", "#070a18", true},  // night
	{"#9cc7d9", "#f6e7d8", "#fffaf0", "#a7b9b0", "#6d7f7a", "#8fb3bf", "#4c5a48", false}, // spring morning
	{"#264d4a", "#e9c46a", "#fff3c4", "#4f6f52", "#22352f", "#2f5d62", "#142420", false}, // green evening
	{"#5e2a4f", "#f4a261", "#ffe8c2", "#7a4a5e", "#3a1f33", "#5a3550", "#24121f", false}, // plum sunset
}

// leadImage is one generated lead picture and the words that go with it.
type leadImage struct {
	Name    string
	Seed    uint64
	Palette int
	Alt     string
	Caption string // "Place: what happens" — the loader appends the date
}

// URL is where the site serves the image.
func (im leadImage) URL() string { return URLPrefix + im.Name + ".jpg" }

// leadImages are shared by the demo articles and, reused, by synthetic ones.
var leadImages = []leadImage{
	{"verna-golden-hour", 11, 0, "The Verna river at sunset with the old town skyline behind it", "Riverton: the Verna river at sunset seen from the Iron Bridge"},
	{"east-bank-noon", 12, 1, "Blocks of flats on the east bank under a clear sky", "East bank: new housing blocks beside the river"},
	{"quay-dusk", 13, 2, "Lower Quay at dusk, lights coming on along the water", "Lower Quay: evening falls over the riverside warehouses"},
	{"overcast-port", 14, 3, "Cranes and sheds of the river port under grey cloud", "Port district: a quiet morning at the cargo terminal"},
	{"night-bridge", 15, 4, "The city at night with lit windows reflected in the river", "Riverton: the city centre lit up at night"},
	{"spring-willow", 16, 5, "Soft morning light over Willow Island", "Willow Island: morning mist on the river"},
	{"green-evening", 17, 6, "Hills and roofs in warm evening light", "Mill Hill: evening over the northern districts"},
	{"plum-sunset", 18, 7, "A purple and orange sunset over the city towers", "Station Square: sunset behind the towers of the business district"},
	{"cathedral-morning", 19, 5, "Domes of the cathedral quarter above the river", "Cathedral Street: early light over the old town"},
	{"flood-watch", 20, 3, "High water under a heavy grey sky", "Lower Quay: high water under a heavy sky"},
	{"stadium-lights", 21, 4, "Floodlights and buildings glowing at night", "Southfield: the stadium district after dark"},
	{"market-morning", 22, 1, "Rooftops of the market hall district in sunshine", "Market hall: traders arrive early in the morning"},
	{"northgate-dusk", 23, 2, "Northgate's towers against a pink sky", "Northgate: dusk over the new tram depot"},
	{"river-gold", 24, 0, "Boats on a golden river", "Verna river: rowers out on the water at sunset"},
	{"campus-green", 25, 6, "The university quarter in green evening light", "University campus: students head home across the river"},
	{"winter-grey", 26, 3, "A cold, pale sky over the roofs of the old town", "Old town: a cold morning over the roofs"},
	{"harbour-night", 27, 4, "Harbour lights shining on black water", "Port district: the night shift at the river harbour"},
	{"festival-sunset", 28, 7, "The riverside at sunset before a festival", "Verna Park: the riverside before the summer festival"},
}

// paintLead paints a riverside scene. Every layer is a function of x (a
// height or silhouette), so the painter runs row by row without overdraw.
func paintLead(seed uint64, pal palette, w, h int) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, seed*2654435761+1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	skyTop, horizon, sun := hexColor(pal.skyTop), hexColor(pal.horizon), hexColor(pal.sun)
	hillsC, cityC, waterC, bankC := hexColor(pal.hills), hexColor(pal.city), hexColor(pal.water), hexColor(pal.bank)

	waterline := int(float64(h) * (0.62 + 0.08*r.Float64()))
	sunX := float64(w) * (0.2 + 0.6*r.Float64())
	sunY := float64(waterline) * (0.45 + 0.35*r.Float64())
	sunR := float64(h) * (0.035 + 0.03*r.Float64())

	// Hills: a sum of slow sines above the waterline.
	hill := make([]int, w)
	ph1, ph2, ph3 := r.Float64()*6, r.Float64()*6, r.Float64()*6
	for x := range hill {
		fx := float64(x) / float64(w)
		v := 0.5*math.Sin(fx*3.1+ph1) + 0.3*math.Sin(fx*7.3+ph2) + 0.2*math.Sin(fx*17+ph3)
		hill[x] = waterline - int(float64(h)*(0.12+0.05*v))
	}
	// Skyline: buildings of random width and height, some with spires or
	// domes, clustered towards one part of the frame.
	city := make([]int, w)
	for x := range city {
		city[x] = waterline
	}
	centre := float64(w) * (0.3 + 0.4*r.Float64())
	for x := 0; x < w; {
		bw := 18 + r.IntN(60)
		dist := math.Abs(float64(x)-centre) / float64(w)
		tall := math.Max(0.04, 0.32-dist*0.55) * float64(h)
		bh := int(tall * (0.35 + 0.65*r.Float64()))
		roof := r.IntN(9)
		for i := 0; i < bw && x+i < w; i++ {
			top := waterline - bh
			switch {
			case roof == 0: // spire
				c := float64(bw) / 2
				top -= int(math.Max(0, float64(bh)*0.5*(1-math.Abs(float64(i)-c)/c*4)))
			case roof == 1: // dome
				c := float64(bw) / 2
				d := (float64(i) - c) / c
				top -= int(float64(bw) * 0.45 * math.Sqrt(math.Max(0, 1-d*d)))
			}
			if top < city[x+i] {
				city[x+i] = top
			}
		}
		x += bw + r.IntN(6)
	}
	// A bridge crossing the river on arches, in the lower part of the frame.
	deck := waterline + int(float64(h-waterline)*(0.18+0.12*r.Float64()))
	span := 220 + r.IntN(140)
	hasBridge := r.IntN(5) < 2

	// Window lights for night scenes: a hash of the cell decides.
	lit := func(x, y int) bool {
		cx, cy := x/9, y/13
		if x%9 < 3 || y%13 < 5 {
			return false
		}
		hsh := uint32(cx*73856093) ^ uint32(cy*19349663) ^ uint32(seed)
		hsh ^= hsh >> 13
		hsh *= 0x5bd1e995
		return hsh%100 < 22
	}
	windowC := hexColor("#ffd98a")

	// Soft clouds: a handful of wide ellipses.
	type cloud struct{ x, y, rx, ry, a float64 }
	clouds := make([]cloud, 5+r.IntN(5))
	for i := range clouds {
		clouds[i] = cloud{float64(w) * r.Float64(), float64(waterline) * (0.1 + 0.5*r.Float64()),
			float64(w) * (0.08 + 0.12*r.Float64()), float64(h) * (0.02 + 0.03*r.Float64()), 0.15 + 0.25*r.Float64()}
	}
	cloudC := mix(horizon, hexColor("#ffffff"), 0.5)
	if pal.night {
		cloudC = mix(skyTop, horizon, 0.7)
	}

	// The sky is painted once into a buffer: the river reads it again for
	// reflections.
	skyBuf := make([]rgb, w*waterline)
	for y := 0; y < waterline; y++ {
		base := mix(skyTop, horizon, math.Pow(float64(y)/float64(waterline), 1.6))
		for x := 0; x < w; x++ {
			c := base
			dx, dy := float64(x)-sunX, float64(y)-sunY
			d := math.Sqrt(dx*dx + dy*dy)
			if d < sunR*14 {
				// A polynomial glow fading to nothing, cheaper than exp;
				// the disc is drawn over it with a soft edge.
				f := 1 - math.Max(0, d-sunR)/(sunR*13)
				c = mix(c, sun, 0.55*f*f*f)
				if d < sunR {
					c = mix(sun, c, (d-sunR*0.92)/(sunR*0.08))
				}
			}
			for _, cl := range clouds {
				ey := (float64(y) - cl.y) / cl.ry
				if ey*ey >= 1 {
					continue
				}
				ex := (float64(x) - cl.x) / cl.rx
				if e := ex*ex + ey*ey; e < 1 {
					c = mix(c, cloudC, cl.a*(1-e)*(1-e))
				}
			}
			skyBuf[y*w+x] = c
		}
	}
	sky := func(x, y int) rgb { return skyBuf[y*w+x] }

	// Per-column terms, computed once rather than per pixel.
	waveX := make([]float64, w)
	bankY := make([]float64, w)
	archTop := make([]int, w)
	for x := 0; x < w; x++ {
		waveX[x] = math.Sin(float64(x)*0.013) * 3
		bankY[x] = float64(h) - float64(h-waterline)*0.35*math.Pow(1-float64(x)/float64(w), 2.2)
		// The underside of each arch: down to the water at the piers,
		// just below the deck mid-span.
		archTop[x] = deck + 8 + int(float64(h-deck)*(1-math.Pow(math.Sin(math.Pi*float64(x%span)/float64(span)), 0.12)))
	}

	pix := img.Pix
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var c rgb
			switch {
			case y < waterline && y < hill[x] && y < city[x]:
				c = sky(x, y)
			case y < waterline && y >= city[x]:
				c = cityC
				if pal.night && lit(x, y) {
					c = windowC
				} else {
					// Faint haze lower down ties the skyline to the water.
					c = mix(cityC, horizon, 0.18*float64(y-city[x])/float64(waterline-city[x]+1))
				}
			case y < waterline:
				c = mix(hillsC, horizon, 0.35)
			default:
				// The river mirrors the sky, darker and rippled.
				my := 2*waterline - y - 1
				depth := float64(y-waterline) / float64(h-waterline)
				ripple := math.Sin(float64(y)*0.9+waveX[x]) * 0.5
				mx := x + int(ripple*6*depth)
				if mx < 0 {
					mx = 0
				} else if mx >= w {
					mx = w - 1
				}
				var refl rgb
				if my >= 0 && my >= city[mx] {
					refl = cityC
				} else if my >= 0 && my >= hill[mx] {
					refl = hillsC
				} else if my >= 0 {
					refl = sky(mx, my)
				} else {
					refl = skyTop
				}
				c = mix(refl, waterC, 0.45+0.35*depth)
				// Glints under the sun.
				if math.Abs(float64(x)-sunX) < sunR*(1.2+3*depth) && ripple > 0.35 {
					c = mix(c, sun, 0.5*(1-depth))
				}
			}
			// Bridge: a deck with arches between piers.
			if hasBridge && y >= deck-10 {
				if y < archTop[x] {
					c = mix(bankC, cityC, 0.3)
				}
			}
			// Foreground bank in the bottom corner.
			if float64(y) > bankY[x] {
				c = bankC
			}
			o := y*img.Stride + x*4
			pix[o], pix[o+1], pix[o+2], pix[o+3] = uint8(c.r), uint8(c.g), uint8(c.b), 255
		}
	}
	return img
}

// writeLeadImages paints every lead image not yet on disk into
// <mediaDir>/demo, two at a time.
func writeLeadImages(mediaDir string, images []leadImage) error {
	dir := filepath.Join(mediaDir, "demo")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create demo image folder: %w", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(images))
	sem := make(chan struct{}, 2)
	for _, im := range images {
		path := filepath.Join(dir, im.Name+".jpg")
		if _, err := os.Stat(path); err == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			img := paintLead(im.Seed, palettes[im.Palette%len(palettes)], leadWidth, leadHeight)
			errs <- writeFile(path, func(f *os.File) error { return jpeg.Encode(f, img, &jpeg.Options{Quality: 82}) })
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes through a temporary file so a crash never leaves half
// an image at the final path.
func writeFile(path string, encode func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := encode(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

var (
	boldOnce sync.Once
	boldFont *opentype.Font
	boldErr  error
)

// avatarColours are gradient pairs for avatars.
var avatarColours = [][2]string{
	{"#0f4c75", "#3282b8"}, {"#6a0572", "#ab83a1"}, {"#1b512d", "#69b578"}, {"#8c2f39", "#e4576e"},
	{"#2d3142", "#4f5d75"}, {"#b5651d", "#f2a65a"}, {"#005f73", "#0a9396"}, {"#3d405b", "#e07a5f"},
}

// writeAvatar paints the person's initials on a gradient disc and saves it
// as <mediaDir>/demo/<name>.png, returning its URL. An existing file is kept.
func writeAvatar(mediaDir, name, person string, seed uint64) (string, error) {
	dir := filepath.Join(mediaDir, "demo")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("create demo image folder: %w", err)
	}
	url := URLPrefix + name + ".png"
	path := filepath.Join(dir, name+".png")
	if _, err := os.Stat(path); err == nil {
		return url, nil
	}
	img, err := paintAvatar(person, seed)
	if err != nil {
		return "", err
	}
	return url, writeFile(path, func(f *os.File) error {
		return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(f, img)
	})
}

func paintAvatar(person string, seed uint64) (*image.RGBA, error) {
	boldOnce.Do(func() { boldFont, boldErr = opentype.Parse(gobold.TTF) })
	if boldErr != nil {
		return nil, fmt.Errorf("parse font: %w", boldErr)
	}
	pair := avatarColours[seed%uint64(len(avatarColours))]
	a, b := hexColor(pair[0]), hexColor(pair[1])
	n := avatarSize
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	c := float64(n) / 2
	white := hexColor("#ffffff")
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			d := math.Sqrt(dx*dx + dy*dy)
			// Diagonal gradient, lit from the top left, on an antialiased disc.
			col := mix(b, a, (float64(x)+float64(y))/float64(2*n))
			col = mix(col, white, 0.18*math.Exp(-((dx+c*0.4)*(dx+c*0.4)+(dy+c*0.4)*(dy+c*0.4))/(c*c*0.5)))
			alpha := clamp01(c - d)
			o := y*img.Stride + x*4
			// Premultiplied alpha, as image.RGBA stores it.
			img.Pix[o] = uint8(col.r * alpha)
			img.Pix[o+1] = uint8(col.g * alpha)
			img.Pix[o+2] = uint8(col.b * alpha)
			img.Pix[o+3] = uint8(255 * alpha)
		}
	}
	face, err := opentype.NewFace(boldFont, &opentype.FaceOptions{Size: 150, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("font face: %w", err)
	}
	defer face.Close()
	text := initials(person)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.NRGBA{255, 255, 255, 235}), Face: face}
	width := d.MeasureString(text)
	m := face.Metrics()
	capHeight := m.Ascent.Round() * 7 / 10 // Go Bold's capitals sit near 70% of the ascent
	d.Dot = fixed.Point26_6{X: fixed.I(n/2) - width/2, Y: fixed.I(n/2 + capHeight/2)}
	d.DrawString(text)
	return img, nil
}

// initials returns the upper-case first letters of the first and last words.
func initials(name string) string {
	words := strings.Fields(name)
	out := ""
	for i, w := range words {
		if i == 0 || i == len(words)-1 {
			for _, r := range w {
				out += string(unicode.ToUpper(r))
				break
			}
		}
	}
	return out
}

// LogoURL is where the demo's logo is served.
const LogoURL = URLPrefix + "logo.png"

// logoHeight is the nameplate's height in pixels: twice the masthead's
// tallest (3.5rem), so it stays sharp on dense screens.
const logoHeight = 120

// writeLogo paints the demo paper's nameplate into <mediaDir>/demo/logo.png
// (kept if present) and returns its URL.
func writeLogo(mediaDir, title, accent string) (string, error) {
	dir := filepath.Join(mediaDir, "demo")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("create demo image folder: %w", err)
	}
	path := filepath.Join(dir, "logo.png")
	if _, err := os.Stat(path); err == nil {
		return LogoURL, nil
	}
	img, err := paintLogo(title, accent)
	if err != nil {
		return "", err
	}
	return LogoURL, writeFile(path, func(f *os.File) error { return png.Encode(f, img) })
}

// paintLogo paints a nameplate: the title in white capitals on a rounded
// plate of the accent colour, after an emblem of three river waves. The
// plate carries its own background, so the logo reads on the site's light
// and dark pages alike.
func paintLogo(title, accent string) (*image.RGBA, error) {
	boldOnce.Do(func() { boldFont, boldErr = opentype.Parse(gobold.TTF) })
	if boldErr != nil {
		return nil, fmt.Errorf("parse font: %w", boldErr)
	}
	h := logoHeight
	face, err := opentype.NewFace(boldFont, &opentype.FaceOptions{Size: float64(h) * 0.44, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("font face: %w", err)
	}
	defer face.Close()
	text := strings.ToUpper(title)
	// Letter-spacing, as nameplates set capitals.
	track := fixed.I(h / 30)
	d := &font.Drawer{Face: face}
	width := fixed.Int26_6(0)
	for _, r := range text {
		adv, _ := face.GlyphAdvance(r)
		width += adv + track
	}
	width -= track
	pad, emblem := h/4, h*3/4
	w := pad + emblem + pad*2/3 + width.Ceil() + pad

	img := image.NewRGBA(image.Rect(0, 0, w, h))
	plate, white := hexColor(accent), hexColor("#ffffff")
	radius := float64(h) * 0.16
	// The three waves of the emblem: sines across a square left of the
	// text, drawn as antialiased bands by distance to the curve.
	ex0, ey0, es := float64(pad), float64(h-emblem)/2, float64(emblem)
	wave := func(x, y float64) float64 {
		best := 1e9
		for i := 0; i < 3; i++ {
			cy := ey0 + es*(0.28+0.22*float64(i))
			fx := (x - ex0) / es
			if fx < 0 || fx > 1 {
				continue
			}
			curve := cy + es*0.07*math.Sin(fx*2*math.Pi*1.5)
			if dist := math.Abs(y - curve); dist < best {
				best = dist
			}
		}
		return clamp01(es*0.055 - best + 0.5)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			// Rounded corners: distance from the corner circle's centre.
			cx := math.Max(radius-fx, math.Max(0, fx-(float64(w)-radius)))
			cy := math.Max(radius-fy, math.Max(0, fy-(float64(h)-radius)))
			alpha := 1.0
			if cx > 0 && cy > 0 {
				alpha = clamp01(radius - math.Sqrt(cx*cx+cy*cy) + 0.5)
			}
			// A little light from above, as printed plates catch it.
			c := mix(plate, white, 0.1*(1-fy/float64(h)))
			c = mix(c, white, wave(fx, fy))
			o := y*img.Stride + x*4
			img.Pix[o] = uint8(c.r * alpha)
			img.Pix[o+1] = uint8(c.g * alpha)
			img.Pix[o+2] = uint8(c.b * alpha)
			img.Pix[o+3] = uint8(255 * alpha)
		}
	}
	d.Dst, d.Src = img, image.NewUniform(color.White)
	m := face.Metrics()
	capHeight := m.Ascent.Round() * 7 / 10
	d.Dot = fixed.Point26_6{X: fixed.I(pad + emblem + pad*2/3), Y: fixed.I(h/2 + capHeight/2)}
	for _, r := range text {
		d.DrawString(string(r))
		d.Dot.X += track
	}
	return img, nil
}
