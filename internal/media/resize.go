package media

import (
	"image"
	"image/draw"
	"math"
)

// Resizing works row by row from the decoded picture, so no full-size
// copy of it is ever made: the memory beyond the decoded form is the
// first halving (a quarter of the pixels at 4 bytes each) and the
// variants themselves.

// rows reads a picture one row at a time as premultiplied 8-bit RGBA.
type rows struct {
	src  image.Image
	rgba *image.RGBA // src, when rows can be sliced out of it directly
	w, h int
	min  image.Point
}

func newRows(img image.Image) *rows {
	b := img.Bounds()
	r := &rows{src: img, w: b.Dx(), h: b.Dy(), min: b.Min}
	if m, ok := img.(*image.RGBA); ok {
		r.rgba = m
	}
	return r
}

// read returns row y (0-based) as 4*w bytes: a slice of the picture, or
// buf filled in (buf must hold 4*w bytes).
func (r *rows) read(y int, buf []uint8) []uint8 {
	if r.rgba != nil {
		off := r.rgba.PixOffset(r.min.X, r.min.Y+y)
		return r.rgba.Pix[off : off+4*r.w]
	}
	dst := &image.RGBA{Pix: buf, Stride: 4 * r.w, Rect: image.Rect(0, 0, r.w, 1)}
	// image/draw converts YCbCr, NRGBA, Gray, CMYK and others to RGBA
	// on fast paths.
	draw.Draw(dst, dst.Rect, r.src, image.Pt(r.min.X, r.min.Y+y), draw.Src)
	return buf
}

// resize scales img to w x h. It halves with a 2x2 box filter while the
// picture is at least twice too large (exact and cheap), then finishes
// with Catmull-Rom resampling, which stays sharp for the last step.
func resize(img image.Image, w, h int) *image.RGBA {
	src := newRows(img)
	var cur *image.RGBA
	for src.w >= 2*w && src.h >= 2*h {
		cur = halve(src)
		src = newRows(cur)
	}
	if cur != nil && src.w == w && src.h == h {
		return cur
	}
	return scale(src, w, h)
}

// heightFor keeps the ratio of a w0 x h0 picture at width w.
func heightFor(w0, h0, w int) int { return max(1, (h0*w+w0/2)/w0) }

// halve averages each 2x2 block of src (premultiplied, so averaging is
// exact); an odd last row or column is dropped.
func halve(src *rows) *image.RGBA {
	w, h := src.w/2, src.h/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	buf0, buf1 := make([]uint8, 4*src.w), make([]uint8, 4*src.w)
	for y := 0; y < h; y++ {
		r0 := src.read(2*y, buf0)
		r1 := src.read(2*y+1, buf1)
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for i := range d {
			j := i/4*8 + i%4
			d[i] = uint8((uint32(r0[j]) + uint32(r0[j+4]) + uint32(r1[j]) + uint32(r1[j+4]) + 2) / 4)
		}
	}
	return dst
}

// taps are the source positions and weights that make one output
// position: weights[k] applies to source index first+k.
type taps struct {
	first   int
	weights []float32
}

// catmullRom is the Catmull-Rom cubic (support 2).
func catmullRom(t float64) float64 {
	t = math.Abs(t)
	switch {
	case t < 1:
		return 1.5*t*t*t - 2.5*t*t + 1
	case t < 2:
		return -0.5*t*t*t + 2.5*t*t - 4*t + 2
	}
	return 0
}

// filterTaps computes, for each of n outputs from m inputs, the
// Catmull-Rom kernel (widened by the scale when shrinking), cut to the
// picture's edges and normalized.
func filterTaps(m, n int) []taps {
	s := float64(m) / float64(n)
	support := max(s, 1)
	out := make([]taps, n)
	for i := range out {
		center := (float64(i)+0.5)*s - 0.5
		lo := max(0, int(math.Ceil(center-2*support)))
		hi := min(m-1, int(math.Floor(center+2*support)))
		ws := make([]float32, 0, hi-lo+1)
		var sum float64
		for j := lo; j <= hi; j++ {
			v := catmullRom((float64(j) - center) / support)
			ws = append(ws, float32(v))
			sum += v
		}
		for k := range ws {
			ws[k] /= float32(sum)
		}
		out[i] = taps{first: lo, weights: ws}
	}
	return out
}

// scale resamples src to w x h with a separable Catmull-Rom filter,
// keeping only the few horizontally filtered rows the current output row
// needs (the x/image kernels keep w x src-height of them, hundreds of MB
// for a tall picture).
func scale(src *rows, w, h int) *image.RGBA {
	xs, ys := filterTaps(src.w, w), filterTaps(src.h, h)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	raw := make([]uint8, 4*src.w)
	filtered := map[int][]float32{} // horizontally filtered rows, by source y
	var spare [][]float32
	next := 0 // the next source row to read
	acc := make([]float32, 4*w)
	for y := 0; y < h; y++ {
		t := ys[y]
		for sy := range filtered {
			if sy < t.first {
				spare = append(spare, filtered[sy])
				delete(filtered, sy)
			}
		}
		for ; next < t.first+len(t.weights); next++ {
			if next < t.first {
				continue
			}
			var row []float32
			if n := len(spare); n > 0 {
				row, spare = spare[n-1], spare[:n-1]
			} else {
				row = make([]float32, 4*w)
			}
			hfilter(row, src.read(next, raw), xs)
			filtered[next] = row
		}
		clear(acc)
		for k, wt := range t.weights {
			row := filtered[t.first+k]
			for i := range acc {
				acc[i] += wt * row[i]
			}
		}
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for i := 0; i < len(d); i += 4 {
			// Premultiplied: colour may not exceed alpha; the filter's
			// negative lobes may overshoot either way.
			a := clamp8(acc[i+3], 255)
			d[i+0] = clamp8(acc[i+0], a)
			d[i+1] = clamp8(acc[i+1], a)
			d[i+2] = clamp8(acc[i+2], a)
			d[i+3] = a
		}
	}
	return dst
}

// hfilter resamples one RGBA row into out (4 floats an output pixel).
func hfilter(out []float32, in []uint8, xs []taps) {
	for x, t := range xs {
		var r, g, b, a float32
		p := in[4*t.first:]
		for k, wt := range t.weights {
			r += wt * float32(p[4*k])
			g += wt * float32(p[4*k+1])
			b += wt * float32(p[4*k+2])
			a += wt * float32(p[4*k+3])
		}
		out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = r, g, b, a
	}
}

func clamp8(v float32, hi uint8) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= float32(hi):
		return hi
	}
	return uint8(v + 0.5)
}

// orient returns img turned upright according to an EXIF orientation, so
// the picture still stands the right way once the tag is stripped. The
// upright copy keeps the decoded form (a JPEG's YCbCr planes, a PNG's
// pixel format), so it takes the decoded size again, no more.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dr := image.Rect(0, 0, w, h)
	if o >= 5 {
		dr = image.Rect(0, 0, h, w)
	}
	switch m := img.(type) {
	case *image.YCbCr:
		if ratio, ok := turnedRatio(m.SubsampleRatio, o); ok && b.Min == (image.Point{}) {
			dst := image.NewYCbCr(dr, ratio)
			turn(dst.Y, dst.YStride, m.Y, m.YStride, w, h, 1, o)
			cw, ch := chromaSize(m.SubsampleRatio, w, h)
			turn(dst.Cb, dst.CStride, m.Cb, m.CStride, cw, ch, 1, o)
			turn(dst.Cr, dst.CStride, m.Cr, m.CStride, cw, ch, 1, o)
			return dst
		}
	case *image.Gray:
		dst := image.NewGray(dr)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 1, o)
		return dst
	case *image.Gray16:
		dst := image.NewGray16(dr)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 2, o)
		return dst
	case *image.Paletted:
		dst := image.NewPaletted(dr, m.Palette)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 1, o)
		return dst
	case *image.NRGBA:
		dst := image.NewNRGBA(dr)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 4, o)
		return dst
	case *image.RGBA:
		dst := image.NewRGBA(dr)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 4, o)
		return dst
	case *image.NRGBA64:
		dst := image.NewNRGBA64(dr)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 8, o)
		return dst
	case *image.RGBA64:
		dst := image.NewRGBA64(dr)
		turn(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 8, o)
		return dst
	}
	// Anything else (CMYK, unusual subsampling) is read row by row into RGBA.
	src := newRows(img)
	dst := image.NewRGBA(dr)
	buf := make([]uint8, 4*w)
	for sy := 0; sy < h; sy++ {
		row := src.read(sy, buf)
		for sx := 0; sx < w; sx++ {
			x, y := place(o, sx, sy, w, h)
			di := y*dst.Stride + x*4
			copy(dst.Pix[di:di+4], row[4*sx:4*sx+4])
		}
	}
	return dst
}

// turn copies the w x h plane src (stride sstride, size bytes a pixel)
// into dst turned by orientation o.
func turn(dst []uint8, dstride int, src []uint8, sstride, w, h, size, o int) {
	for sy := 0; sy < h; sy++ {
		row := src[sy*sstride : sy*sstride+w*size]
		for sx := 0; sx < w; sx++ {
			x, y := place(o, sx, sy, w, h)
			copy(dst[y*dstride+x*size:], row[sx*size:sx*size+size])
		}
	}
}

// place is where the stored pixel (sx, sy) of a w x h picture goes once
// turned upright by orientation o.
func place(o, sx, sy, w, h int) (x, y int) {
	switch o {
	case 2: // mirrored
		return w - 1 - sx, sy
	case 3: // upside down
		return w - 1 - sx, h - 1 - sy
	case 4: // mirrored upside down
		return sx, h - 1 - sy
	case 5: // transposed
		return sy, sx
	case 6: // needs a quarter turn clockwise
		return h - 1 - sy, sx
	case 7: // transversed
		return h - 1 - sy, w - 1 - sx
	case 8: // needs a quarter turn anticlockwise
		return sy, w - 1 - sx
	}
	return sx, sy
}

// turnedRatio is the chroma subsampling of a YCbCr picture once turned:
// a quarter turn swaps horizontal and vertical. Ratios without a swapped
// counterpart in package image are not turned in place.
func turnedRatio(r image.YCbCrSubsampleRatio, o int) (image.YCbCrSubsampleRatio, bool) {
	if o < 5 {
		return r, true
	}
	switch r {
	case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio420:
		return r, true
	case image.YCbCrSubsampleRatio422:
		return image.YCbCrSubsampleRatio440, true
	case image.YCbCrSubsampleRatio440:
		return image.YCbCrSubsampleRatio422, true
	}
	return r, false
}

// chromaSize is the size of a chroma plane of a w x h picture at the origin.
func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}
