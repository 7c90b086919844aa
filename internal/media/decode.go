package media

import "encoding/binary"

// decodeCost estimates the memory, in bytes, that decoding data (of type
// typ, w x h pixels) takes in Go's decoders: width x height x bytes per
// pixel of the decoded form, read from the header before any pixel is
// decoded. Pixel counts alone miss what matters: a 16-bit RGBA PNG takes
// 8 bytes a pixel where a JPEG photo takes 1.5, and a progressive JPEG
// keeps 4 more bytes a sample of coefficients while it decodes.
func decodeCost(typ string, data []byte, w, h int) int64 {
	px := int64(w) * int64(h)
	switch typ {
	case TypeJPEG:
		if f, ok := readJPEGFrame(data); ok {
			return f.cost()
		}
		return 8 * px // unknown frame layout: the most a JPEG can take
	case TypePNG:
		return pngCost(data, px)
	case TypeGIF:
		return px // one byte a pixel, first frame only
	case TypeWebP:
		return webpCost(data, px)
	}
	return 8 * px
}

// jpegFrame is what a JPEG's frame header says about its decoded form.
type jpegFrame struct {
	w, h        int64
	sampling    [][2]int64 // horizontal and vertical factors of each component
	progressive bool
}

// readJPEGFrame finds the frame header (SOF0 to SOF15).
func readJPEGFrame(b []byte) (jpegFrame, bool) {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return jpegFrame{}, false
		}
		m := b[i+1]
		if m == 0xFF {
			i++
			continue
		}
		if m == 0xD8 || m == 0x01 || m >= 0xD0 && m <= 0xD7 {
			i += 2
			continue
		}
		if m == 0xD9 || m == 0xDA {
			return jpegFrame{}, false // no frame header before the scan
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return jpegFrame{}, false
		}
		seg := b[i+4 : i+2+n]
		// SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			if len(seg) < 6 || seg[5] < 1 || len(seg) < 6+3*int(seg[5]) {
				return jpegFrame{}, false
			}
			f := jpegFrame{
				h:           int64(binary.BigEndian.Uint16(seg[1:])),
				w:           int64(binary.BigEndian.Uint16(seg[3:])),
				progressive: m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE,
			}
			for c := 0; c < int(seg[5]); c++ {
				hv := seg[6+3*c+1]
				f.sampling = append(f.sampling, [2]int64{int64(hv >> 4), int64(hv & 15)})
			}
			return f, true
		}
		i += 2 + n
	}
	return jpegFrame{}, false
}

// samples is the size of the decoded planes: Go allocates whole MCUs,
// 8x8 blocks times each component's sampling factors.
func (f jpegFrame) samples() int64 {
	if len(f.sampling) == 1 {
		return 64 * ((f.w + 7) / 8) * ((f.h + 7) / 8)
	}
	hmax, vmax := int64(1), int64(1)
	for _, s := range f.sampling {
		hmax, vmax = max(hmax, s[0]), max(vmax, s[1])
	}
	mcuX, mcuY := (f.w+8*hmax-1)/(8*hmax), (f.h+8*vmax-1)/(8*vmax)
	var n int64
	for _, s := range f.sampling {
		n += 64 * s[0] * s[1] * mcuX * mcuY
	}
	return n
}

// cost adds what decoding keeps besides the planes: an int32 coefficient
// per sample of a progressive JPEG, the CMYK conversion of a 4-component one.
func (f jpegFrame) cost() int64 {
	n := f.samples()
	cost := n
	if f.progressive {
		cost += 4 * n
	}
	if len(f.sampling) == 4 {
		cost += 4 * f.w * f.h
	}
	return cost
}

// turnsInPlace reports whether orient can turn the decoded picture plane
// by plane (grey, or YCbCr 4:4:4, 4:2:2, 4:4:0 or 4:2:0).
func (f jpegFrame) turnsInPlace() bool {
	switch len(f.sampling) {
	case 1:
		return true
	case 3:
		y, cb, cr := f.sampling[0], f.sampling[1], f.sampling[2]
		return cb == [2]int64{1, 1} && cr == [2]int64{1, 1} && y[0] <= 2 && y[1] <= 2
	}
	return false
}

// uprightCost estimates the memory of the upright copy orient makes of a
// decoded picture: the decoded planes again for JPEGs and PNGs, RGBA (4
// bytes a pixel) for the rest.
func uprightCost(typ string, data []byte, w, h int) int64 {
	px := int64(w) * int64(h)
	switch typ {
	case TypeJPEG:
		if f, ok := readJPEGFrame(data); ok && f.turnsInPlace() {
			return f.samples()
		}
	case TypePNG:
		return pngCost(data, px)
	}
	return 4 * px
}

// pngCost follows Go's PNG decoder: 8-bit colour becomes RGBA or NRGBA (4
// bytes a pixel), 16-bit colour 8, grey 1 or 2 unless a tRNS chunk makes
// it NRGBA, palettes 1. Interlaced images are decoded pass by pass and
// then merged: twice the memory.
func pngCost(b []byte, px int64) int64 {
	if len(b) < 29 {
		return 8 * px
	}
	depth, colour, interlaced := b[24], b[25], b[28] == 1
	trns := false
	pngChunks(b, func(typ string, _ []byte) bool {
		trns = trns || typ == "tRNS"
		return typ != "IDAT"
	})
	var bpp int64
	switch colour {
	case 0: // grey
		switch {
		case depth == 16 && trns:
			bpp = 8
		case depth == 16:
			bpp = 2
		case trns:
			bpp = 4
		default:
			bpp = 1
		}
	case 3: // palette
		bpp = 1
	default: // RGB, grey with alpha, RGBA
		bpp = 4
		if depth == 16 {
			bpp = 8
		}
	}
	if interlaced {
		bpp *= 2
	}
	return bpp * px
}

// webpCost: lossy VP8 decodes to 4:2:0 YCbCr (1.5 bytes a pixel, 2 with
// macroblock padding), plus an alpha plane that may itself be a lossless
// bitstream (7 in all); lossless VP8L to NRGBA with a working copy (8).
func webpCost(b []byte, px int64) int64 {
	var lossy, lossless, alpha bool
	if webpChunks(b, func(fourcc string, _ []byte) {
		lossy = lossy || fourcc == "VP8 "
		lossless = lossless || fourcc == "VP8L"
		alpha = alpha || fourcc == "ALPH"
	}) != nil {
		return 8 * px
	}
	switch {
	case lossless:
		return 8 * px
	case lossy && alpha:
		return 7 * px
	case lossy:
		return 2 * px
	}
	return 8 * px
}
