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
		if c, ok := jpegCost(data); ok {
			return c
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

// jpegCost reads the frame header: components, their sampling factors and
// whether the JPEG is progressive.
func jpegCost(b []byte) (int64, bool) {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 0, false
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
			return 0, false // no frame header before the scan
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 0, false
		}
		seg := b[i+4 : i+2+n]
		// SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			return sofCost(seg, m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE)
		}
		i += 2 + n
	}
	return 0, false
}

func sofCost(seg []byte, progressive bool) (int64, bool) {
	if len(seg) < 6 {
		return 0, false
	}
	h := int64(binary.BigEndian.Uint16(seg[1:]))
	w := int64(binary.BigEndian.Uint16(seg[3:]))
	nc := int(seg[5])
	if nc < 1 || len(seg) < 6+3*nc {
		return 0, false
	}
	hmax, vmax := int64(1), int64(1)
	for c := 0; c < nc; c++ {
		hv := seg[6+3*c+1]
		hmax, vmax = max(hmax, int64(hv>>4)), max(vmax, int64(hv&15))
	}
	// Go allocates whole MCUs: 8x8 blocks times the sampling factors.
	mcuX, mcuY := (w+8*hmax-1)/(8*hmax), (h+8*vmax-1)/(8*vmax)
	var samples int64
	for c := 0; c < nc; c++ {
		hv := seg[6+3*c+1]
		samples += 64 * int64(hv>>4) * int64(hv&15) * mcuX * mcuY
	}
	if nc == 1 {
		samples = 64 * ((w + 7) / 8) * ((h + 7) / 8)
	}
	cost := samples
	if progressive {
		cost += 4 * samples // an int32 coefficient per sample, kept to the end
	}
	if nc == 4 {
		cost += 4 * w * h // converted to CMYK at the end
	}
	return cost, true
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
