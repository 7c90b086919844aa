package media

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// Metadata is removed from the file's own bytes, without decoding pixels:
// the picture a reader sees is exactly the one uploaded, and a file with
// nothing to remove comes back byte for byte.

// errStructure is a file whose blocks the strippers cannot follow; uploads
// answer it as damaged.
var errStructure = errors.New("unreadable file structure")

// strip returns data without metadata, for an image of type typ.
func strip(typ string, data []byte) ([]byte, error) {
	switch typ {
	case TypeJPEG:
		return stripJPEG(data)
	case TypePNG:
		return stripPNG(data)
	case TypeGIF:
		return stripGIF(data)
	case TypeWebP:
		return stripWebP(data)
	}
	return nil, errStructure
}

// stripJPEG keeps the markers a decoder needs and the entropy-coded data
// as they are. It drops EXIF and XMP (APP1), Photoshop and IPTC (APP13),
// comments, every other APPn segment except JFIF (APP0, without its
// thumbnail), ICC profiles (APP2) and Adobe's colour transform flag
// (APP14), and anything after the end-of-image marker (Multi-Picture
// previews, motion-photo videos).
func stripJPEG(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, errStructure
	}
	out := make([]byte, 0, len(b))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for {
		if i+1 >= len(b) || b[i] != 0xFF {
			return nil, errStructure
		}
		for i+1 < len(b) && b[i+1] == 0xFF { // fill bytes before a marker
			i++
		}
		if i+1 >= len(b) {
			return nil, errStructure
		}
		m := b[i+1]
		switch {
		case m == 0xD9: // end of image
			return append(out, 0xFF, 0xD9), nil
		case m == 0x01 || m >= 0xD0 && m <= 0xD7: // markers without a length
			out = append(out, b[i:i+2]...)
			i += 2
			continue
		}
		if i+4 > len(b) {
			return nil, errStructure
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, errStructure
		}
		seg := b[i : i+2+n]
		out = append(out, keepJPEGSegment(m, seg)...)
		i += 2 + n
		if m != 0xDA { // not a start of scan
			continue
		}
		// Entropy-coded data runs to the next marker other than a
		// stuffed 0xFF00 or a restart marker.
		j := i
		for {
			if j+1 >= len(b) {
				return nil, errStructure
			}
			if b[j] == 0xFF {
				if next := b[j+1]; next != 0 && next != 0xFF && (next < 0xD0 || next > 0xD7) {
					break
				}
			}
			j++
		}
		out = append(out, b[i:j]...)
		i = j
	}
}

// keepJPEGSegment returns the part of a marker segment to keep: all of it,
// none, or a JFIF header without its thumbnail.
func keepJPEGSegment(marker byte, seg []byte) []byte {
	payload := seg[4:]
	switch {
	case marker == 0xE0:
		if !bytes.HasPrefix(payload, []byte("JFIF\x00")) || len(payload) < 14 {
			return nil
		}
		if payload[12] == 0 && payload[13] == 0 {
			return seg
		}
		// A thumbnail can show what the picture was before cropping.
		head := append([]byte{}, seg[:4+14]...)
		binary.BigEndian.PutUint16(head[2:], 16)
		head[4+12], head[4+13] = 0, 0
		return head
	case marker == 0xE2:
		if bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00")) {
			return seg
		}
		return nil
	case marker == 0xEE:
		if bytes.HasPrefix(payload, []byte("Adobe")) {
			return seg
		}
		return nil
	case marker >= 0xE0 && marker <= 0xEF, marker == 0xFE: // other APPn, comments
		return nil
	}
	return seg
}

// pngKeep lists the ancillary chunks that change how a PNG looks (colour,
// transparency, physical size, animation); every other ancillary chunk,
// tEXt, zTXt, iTXt, eXIf and tIME among them, is dropped. Critical chunks
// (upper-case first letter) are always kept.
var pngKeep = map[string]bool{
	"tRNS": true, "cHRM": true, "gAMA": true, "iCCP": true, "sBIT": true, "sRGB": true, "cICP": true,
	"mDCV": true, "cLLI": true, "bKGD": true, "hIST": true, "pHYs": true, "sPLT": true,
	"acTL": true, "fcTL": true, "fdAT": true,
}

// stripPNG drops metadata chunks and anything after IEND.
func stripPNG(b []byte) ([]byte, error) {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(b, []byte(sig)) {
		return nil, errStructure
	}
	out := make([]byte, 0, len(b))
	out = append(out, sig...)
	err := pngChunks(b, func(typ string, chunk []byte) bool {
		if typ[0]&0x20 == 0 || pngKeep[typ] {
			out = append(out, chunk...)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pngChunks calls fn with each chunk's type and whole bytes (length, type,
// data, CRC) up to and including IEND, until fn returns false.
func pngChunks(b []byte, fn func(typ string, chunk []byte) bool) error {
	i := 8
	for {
		if i+12 > len(b) {
			return errStructure
		}
		n := int64(binary.BigEndian.Uint32(b[i:]))
		end := int64(i) + 12 + n
		if end > int64(len(b)) {
			return errStructure
		}
		typ := string(b[i+4 : i+8])
		if !fn(typ, b[i:end]) || typ == "IEND" {
			return nil
		}
		i = int(end)
	}
}

// pngOrientation reads the EXIF orientation of a PNG's eXIf chunk (1 when
// there is none), which browsers apply.
func pngOrientation(b []byte) int {
	o := 1
	pngChunks(b, func(typ string, chunk []byte) bool {
		if typ == "eXIf" {
			o = tiffOrientation(chunk[8 : len(chunk)-4])
			return false
		}
		return typ != "IDAT"
	})
	return o
}

// stripGIF drops comments and application extensions other than looping
// (NETSCAPE2.0, ANIMEXTS1.0) and ICC profiles, which is where XMP and
// editors' data live, and anything after the trailer.
func stripGIF(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	err := gifBlocks(b, func(kind byte, block []byte) bool {
		if kind != 0xFE && (kind != 0xFF || keepGIFApp(block)) {
			out = append(out, block...)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func keepGIFApp(block []byte) bool {
	// 0x21 0xFF, then a sub-block of 11 bytes: identifier and code.
	if len(block) < 14 || block[2] != 11 {
		return false
	}
	switch string(block[3:14]) {
	case "NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012":
		return true
	}
	return false
}

// gifFirstFrame returns a GIF with only the first frame of an animation,
// cut from its bytes: header, the blocks up to the first image, the
// trailer. The looping extension goes, as a still picture has no loop.
func gifFirstFrame(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	err := gifBlocks(b, func(kind byte, block []byte) bool {
		switch {
		case kind == 0x3B:
			return false
		case kind == 0xFF && len(block) >= 14 && (string(block[3:14]) == "NETSCAPE2.0" || string(block[3:14]) == "ANIMEXTS1.0"):
			return true
		}
		out = append(out, block...)
		return kind != 0x2C
	})
	if err != nil {
		return nil, err
	}
	return append(out, 0x3B), nil
}

// gifFrames walks a GIF's blocks without decoding pixels and returns how
// many frames it has and their total area. ok is false for a structure
// it cannot follow.
func gifFrames(b []byte) (frames int, pixels int64, ok bool) {
	err := gifBlocks(b, func(kind byte, block []byte) bool {
		if kind == 0x2C {
			w := int64(block[5]) | int64(block[6])<<8
			h := int64(block[7]) | int64(block[8])<<8
			frames++
			pixels += w * h
		}
		return true
	})
	return frames, pixels, err == nil
}

// gifBlocks calls fn with each part of a GIF and its bytes: the header
// with the logical screen and global colour table (kind 0), extensions
// (kind = their label: 0xF9 graphic control, 0xFE comment, 0xFF
// application, 0x01 plain text), images (0x2C, descriptor to last
// sub-block) and the trailer (0x3B). It stops at the trailer or when fn
// returns false.
func gifBlocks(b []byte, fn func(kind byte, block []byte) bool) error {
	if len(b) < 13 || !bytes.HasPrefix(b, []byte("GIF8")) {
		return errStructure
	}
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (int(b[10]&7) + 1)
	}
	if i > len(b) {
		return errStructure
	}
	if !fn(0, b[:i]) {
		return nil
	}
	subBlocks := func(j int) (int, bool) {
		for j < len(b) {
			n := int(b[j])
			j++
			if n == 0 {
				return j, true
			}
			j += n
		}
		return j, false
	}
	for i < len(b) {
		start := i
		var kind byte
		switch b[i] {
		case 0x21: // extension: label, then sub-blocks
			if i+2 > len(b) {
				return errStructure
			}
			kind = b[i+1]
			end, ok := subBlocks(i + 2)
			if !ok {
				return errStructure
			}
			i = end
		case 0x2C: // image descriptor, local colour table, LZW data
			if i+11 > len(b) {
				return errStructure
			}
			kind = 0x2C
			flags := b[i+9]
			j := i + 10
			if flags&0x80 != 0 {
				j += 3 << (int(flags&7) + 1)
			}
			end, ok := subBlocks(j + 1) // after the LZW minimum code size
			if !ok {
				return errStructure
			}
			i = end
		case 0x3B:
			fn(0x3B, b[i:i+1])
			return nil
		default:
			return errStructure
		}
		if !fn(kind, b[start:i]) {
			return nil
		}
	}
	return errStructure
}

// webpKeep lists the RIFF chunks that make up the picture; EXIF, XMP and
// unknown chunks are dropped.
var webpKeep = map[string]bool{"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true, "ANIM": true, "ANMF": true, "ICCP": true}

// stripWebP drops EXIF and XMP chunks, clears their flags in the VP8X
// header and fixes the RIFF size.
func stripWebP(b []byte) ([]byte, error) {
	out := make([]byte, 12, len(b))
	err := webpChunks(b, func(fourcc string, chunk []byte) {
		if !webpKeep[fourcc] {
			return
		}
		start := len(out)
		out = append(out, chunk...)
		if fourcc == "VP8X" && len(chunk) > 8 {
			out[start+8] &^= 0x08 | 0x04 // EXIF and XMP present
		}
	})
	if err != nil {
		return nil, err
	}
	copy(out, b[:12])
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}

// webpChunks calls fn with each RIFF chunk of a WebP file: its FourCC and
// bytes (header, data and padding to an even size).
func webpChunks(b []byte, fn func(fourcc string, chunk []byte)) error {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return errStructure
	}
	size := int64(binary.LittleEndian.Uint32(b[4:]))
	if size < 4 || 8+size > int64(len(b)) {
		return errStructure
	}
	body := b[12 : 8+size]
	for i := 0; i < len(body); {
		if i+8 > len(body) {
			return errStructure
		}
		n := int64(binary.LittleEndian.Uint32(body[i+4:]))
		end := int64(i) + 8 + n + n&1
		if end == int64(len(body))+1 && n&1 == 1 {
			end-- // the last chunk's pad byte missing, as some encoders write it
		}
		if end > int64(len(body)) {
			return errStructure
		}
		fn(string(body[i:i+4]), body[i:end])
		i = int(end)
	}
	return nil
}
